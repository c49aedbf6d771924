import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  decideSlashOrder,
  isIsoDate,
  isoToUs,
  itemDateToString,
  parseItemDate,
  readCommonItemDate,
  santiagoToday,
  slashDateEvidence,
  usToIso,
} from '@/lib/dates';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Real calendar days 1900-01-01 … 2100-12-31, as UTC parts (no time zone involved). */
const dayArb = fc
  .date({
    min: new Date(Date.UTC(1900, 0, 1)),
    max: new Date(Date.UTC(2100, 11, 31, 23, 59, 59)),
    noInvalidDate: true,
  })
  .map((d) => ({
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
  }));

const isoOf = ({ year, month, day }: { year: number; month: number; day: number }) =>
  `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
const usOf = ({ year, month, day }: { year: number; month: number; day: number }) =>
  `${pad(month)}/${pad(day)}/${pad(year, 4)}`;

describe('isIsoDate', () => {
  it('accepts real dates, leap days included', () => {
    expect(isIsoDate('2019-11-14')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2024-12-31')).toBe(true);
  });

  it('rejects impossible dates and other forms', () => {
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2024-02-30')).toBe(false);
    expect(isIsoDate('2024-04-31')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-00-10')).toBe(false);
    expect(isIsoDate('2024-01-00')).toBe(false);
    expect(isIsoDate('2024-1-5')).toBe(false);
    expect(isIsoDate('11/14/2019')).toBe(false);
    expect(isIsoDate('2019-11-14T00:00')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });

  it('agrees with the calendar for any year/month/day triple', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const d = new Date(Date.UTC(year, month - 1, day));
          const real =
            month >= 1 &&
            day >= 1 &&
            d.getUTCFullYear() === year &&
            d.getUTCMonth() === month - 1 &&
            d.getUTCDate() === day;
          expect(isIsoDate(isoOf({ year, month, day }))).toBe(real);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('isoToUs / usToIso', () => {
  it('converts the published example dates', () => {
    expect(isoToUs('2019-11-14')).toBe('11/14/2019');
    expect(isoToUs('2025-11-05')).toBe('11/05/2025');
    expect(usToIso('11/14/2019')).toBe('2019-11-14');
    expect(usToIso('11/05/2025')).toBe('2025-11-05');
  });

  it('round-trips every real date from 1900 to 2100', () => {
    fc.assert(
      fc.property(dayArb, (parts) => {
        const iso = isoOf(parts);
        const us = isoToUs(iso);
        expect(us).toBe(usOf(parts));
        expect(usToIso(us ?? '')).toBe(iso);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts 02/29 only in leap years', () => {
    expect(usToIso('02/29/2024')).toBe('2024-02-29');
    expect(usToIso('02/29/2000')).toBe('2000-02-29');
    expect(usToIso('02/29/2023')).toBeNull();
    expect(usToIso('02/29/2100')).toBeNull();
  });

  it('rejects impossible dates', () => {
    expect(usToIso('02/30/2024')).toBeNull();
    expect(usToIso('13/01/2024')).toBeNull();
    expect(usToIso('00/10/2024')).toBeNull();
    expect(usToIso('04/31/2024')).toBeNull();
    expect(usToIso('01/00/2024')).toBeNull();
    expect(usToIso('01/32/2024')).toBeNull();
  });

  it('rejects anything but the strict MM/DD/YYYY wire form', () => {
    expect(usToIso('1/2/2024')).toBeNull();
    expect(usToIso('01/2/2024')).toBeNull();
    expect(usToIso('2024-01-02')).toBeNull();
    expect(usToIso('01/02/24')).toBeNull();
    expect(usToIso('01-02-2024')).toBeNull();
    expect(usToIso(' 01/02/2024')).toBeNull();
    expect(usToIso('01/02/2024 10:00')).toBeNull();
    expect(usToIso('')).toBeNull();
  });

  it('isoToUs rejects what is not a real ISO date', () => {
    expect(isoToUs('2024-02-30')).toBeNull();
    expect(isoToUs('2023-02-29')).toBeNull();
    expect(isoToUs('2024-1-2')).toBeNull();
    expect(isoToUs('01/02/2024')).toBeNull();
    expect(isoToUs('')).toBeNull();
  });
});

describe('parseItemDate', () => {
  it('reads US slash dates, with and without a time', () => {
    expect(parseItemDate('11/14/2019')).toEqual({ date: '2019-11-14', time: null });
    expect(parseItemDate('11/14/2019 09:05')).toEqual({ date: '2019-11-14', time: '09:05' });
    expect(parseItemDate('11/14/2019 9:05')).toEqual({ date: '2019-11-14', time: '09:05' });
    expect(parseItemDate('11/14/2019 09:05:59')).toEqual({ date: '2019-11-14', time: '09:05' });
    expect(parseItemDate('1/2/2024')).toEqual({ date: '2024-01-02', time: null });
    expect(parseItemDate('  11/14/2019  ')).toEqual({ date: '2019-11-14', time: null });
  });

  it('reads ISO dates and local ISO date-times as given', () => {
    expect(parseItemDate('2019-11-14')).toEqual({ date: '2019-11-14', time: null });
    expect(parseItemDate('2019-11-14T09:05:00')).toEqual({ date: '2019-11-14', time: '09:05' });
    expect(parseItemDate('2019-11-14 09:05')).toEqual({ date: '2019-11-14', time: '09:05' });
    expect(parseItemDate('2019-11-14T23:59:59.999')).toEqual({
      date: '2019-11-14',
      time: '23:59',
    });
  });

  it('converts instants (Z or offset) to Santiago wall time, UTC−3 in summer', () => {
    expect(parseItemDate('2024-01-15T12:00:00Z')).toEqual({ date: '2024-01-15', time: '09:00' });
    expect(parseItemDate('2024-01-15T12:00Z')).toEqual({ date: '2024-01-15', time: '09:00' });
    expect(parseItemDate('2024-01-15T12:00:00.500Z')).toEqual({
      date: '2024-01-15',
      time: '09:00',
    });
    expect(parseItemDate('2024-01-15T12:00:00-03:00')).toEqual({
      date: '2024-01-15',
      time: '12:00',
    });
    // The wall date moves back a day when the instant is early in the UTC day.
    expect(parseItemDate('2024-01-15T02:00:00Z')).toEqual({ date: '2024-01-14', time: '23:00' });
  });

  it('converts instants to Santiago wall time, UTC−4 in winter', () => {
    expect(parseItemDate('2024-07-15T12:00:00Z')).toEqual({ date: '2024-07-15', time: '08:00' });
    expect(parseItemDate('2024-07-15T03:30:00Z')).toEqual({ date: '2024-07-14', time: '23:30' });
  });

  it('reads every ISO 8601 offset spelling: ±HH:mm, ±HHmm, ±HH', () => {
    const expected = { date: '2024-01-15', time: '06:00' };
    expect(parseItemDate('2024-01-15T12:00:00+03:00')).toEqual(expected);
    expect(parseItemDate('2024-01-15T12:00:00+0300')).toEqual(expected);
    expect(parseItemDate('2024-01-15T12:00:00+03')).toEqual(expected);
    expect(parseItemDate('2024-01-15 12:00:00+03:00')).toEqual(expected);
    expect(parseItemDate('2024-01-15T12:00:00-0530')).toEqual({
      date: '2024-01-15',
      time: '14:30',
    });
  });

  it('reads ambiguous slash dates in the order it is told', () => {
    expect(parseItemDate('05/03/2024')).toEqual({ date: '2024-05-03', time: null });
    expect(parseItemDate('05/03/2024', 'mdy')).toEqual({ date: '2024-05-03', time: null });
    expect(parseItemDate('05/03/2024', 'dmy')).toEqual({ date: '2024-03-05', time: null });
    expect(parseItemDate('31/12/2024 18:30', 'dmy')).toEqual({
      date: '2024-12-31',
      time: '18:30',
    });
    expect(parseItemDate('31/12/2024', 'mdy')).toBeNull();
    expect(parseItemDate('12/31/2024', 'dmy')).toBeNull();
  });

  it('does not apply the slash order to ISO dates', () => {
    expect(parseItemDate('2024-05-03', 'dmy')).toEqual({ date: '2024-05-03', time: null });
  });

  it('rejects impossible dates and times', () => {
    expect(parseItemDate('02/30/2024')).toBeNull();
    expect(parseItemDate('02/29/2023')).toBeNull();
    expect(parseItemDate('2023-02-29')).toBeNull();
    expect(parseItemDate('2024-13-01')).toBeNull();
    expect(parseItemDate('11/14/2019 25:00')).toBeNull();
    expect(parseItemDate('11/14/2019 24:00')).toBeNull();
    expect(parseItemDate('11/14/2019 09:60')).toBeNull();
    expect(parseItemDate('2019-11-14T25:00:00')).toBeNull();
    expect(parseItemDate('2019-11-14T25:00:00Z')).toBeNull();
    expect(parseItemDate('2019-11-14T12:00:75')).toBeNull();
    expect(parseItemDate('11/14/2019 12:00:75')).toBeNull();
  });

  it('returns null for garbage and non-strings', () => {
    for (const value of [
      '',
      '   ',
      'hola',
      'ayer',
      '2019/11/14',
      '14-11-2019',
      '2019-11-14T',
      '2019-11-14Z',
      '11/14/19',
      '11/14/2019 9',
      20191114,
      1573700000000,
      Number.NaN,
      null,
      undefined,
      true,
      {},
      [],
      new Date('2019-11-14T00:00:00Z'),
    ]) {
      expect(parseItemDate(value)).toBeNull();
    }
  });

  it('reads every real date in both wire forms to the same ISO date', () => {
    fc.assert(
      fc.property(dayArb, (parts) => {
        const iso = isoOf(parts);
        expect(parseItemDate(usOf(parts))).toEqual({ date: iso, time: null });
        expect(parseItemDate(iso)).toEqual({ date: iso, time: null });
        const dayFirst = `${pad(parts.day)}/${pad(parts.month)}/${parts.year}`;
        expect(parseItemDate(dayFirst, 'dmy')).toEqual({ date: iso, time: null });
      }),
    );
  });
});

describe('itemDateToString', () => {
  it('writes the date alone or date and time', () => {
    expect(itemDateToString({ date: '2019-11-14', time: null })).toBe('2019-11-14');
    expect(itemDateToString({ date: '2019-11-14', time: '09:05' })).toBe('2019-11-14T09:05');
  });
});

describe('slashDateEvidence', () => {
  it('tells the order when one part can only be a day', () => {
    expect(slashDateEvidence('13/05/2024')).toBe('dmy');
    expect(slashDateEvidence('31/12/2024 10:00')).toBe('dmy');
    expect(slashDateEvidence('05/13/2024')).toBe('mdy');
    expect(slashDateEvidence('11/14/2019')).toBe('mdy');
  });

  it('says nothing for ambiguous, impossible-either-way or non-slash values', () => {
    expect(slashDateEvidence('05/03/2024')).toBeNull();
    expect(slashDateEvidence('12/12/2024')).toBeNull();
    expect(slashDateEvidence('13/13/2024')).toBeNull();
    expect(slashDateEvidence('2024-05-13')).toBeNull();
    expect(slashDateEvidence('hola')).toBeNull();
    expect(slashDateEvidence(13)).toBeNull();
    expect(slashDateEvidence(null)).toBeNull();
  });
});

describe('decideSlashOrder', () => {
  it('defaults to month first with no evidence', () => {
    expect(decideSlashOrder([])).toEqual({
      order: 'mdy',
      evidence: 'none',
      monthFirstVotes: 0,
      dayFirstVotes: 0,
    });
    expect(decideSlashOrder(['05/03/2024', '01/02/2024', null, 'x', '2024-12-31'])).toEqual({
      order: 'mdy',
      evidence: 'none',
      monthFirstVotes: 0,
      dayFirstVotes: 0,
    });
  });

  it('follows day-first evidence', () => {
    expect(decideSlashOrder(['05/03/2024', '13/05/2024', '25/12/2023'])).toEqual({
      order: 'dmy',
      evidence: 'dmy',
      monthFirstVotes: 0,
      dayFirstVotes: 2,
    });
  });

  it('follows month-first evidence', () => {
    expect(decideSlashOrder(['05/03/2024', '05/13/2024'])).toEqual({
      order: 'mdy',
      evidence: 'mdy',
      monthFirstVotes: 1,
      dayFirstVotes: 0,
    });
  });

  it('reports a conflict and takes the majority', () => {
    expect(decideSlashOrder(['13/05/2024', '14/05/2024', '05/13/2024'])).toEqual({
      order: 'dmy',
      evidence: 'conflict',
      monthFirstVotes: 1,
      dayFirstVotes: 2,
    });
    expect(decideSlashOrder(['05/13/2024', '05/14/2024', '13/05/2024'])).toEqual({
      order: 'mdy',
      evidence: 'conflict',
      monthFirstVotes: 2,
      dayFirstVotes: 1,
    });
  });

  it('breaks a tie towards month first', () => {
    expect(decideSlashOrder(['13/05/2024', '05/13/2024'])).toMatchObject({
      order: 'mdy',
      evidence: 'conflict',
    });
  });

  it('reads any iterable, e.g. a generator over pages', () => {
    function* values() {
      yield '13/05/2024';
      yield '14/06/2024';
    }
    expect(decideSlashOrder(values())).toMatchObject({ order: 'dmy', dayFirstVotes: 2 });
  });
});

describe('addDays / daysBetween', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2024-01-31', 1)).toBe('2024-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
    expect(addDays('2019-11-14', 0)).toBe('2019-11-14');
  });

  it('is not disturbed by Santiago daylight-saving changes', () => {
    // Santiago left summer time on 2024-04-07 and entered it on 2024-09-08.
    expect(addDays('2024-04-06', 1)).toBe('2024-04-07');
    expect(addDays('2024-04-07', 1)).toBe('2024-04-08');
    expect(addDays('2024-09-07', 1)).toBe('2024-09-08');
    expect(addDays('2024-09-08', 1)).toBe('2024-09-09');
    expect(daysBetween('2024-04-01', '2024-04-10')).toBe(9);
    expect(daysBetween('2024-09-01', '2024-09-10')).toBe(9);
  });

  it('counts whole days, negative backwards', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2023-01-01', '2024-01-01')).toBe(365);
    expect(daysBetween('2025-01-01', '2024-01-01')).toBe(-366);
    expect(daysBetween('2019-11-14', '2019-11-14')).toBe(0);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
  });

  it('addDays and daysBetween agree, and adding back returns the start', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: -5000, max: 5000 }), (parts, n) => {
        const start = isoOf(parts);
        const end = addDays(start, n);
        expect(isIsoDate(end)).toBe(true);
        expect(daysBetween(start, end)).toBe(n);
        expect(addDays(end, -n)).toBe(start);
      }),
    );
  });
});

describe('santiagoToday', () => {
  it('is the Santiago calendar day of the instant, not the UTC one', () => {
    expect(santiagoToday(new Date('2024-01-15T02:59:00Z'))).toBe('2024-01-14');
    expect(santiagoToday(new Date('2024-01-15T03:00:00Z'))).toBe('2024-01-15');
    expect(santiagoToday(new Date('2024-07-15T03:59:00Z'))).toBe('2024-07-14');
    expect(santiagoToday(new Date('2024-07-15T04:00:00Z'))).toBe('2024-07-15');
  });

  it('defaults to now and gives an ISO date', () => {
    const today = santiagoToday();
    expect(isIsoDate(today)).toBe(true);
    expect(Math.abs(daysBetween(new Date().toISOString().slice(0, 10), today))).toBeLessThanOrEqual(
      1,
    );
  });
});

describe('readCommonItemDate (the fast reading of the common forms)', () => {
  /** What the general functions say of a value, in the fast reader's terms. */
  const general = (text: string) => {
    const parsed = parseItemDate(text, 'mdy');
    return {
      monthFirst: parsed ? itemDateToString(parsed) : null,
      vote: slashDateEvidence(text),
      slashed: /^\s*\d{1,2}\/\d{1,2}\//.test(text),
    };
  };
  const two = fc.integer({ min: 0, max: 99 }).map((n) => pad(n));
  const four = fc.integer({ min: 0, max: 9999 }).map((n) => pad(n, 4));
  // Every part over its whole two- or four-digit range: impossible dates and times included.
  const slashDates = fc
    .tuple(two, two, four, fc.option(fc.tuple(fc.constantFrom(' ', 'T'), two, two)))
    .map(([a, b, year, time]) =>
      time ? `${a}/${b}/${year}${time[0]}${time[1]}:${time[2]}` : `${a}/${b}/${year}`,
    );
  const isoDates = fc.tuple(four, two, two).map(([y, m, d]) => `${y}-${m}-${d}`);

  it('agrees with parseItemDate and slashDateEvidence on every value of its forms', () => {
    fc.assert(
      fc.property(fc.oneof(slashDates, isoDates), (text) => {
        expect(readCommonItemDate(text)).toEqual(general(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves every other form to the general parser, and never disagrees with it', () => {
    for (const text of [
      '1/2/2020',
      ' 01/02/2020',
      '01/02/2020 ',
      '2020-01-02T10:00',
      '01-02-2020',
      'x',
    ]) {
      expect(readCommonItemDate(text)).toBeUndefined();
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 18 }), (text) => {
        const fast = readCommonItemDate(text);
        if (fast !== undefined) expect(fast).toEqual(general(text));
      }),
    );
  });

  it('reads the forms the API sends', () => {
    expect(readCommonItemDate('12/13/2020 14:58')).toEqual({
      monthFirst: '2020-12-13T14:58',
      vote: 'mdy',
      slashed: true,
    });
    expect(readCommonItemDate('2021-01-24')).toEqual({
      monthFirst: '2021-01-24',
      vote: null,
      slashed: false,
    });
    expect(readCommonItemDate('02/30/2021')?.monthFirst).toBeNull();
    expect(readCommonItemDate('01/02/2020 24:00')?.monthFirst).toBeNull();
  });
});
