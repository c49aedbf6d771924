import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAge, formatClp, formatInteger, formatIsoDate, formatList } from '@/lib/format';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('formatInteger', () => {
  it('groups thousands with dots, the Chilean way', () => {
    expect(formatInteger(4575)).toBe('4.575');
    expect(formatInteger(1_234_567)).toBe('1.234.567');
    expect(formatInteger(999)).toBe('999');
    expect(formatInteger(0)).toBe('0');
    expect(formatInteger(-4575)).toBe('-4.575');
  });

  it('rounds to a whole number', () => {
    expect(formatInteger(1_234_567.6)).toBe('1.234.568');
  });
});

describe('formatClp', () => {
  it('writes pesos with a $ and dotted thousands, no decimals', () => {
    expect(formatClp(1_234_568)).toBe('$1.234.568');
    expect(formatClp(4575)).toBe('$4.575');
    expect(formatClp(0)).toBe('$0');
    expect(formatClp(1234.5)).toBe('$1.235');
  });

  it('writes negative amounts with the minus sign first', () => {
    expect(formatClp(-1_234_568)).toBe('-$1.234.568');
    expect(formatClp(-1)).toBe('-$1');
  });

  it('never writes a negative zero', () => {
    expect(formatClp(-0)).toBe('$0');
    expect(formatClp(-0.4)).toBe('$0');
  });

  it('is the integer form behind a $, and a minus before that for negatives', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => {
        const expected = n < 0 ? `-$${formatInteger(-n)}` : `$${formatInteger(n)}`;
        expect(formatClp(n)).toBe(expected);
      }),
    );
  });
});

describe('formatIsoDate', () => {
  it('writes dates day first with hyphens', () => {
    expect(formatIsoDate('2019-11-14')).toBe('14-11-2019');
    expect(formatIsoDate('2024-02-29')).toBe('29-02-2024');
  });

  it('adds the time when there is one', () => {
    expect(formatIsoDate('2019-11-14T09:05')).toBe('14-11-2019 09:05');
  });
});

describe('formatAge', () => {
  it('says less than a minute below one minute', () => {
    expect(formatAge(0)).toBe('hace menos de 1 min');
    expect(formatAge(MINUTE - 1)).toBe('hace menos de 1 min');
  });

  it('counts minutes below one hour', () => {
    expect(formatAge(MINUTE)).toBe('hace 1 min');
    expect(formatAge(12 * MINUTE + 59_000)).toBe('hace 12 min');
    expect(formatAge(HOUR - 1)).toBe('hace 59 min');
  });

  it('counts hours below one day', () => {
    expect(formatAge(HOUR)).toBe('hace 1 h');
    expect(formatAge(3 * HOUR + 59 * MINUTE)).toBe('hace 3 h');
    expect(formatAge(DAY - 1)).toBe('hace 23 h');
  });

  it('counts days, singular for one', () => {
    expect(formatAge(DAY)).toBe('hace 1 día');
    expect(formatAge(2 * DAY - 1)).toBe('hace 1 día');
    expect(formatAge(2 * DAY)).toBe('hace 2 días');
    expect(formatAge(30 * DAY)).toBe('hace 30 días');
  });
});

describe('formatList', () => {
  it('joins with commas and a final «y»', () => {
    expect(formatList([])).toBe('');
    expect(formatList([7])).toBe('7');
    expect(formatList([1, 3])).toBe('1 y 3');
    expect(formatList([1, 3, 8])).toBe('1, 3 y 8');
    expect(formatList(['a', 'b', 'c', 'd'])).toBe('a, b, c y d');
  });
});
