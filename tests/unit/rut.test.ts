import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeDv,
  formatRut,
  parseRut,
  type Rut,
  rutFromParts,
  rutWithHyphen,
  toWireRut,
} from '@/lib/rut';

/**
 * Reference check digit in a different form from the module's: the classic series that
 * walks the number from its last digit with weights 9, 8, 7, 6, 5, 4 (repeating) and
 * keeps a running remainder starting at 1; remainder 0 means K, otherwise remainder − 1.
 */
function referenceDv(body: number): string {
  let rest = 1;
  let position = 0;
  for (let n = body; n > 0; n = Math.floor(n / 10)) {
    rest = (rest + (n % 10) * (9 - (position % 6))) % 11;
    position++;
  }
  return rest === 0 ? 'K' : String(rest - 1);
}

const DV_CHARS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'K'];

const bodyArb = fc.integer({ min: 1_000_000, max: 99_999_999 });

function expectRut(input: string, rut: Rut, hadDv: boolean) {
  expect(parseRut(input)).toEqual({ ok: true, rut, hadDv });
}

function expectError(input: string, error: string) {
  const result = parseRut(input);
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.error).toBe(error);
    expect(result.message.length).toBeGreaterThan(0);
  }
}

describe('referenceDv (the test oracle itself)', () => {
  it('gives the check digits worked out by hand', () => {
    // 76999999: 9·2+9·3+9·4+9·5+9·6+9·7+6·2+7·3 = 276; 276 mod 11 = 1; 11 − 1 = 10 → K.
    expect(referenceDv(76_999_999)).toBe('K');
    // 12345678: 8·2+7·3+6·4+5·5+4·6+3·7+2·2+1·3 = 138; 138 mod 11 = 6; 11 − 6 = 5.
    expect(referenceDv(12_345_678)).toBe('5');
    // 1000013: 3·2+1·3+1·2 = 11; 11 mod 11 = 0 → 11 → 0.
    expect(referenceDv(1_000_013)).toBe('0');
  });
});

describe('computeDv', () => {
  it('computes known check digits (each worked out by hand)', () => {
    expect(computeDv('76999999')).toBe('K');
    expect(computeDv('12345678')).toBe('5');
    expect(computeDv('1000013')).toBe('0');
    // 7699999: 9·2+9·3+9·4+9·5+9·6+6·7+7·2 = 236; 236 mod 11 = 5; 11 − 5 = 6.
    expect(computeDv('7699999')).toBe('6');
    // 96505760: 0·2+6·3+7·4+5·5+0·6+5·7+6·2+9·3 = 145; 145 mod 11 = 2; 11 − 2 = 9.
    expect(computeDv('96505760')).toBe('9');
    // 96800570: 0·2+7·3+5·4+0·5+0·6+8·7+6·2+9·3 = 136; 136 mod 11 = 4; 11 − 4 = 7.
    expect(computeDv('96800570')).toBe('7');
    // 11111111: 2+3+4+5+6+7+2+3 = 32; 32 mod 11 = 10; 11 − 10 = 1.
    expect(computeDv('11111111')).toBe('1');
  });

  it('always answers one of 0–9 or K', () => {
    fc.assert(
      fc.property(bodyArb, (body) => {
        expect(DV_CHARS).toContain(computeDv(String(body)));
      }),
    );
  });

  it('agrees with the independent reference computation', () => {
    fc.assert(
      fc.property(bodyArb, (body) => {
        expect(computeDv(String(body))).toBe(referenceDv(body));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseRut: known spellings', () => {
  const rut = { body: '76999999', dv: 'K' };

  it.each([
    '76.999.999-K',
    '76.999.999-k',
    '76999999-K',
    '76999999-k',
    '76999999K',
    '76999999k',
    ' 76 999 999-K ',
    '76.999.999K',
  ])('reads %j as 76.999.999-K with its check digit', (input) => {
    expectRut(input, rut, true);
  });

  it('reads a bare body as a body without check digit and computes the DV', () => {
    expectRut('76999999', rut, false);
    expectRut(' 76.999.999 ', rut, false);
  });

  it('reads a 7-digit body too', () => {
    expectRut('7699999', { body: '7699999', dv: '6' }, false);
    expectRut('7.699.999-6', { body: '7699999', dv: '6' }, true);
  });

  it('accepts real-world RUTs with a numeric or zero check digit', () => {
    expectRut('96.505.760-9', { body: '96505760', dv: '9' }, true);
    expectRut('96800570-7', { body: '96800570', dv: '7' }, true);
    expectRut('12.345.678-5', { body: '12345678', dv: '5' }, true);
    expectRut('1.000.013-0', { body: '1000013', dv: '0' }, true);
  });

  it('drops leading zeros of the body', () => {
    expectRut('076.999.999-K', rut, true);
  });

  it('rejects a wrong check digit', () => {
    expectError('76999999-1', 'check-digit');
    expectError('76.999.999-0', 'check-digit');
    expectError('96505760-8', 'check-digit');
    expectError('7699999-K', 'check-digit');
  });

  it('rejects empty input', () => {
    expectError('', 'empty');
    expectError('   ', 'empty');
    expectError(' . . ', 'empty');
  });

  it('rejects text that is not a RUT', () => {
    expectError('abc', 'format');
    expectError('76-999', 'format');
    expectError('76999999-KK', 'format');
    expectError('76999999-', 'format');
    expectError('-K', 'format');
    expectError('76999999-X', 'format');
    expectError('76,999,999-K', 'format');
  });

  it('rejects bodies shorter than 7 or longer than 8 digits', () => {
    expectError('123456', 'length');
    expectError('123.456-0', 'length');
    expectError('123456789', 'length');
    expectError('123.456.789-K', 'length');
  });

  it('gives a Spanish message with each error', () => {
    const result = parseRut('76999999-1');
    expect(result).toMatchObject({ ok: false, error: 'check-digit' });
    if (!result.ok) expect(result.message).toMatch(/dígito verificador/);
  });
});

describe('formatting', () => {
  const rut = { body: '76999999', dv: 'K' };

  it('formats with dots and hyphen', () => {
    expect(formatRut(rut)).toBe('76.999.999-K');
    expect(formatRut({ body: '7699999', dv: '6' })).toBe('7.699.999-6');
    expect(formatRut({ body: '1000013', dv: '0' })).toBe('1.000.013-0');
  });

  it('writes body-hyphen-DV', () => {
    expect(rutWithHyphen(rut)).toBe('76999999-K');
  });

  it('writes the wire form with or without the check digit', () => {
    expect(toWireRut(rut, false)).toBe('76999999');
    expect(toWireRut(rut, true)).toBe('76999999K');
    expect(toWireRut({ body: '96505760', dv: '9' }, true)).toBe('965057609');
  });
});

describe('rutFromParts', () => {
  it('builds a Rut from a body and a separate check digit', () => {
    expect(rutFromParts('76999999', 'k')).toEqual({ body: '76999999', dv: 'K' });
    expect(rutFromParts(' 76.999.999 ', ' K ')).toEqual({ body: '76999999', dv: 'K' });
    expect(rutFromParts(96505760, 9)).toEqual({ body: '96505760', dv: '9' });
  });

  it('computes the check digit when none is given', () => {
    expect(rutFromParts('76999999')).toEqual({ body: '76999999', dv: 'K' });
    expect(rutFromParts('76999999', null)).toEqual({ body: '76999999', dv: 'K' });
    expect(rutFromParts('76999999', '')).toEqual({ body: '76999999', dv: 'K' });
  });

  it('returns null for a body that is not digits', () => {
    expect(rutFromParts('')).toBeNull();
    expect(rutFromParts(null)).toBeNull();
    expect(rutFromParts(undefined)).toBeNull();
    expect(rutFromParts('abc')).toBeNull();
    expect(rutFromParts('76999999-K')).toBeNull();
    expect(rutFromParts('1234567890')).toBeNull();
  });
});

describe('parseRut: properties', () => {
  const withDots = (body: string) => body.replace(/\B(?=(\d{3})+(?!\d))/g, '.');

  it('formatRut output parses back to the same Rut', () => {
    fc.assert(
      fc.property(bodyArb, (n) => {
        const body = String(n);
        const rut = { body, dv: referenceDv(n) };
        const parsed = parseRut(formatRut(rut));
        expect(parsed).toEqual({ ok: true, rut, hadDv: true });
        if (parsed.ok) expect(formatRut(parsed.rut)).toBe(formatRut(rut));
      }),
    );
  });

  it('every spelling of the same RUT parses to the same Rut', () => {
    fc.assert(
      fc.property(
        bodyArb,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (n, dots, hyphen, lower, spaces) => {
          const body = String(n);
          const dv = referenceDv(n);
          let text = dots ? withDots(body) : body;
          // Without a hyphen a numeric DV would just lengthen the body (digits only are
          // read as a bare body), so the hyphen may only be left out before K.
          text += hyphen || dv !== 'K' ? '-' : '';
          text += lower ? dv.toLowerCase() : dv;
          if (spaces) text = `  ${text} `;
          expect(parseRut(text)).toEqual({ ok: true, rut: { body, dv }, hadDv: true });
        },
      ),
    );
  });

  it('a bare body (with or without dots) parses with the computed DV and hadDv false', () => {
    fc.assert(
      fc.property(bodyArb, fc.boolean(), (n, dots) => {
        const body = String(n);
        const text = dots ? withDots(body) : body;
        expect(parseRut(text)).toEqual({
          ok: true,
          rut: { body, dv: referenceDv(n) },
          hadDv: false,
        });
      }),
    );
  });

  it('any other check digit is rejected', () => {
    fc.assert(
      fc.property(bodyArb, fc.constantFrom(...DV_CHARS), fc.boolean(), (n, wrong, dots) => {
        fc.pre(wrong !== referenceDv(n));
        const body = String(n);
        const result = parseRut(`${dots ? withDots(body) : body}-${wrong}`);
        expect(result).toMatchObject({ ok: false, error: 'check-digit' });
      }),
    );
  });
});
