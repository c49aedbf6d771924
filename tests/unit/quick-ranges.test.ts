import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeQuickRange,
  isQuickRangeId,
  QUICK_RANGES,
  type QuickRangeId,
  quickRangeDates,
} from '@/features/search/quick-ranges';
import { daysBetween, isIsoDate, santiagoToday } from '@/lib/dates';

const byId = (today: string) => (id: QuickRangeId) => quickRangeDates(id, today);

/** Days covered, both ends included. */
const inclusiveDays = ({ from, to }: { from: string; to: string }) => daysBetween(from, to) + 1;

describe('quickRanges', () => {
  it('offers the four ranges in order, with Spanish labels and URL tokens, all ending today', () => {
    expect(QUICK_RANGES.map((r) => [r.id, r.label])).toEqual([
      ['30d', 'Últimos 30 días'],
      ['anio', 'Este año'],
      ['12m', 'Últimos 12 meses'],
      ['2019', 'Desde 2019'],
    ]);
    for (const range of QUICK_RANGES) {
      expect(quickRangeDates(range.id, '2024-03-15').to).toBe('2024-03-15');
    }
  });

  it('knows its tokens and nothing else', () => {
    for (const token of ['30d', 'anio', '12m', '2019']) expect(isQuickRangeId(token)).toBe(true);
    for (const token of ['', '12M', 'año', '2020', 'last-12-months', '12m ']) {
      expect(isQuickRangeId(token), token).toBe(false);
    }
  });

  it('names the dates it meant, dd-mm-aaaa', () => {
    expect(describeQuickRange('12m', { from: '2024-12-04', to: '2025-12-03' })).toBe(
      'Últimos 12 meses: 04-12-2024 a 03-12-2025',
    );
  });

  it('computes each range for a mid-March day of a leap year', () => {
    const get = byId('2024-03-15');
    expect(get('30d')).toEqual({ from: '2024-02-15', to: '2024-03-15' });
    expect(get('anio')).toEqual({ from: '2024-01-01', to: '2024-03-15' });
    expect(get('12m')).toEqual({ from: '2023-03-16', to: '2024-03-15' });
    expect(get('2019')).toEqual({ from: '2019-01-01', to: '2024-03-15' });
  });

  it('counts the last 30 days with today included', () => {
    expect(inclusiveDays(byId('2024-03-15')('30d'))).toBe(30);
    // Across the new year.
    expect(byId('2024-01-10')('30d')).toEqual({ from: '2023-12-12', to: '2024-01-10' });
  });

  it('on 1 January "this year" is that single day', () => {
    expect(byId('2025-01-01')('anio')).toEqual({ from: '2025-01-01', to: '2025-01-01' });
  });

  it('on a leap day the last 12 months start on 1 March of the year before', () => {
    // 29 Feb 2023 does not exist; the range must still be a real date and not overlap.
    expect(byId('2024-02-29')('12m')).toEqual({ from: '2023-03-01', to: '2024-02-29' });
    expect(byId('2024-02-29')('30d')).toEqual({ from: '2024-01-31', to: '2024-02-29' });
  });

  it('on the day after a leap day the last 12 months start on 2 March', () => {
    expect(byId('2025-03-01')('12m')).toEqual({ from: '2024-03-02', to: '2025-03-01' });
    expect(byId('2025-02-28')('12m')).toEqual({ from: '2024-02-29', to: '2025-02-28' });
  });

  it('always gives real ISO dates, from ≤ to, 30 days and one year at most', () => {
    const todayArb = fc
      .date({
        min: new Date(Date.UTC(2019, 0, 1)),
        max: new Date(Date.UTC(2100, 11, 31)),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(todayArb, (today) => {
        for (const { id } of QUICK_RANGES) {
          const range = quickRangeDates(id, today);
          expect(isIsoDate(range.from), id).toBe(true);
          expect(range.from <= range.to, id).toBe(true);
          expect(range.to).toBe(today);
        }
        const get = byId(today);
        expect(inclusiveDays(get('30d'))).toBe(30);
        const year = inclusiveDays(get('12m'));
        expect(year === 365 || year === 366).toBe(true);
        // Starts the day after today's date a year ago: twelve months, not a day more.
        const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
        expect(get('12m').from > yearAgo).toBe(true);
        expect(get('anio').from).toBe(`${today.slice(0, 4)}-01-01`);
      }),
      { numRuns: 300 },
    );
  });
});

/** The dates a quick range means at the instant `iso`, in Santiago's calendar. */
const rangeAt = (id: QuickRangeId, iso: string) =>
  quickRangeDates(id, santiagoToday(new Date(iso)));

describe('quick ranges at an instant (its day in Santiago)', () => {
  it('a second before and at midnight in Santiago (summer, UTC-3) are two days', () => {
    // 23:59:59 on 3 Dec 2025 in Santiago is 02:59:59Z on 4 Dec.
    expect(rangeAt('12m', '2025-12-04T02:59:59Z')).toEqual({
      from: '2024-12-04',
      to: '2025-12-03',
    });
    expect(rangeAt('12m', '2025-12-04T03:00:00Z')).toEqual({
      from: '2024-12-05',
      to: '2025-12-04',
    });
  });

  it('midnight in winter (UTC-4) too', () => {
    expect(rangeAt('30d', '2025-07-01T03:59:59Z').to).toBe('2025-06-30');
    expect(rangeAt('30d', '2025-07-01T04:00:00Z').to).toBe('2025-07-01');
  });

  it('"Este año" turns at the new year in Santiago, not in UTC', () => {
    // Already 2026 in UTC, still New Year's Eve in Santiago.
    expect(rangeAt('anio', '2026-01-01T02:59:59Z')).toEqual({
      from: '2025-01-01',
      to: '2025-12-31',
    });
    expect(rangeAt('anio', '2026-01-01T03:00:00Z')).toEqual({
      from: '2026-01-01',
      to: '2026-01-01',
    });
    expect(rangeAt('2019', '2026-01-01T03:00:00Z')).toEqual({
      from: '2019-01-01',
      to: '2026-01-01',
    });
  });

  it('the last 12 months across a year boundary', () => {
    expect(rangeAt('12m', '2026-01-01T12:00:00Z')).toEqual({
      from: '2025-01-02',
      to: '2026-01-01',
    });
    expect(rangeAt('30d', '2026-01-01T12:00:00Z')).toEqual({
      from: '2025-12-03',
      to: '2026-01-01',
    });
  });
});
