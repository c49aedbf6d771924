import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type QuickRange, quickRanges } from '@/features/search/quick-ranges';
import { daysBetween, isIsoDate } from '@/lib/dates';

const byId = (today: string) => {
  const ranges = quickRanges(today);
  const get = (id: QuickRange['id']) => {
    const range = ranges.find((r) => r.id === id);
    if (!range) throw new Error(`no range ${id}`);
    return { from: range.from, to: range.to };
  };
  return get;
};

/** Days covered, both ends included. */
const inclusiveDays = ({ from, to }: { from: string; to: string }) => daysBetween(from, to) + 1;

describe('quickRanges', () => {
  it('offers the four ranges in order, with Spanish labels, all ending today', () => {
    const ranges = quickRanges('2024-03-15');
    expect(ranges.map((r) => [r.id, r.label])).toEqual([
      ['last-30-days', 'Últimos 30 días'],
      ['this-year', 'Este año'],
      ['last-12-months', 'Últimos 12 meses'],
      ['since-2019', 'Desde 2019'],
    ]);
    for (const range of ranges) expect(range.to).toBe('2024-03-15');
  });

  it('computes each range for a mid-March day of a leap year', () => {
    const get = byId('2024-03-15');
    expect(get('last-30-days')).toEqual({ from: '2024-02-15', to: '2024-03-15' });
    expect(get('this-year')).toEqual({ from: '2024-01-01', to: '2024-03-15' });
    expect(get('last-12-months')).toEqual({ from: '2023-03-16', to: '2024-03-15' });
    expect(get('since-2019')).toEqual({ from: '2019-01-01', to: '2024-03-15' });
  });

  it('counts the last 30 days with today included', () => {
    expect(inclusiveDays(byId('2024-03-15')('last-30-days'))).toBe(30);
    // Across the new year.
    expect(byId('2024-01-10')('last-30-days')).toEqual({ from: '2023-12-12', to: '2024-01-10' });
  });

  it('on 1 January "this year" is that single day', () => {
    expect(byId('2025-01-01')('this-year')).toEqual({ from: '2025-01-01', to: '2025-01-01' });
  });

  it('on a leap day the last 12 months start on 1 March of the year before', () => {
    // 29 Feb 2023 does not exist; the range must still be a real date and not overlap.
    expect(byId('2024-02-29')('last-12-months')).toEqual({ from: '2023-03-01', to: '2024-02-29' });
    expect(byId('2024-02-29')('last-30-days')).toEqual({ from: '2024-01-31', to: '2024-02-29' });
  });

  it('on the day after a leap day the last 12 months start on 2 March', () => {
    expect(byId('2025-03-01')('last-12-months')).toEqual({ from: '2024-03-02', to: '2025-03-01' });
    expect(byId('2025-02-28')('last-12-months')).toEqual({ from: '2024-02-29', to: '2025-02-28' });
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
        const ranges = quickRanges(today);
        for (const range of ranges) {
          expect(isIsoDate(range.from), range.id).toBe(true);
          expect(range.from <= range.to, range.id).toBe(true);
          expect(range.to).toBe(today);
        }
        const get = byId(today);
        expect(inclusiveDays(get('last-30-days'))).toBe(30);
        const year = inclusiveDays(get('last-12-months'));
        expect(year === 365 || year === 366).toBe(true);
        // Starts the day after today's date a year ago: twelve months, not a day more.
        const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
        expect(get('last-12-months').from > yearAgo).toBe(true);
        expect(get('this-year').from).toBe(`${today.slice(0, 4)}-01-01`);
      }),
      { numRuns: 300 },
    );
  });
});
