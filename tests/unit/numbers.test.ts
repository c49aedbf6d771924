import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumeric, readNumberInput } from '@/lib/numbers';

describe('parseNumeric', () => {
  it('passes finite numbers through', () => {
    expect(parseNumeric(1234)).toBe(1234);
    expect(parseNumeric(-1234)).toBe(-1234);
    expect(parseNumeric(0)).toBe(0);
    expect(parseNumeric(1.5)).toBe(1.5);
  });

  it('reads plain numeric strings', () => {
    expect(parseNumeric('1234')).toBe(1234);
    expect(parseNumeric('-1234')).toBe(-1234);
    expect(parseNumeric('+1234')).toBe(1234);
    expect(parseNumeric(' 42 ')).toBe(42);
    expect(parseNumeric('0')).toBe(0);
    expect(parseNumeric('007')).toBe(7);
  });

  it('reads a plain decimal with a point', () => {
    expect(parseNumeric('1.5')).toBe(1.5);
    expect(parseNumeric('-0.25')).toBe(-0.25);
  });

  it('reads es-CL thousands grouping, with or without a peso sign', () => {
    expect(parseNumeric('1.234.567')).toBe(1_234_567);
    expect(parseNumeric('$1.234.567')).toBe(1_234_567);
    expect(parseNumeric('$ 1.234.567')).toBe(1_234_567);
    expect(parseNumeric('-1.234.567')).toBe(-1_234_567);
    expect(parseNumeric('-$1.234.567')).toBe(-1_234_567);
    expect(parseNumeric(' 12.345.678.901 ')).toBe(12_345_678_901);
  });

  it('rejects malformed grouping', () => {
    expect(parseNumeric('1.23.456')).toBeNull();
    expect(parseNumeric('1234.567.890')).toBeNull();
    expect(parseNumeric('1.234.56')).toBeNull();
    expect(parseNumeric('.123')).toBeNull();
    expect(parseNumeric('1.')).toBeNull();
  });

  it('returns null for anything that is not a finite number', () => {
    for (const value of [
      '',
      '   ',
      'abc',
      '12abc',
      '1,5',
      '1e3',
      '0x10',
      'Infinity',
      'NaN',
      '--1',
      '$',
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      null,
      undefined,
      true,
      {},
      [],
      [1],
      10n,
    ]) {
      expect(parseNumeric(value)).toBeNull();
    }
  });

  it('reads back any safe integer written plainly or with es-CL grouping', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (n) => {
        expect(parseNumeric(String(n))).toBe(n);
        expect(parseNumeric(n)).toBe(n);
        const grouped = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
        // A single group ("1.234") reads as a plain decimal, so only test two groups or more.
        fc.pre(grouped.split('.').length > 2);
        const sign = n < 0 ? '-' : '';
        expect(parseNumeric(`${sign}${grouped}`)).toBe(n);
        expect(parseNumeric(`${sign}$${grouped}`)).toBe(n);
      }),
    );
  });
});

describe('readNumberInput', () => {
  const read = (text: string, decimals = false) => readNumberInput(text, { decimals });
  const value = (text: string, decimals = false) => {
    const result = read(text, decimals);
    return result.kind === 'number' ? result.value : result.kind;
  };

  it('reads what a person types in Chile', () => {
    expect(value('1000000')).toBe(1_000_000);
    expect(value('1.000.000')).toBe(1_000_000);
    expect(value('1.000')).toBe(1000);
    expect(value('$1.000.000')).toBe(1_000_000);
    expect(value('$ 1.000.000')).toBe(1_000_000);
    expect(value(' 250 ')).toBe(250);
    expect(value('-1.500')).toBe(-1500);
    expect(value('-$1.500')).toBe(-1500);
    expect(value('$-1.500')).toBe(-1500);
    expect(value('0')).toBe(0);
    expect(value('-0')).toBe(0);
  });

  it('reads a decimal comma only where decimals apply', () => {
    expect(value('1,5', true)).toBe(1.5);
    expect(value('1.234,25', true)).toBe(1234.25);
    expect(value('1,5')).toBe('invalid');
  });

  it('is empty for blank text', () => {
    expect(read('')).toEqual({ kind: 'empty' });
    expect(read('   ')).toEqual({ kind: 'empty' });
  });

  it('rejects what it cannot read, keeping the text to name it', () => {
    expect(read(' 1.00.0 ')).toEqual({ kind: 'invalid', text: '1.00.0' });
    for (const text of [
      '1.5',
      '1.0000',
      '1.000.00',
      '1,000,000',
      '1,5,3',
      '.5',
      ',5',
      '1.',
      '1,',
      '$',
      '--1',
      '-$-1',
      '1e6',
      'abc',
      '12abc',
      '1 000',
    ]) {
      expect(read(text, true)).toEqual({ kind: 'invalid', text });
    }
  });

  it('reads back any safe integer written as es-CL formats it', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (n) => {
        const grouped = new Intl.NumberFormat('es-CL', { useGrouping: 'always' }).format(n);
        expect(value(grouped)).toBe(n);
        expect(value(String(n))).toBe(n);
      }),
    );
  });
});
