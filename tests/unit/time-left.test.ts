// "quedan ~12 s": the estimate the progress shows once a few pages have come.
import { describe, expect, it } from 'vitest';
import { formatTimeLeft, timeLeftMs } from '@/features/fetching/ui/time-left';

describe('timeLeftMs', () => {
  it('projects the pages left at the pace seen so far', () => {
    // 4 pages in 2 s since the first mark: 0.5 s a page, 20 pages left.
    expect(timeLeftMs({ since: 0, pagesAtSince: 1, now: 2000, pages: 5, pageCount: 25 })).toBe(
      10_000,
    );
  });

  it('says nothing before 3 pages, without a pace, or with nothing left', () => {
    expect(
      timeLeftMs({ since: 0, pagesAtSince: 1, now: 1000, pages: 2, pageCount: 25 }),
    ).toBeNull();
    expect(
      timeLeftMs({ since: 0, pagesAtSince: 3, now: 1000, pages: 3, pageCount: 25 }),
    ).toBeNull();
    expect(
      timeLeftMs({ since: 500, pagesAtSince: 1, now: 500, pages: 4, pageCount: 25 }),
    ).toBeNull();
    expect(
      timeLeftMs({ since: 0, pagesAtSince: 1, now: 1000, pages: 25, pageCount: 25 }),
    ).toBeNull();
  });
});

describe('formatTimeLeft', () => {
  it('rounds up, in seconds, minutes or hours', () => {
    expect(formatTimeLeft(11_200)).toBe('quedan ~12 s');
    expect(formatTimeLeft(200)).toBe('quedan ~1 s');
    expect(formatTimeLeft(59_000)).toBe('quedan ~59 s');
    expect(formatTimeLeft(61_000)).toBe('quedan ~2 min');
    expect(formatTimeLeft(3_600_000)).toBe('quedan ~1 h');
    expect(formatTimeLeft(3_900_000)).toBe('quedan ~1 h 5 min');
  });
});
