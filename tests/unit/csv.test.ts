import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CSV_BOM,
  type CsvCell,
  csvCell,
  csvDateTime,
  csvLine,
  neutralizeFormula,
  toCsv,
} from '@/lib/csv';
import { parseCsv } from '../support/fixtures/csv';

const FORMULA_CHARS = ['=', '+', '-', '@', '\t', '\r'];

/** What a cell must read back as: numbers plain, text with one apostrophe before formulas. */
function expectedText(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  return FORMULA_CHARS.some((c) => cell.startsWith(c)) ? `'${cell}` : cell;
}

const SEPARATORS = [';', ','] as const;

describe('csvCell: quoting', () => {
  it.each(SEPARATORS)(
    'quotes a field holding the separator %s and leaves the other bare',
    (sep) => {
      const other = sep === ';' ? ',' : ';';
      expect(csvCell(`Monto${sep} período`, sep)).toBe(`"Monto${sep} período"`);
      expect(csvCell(`Monto${other} período`, sep)).toBe(`Monto${other} período`);
    },
  );

  it.each(SEPARATORS)('doubles quotes and wraps the field (separator %s)', (sep) => {
    expect(csvCell('tramo "Alto Jahuel – Polpaico"', sep)).toBe(
      '"tramo ""Alto Jahuel – Polpaico"""',
    );
    expect(csvCell('"', sep)).toBe('""""');
  });

  it.each(SEPARATORS)(
    'quotes line feeds and carriage returns inside text (separator %s)',
    (sep) => {
      expect(csvCell('línea 1\nlínea 2', sep)).toBe('"línea 1\nlínea 2"');
      expect(csvCell('línea 1\r\nlínea 2', sep)).toBe('"línea 1\r\nlínea 2"');
      expect(csvCell('fin\r', sep)).toBe('"fin\r"');
    },
  );

  it('leaves plain text, accents and ñ alone', () => {
    expect(csvCell('Ñuble: revisión pendiente', ';')).toBe('Ñuble: revisión pendiente');
    expect(csvCell('', ';')).toBe('');
  });

  it('writes nothing for null, undefined and non-finite numbers', () => {
    expect(csvCell(null, ';')).toBe('');
    expect(csvCell(undefined, ',')).toBe('');
    expect(csvCell(Number.NaN, ';')).toBe('');
    expect(csvCell(Number.POSITIVE_INFINITY, ';')).toBe('');
  });
});

describe('csvCell: formula neutralization', () => {
  it.each([
    ['=SUMA(A1:A3)', "'=SUMA(A1:A3)"],
    ['+5.000 CLP no reconocidos', "'+5.000 CLP no reconocidos"],
    ['-12% respecto de la instrucción', "'-12% respecto de la instrucción"],
    ['@Coordinador: favor revisar', "'@Coordinador: favor revisar"],
    ['\tcmd', "'\tcmd"],
  ])('prefixes %j with an apostrophe', (text, expected) => {
    expect(csvCell(text, ';')).toBe(expected);
    expect(neutralizeFormula(text)).toBe(expected);
  });

  it('prefixes a leading carriage return, and then quotes the cell', () => {
    expect(neutralizeFormula('\r=1+1')).toBe("'\r=1+1");
    expect(csvCell('\r=1+1', ';')).toBe(`"'\r=1+1"`);
  });

  it('prefixes and quotes when the formula also holds the separator or quotes', () => {
    expect(csvCell('=HYPERLINK("http://x";"y")', ';')).toBe(`"'=HYPERLINK(""http://x"";""y"")"`);
    expect(csvCell('-1,5', ',')).toBe(`"'-1,5"`);
  });

  it('does not touch formula characters after the first one', () => {
    expect(csvCell('a=b', ';')).toBe('a=b');
    expect(csvCell(' =1', ';')).toBe(' =1');
  });

  it('keeps numbers, negatives included, as plain numbers', () => {
    expect(csvCell(-1500, ';')).toBe('-1500');
    expect(csvCell(-1500, ',')).toBe('-1500');
    expect(csvCell(1234568, ';')).toBe('1234568');
    expect(csvCell(0, ';')).toBe('0');
    expect(csvLine(['DC-9999-000001', -1500, 'x'], ';')).toBe('DC-9999-000001;-1500;x');
  });

  it('neutralizes negative amounts that came as text (they are text to a spreadsheet too)', () => {
    expect(csvCell('-1500', ';')).toBe("'-1500");
  });
});

describe('csvLine and toCsv', () => {
  it('joins cells with the separator, empty cells kept', () => {
    expect(csvLine(['a', null, 3, undefined, ''], ';')).toBe('a;;3;;');
    expect(csvLine(['a', 'b,c'], ',')).toBe('a,"b,c"');
    expect(csvLine([], ';')).toBe('');
  });

  it('starts with a BOM, ends every line with CRLF, separator ; by default', () => {
    const text = toCsv(
      ['Caso', 'Monto neto'],
      [
        ['DC-1', -1500],
        ['DC-2', 20],
      ],
    );
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toBe('\uFEFFCaso;Monto neto\r\nDC-1;-1500\r\nDC-2;20\r\n');
  });

  it('writes the header alone when there are no rows', () => {
    expect(toCsv(['Caso'], [], ',')).toBe('\uFEFFCaso\r\n');
  });

  it('reads back through an RFC 4180 parser, for both separators', () => {
    const rows: CsvCell[][] = [
      ['DC-9999-000001', 'Se objeta el monto por "monto incorrecto", período 2025-10.', -1500],
      ['DC-9999-000002', 'Diferencia de energía;\nSe adjunta memoria', 1234568],
      ['DC-9999-000003', '=SUMA(A1:A3) no cuadra', null],
    ];
    for (const sep of SEPARATORS) {
      const parsed = parseCsv(toCsv(['Caso', 'Descripción', 'Monto'], rows, sep).slice(1), sep);
      expect(parsed).toEqual([
        ['Caso', 'Descripción', 'Monto'],
        ['DC-9999-000001', 'Se objeta el monto por "monto incorrecto", período 2025-10.', '-1500'],
        ['DC-9999-000002', 'Diferencia de energía;\nSe adjunta memoria', '1234568'],
        ['DC-9999-000003', "'=SUMA(A1:A3) no cuadra", ''],
      ]);
    }
  });
});

describe('toCsv: property', () => {
  // Text rich in the characters that matter, plus any Unicode at all.
  const tricky = fc.string({
    unit: fc.constantFrom(
      '=',
      '+',
      '-',
      '@',
      '\t',
      '\r',
      '\n',
      '"',
      ';',
      ',',
      "'",
      ' ',
      'a',
      'ñ',
      'é',
      '1',
    ),
    maxLength: 12,
  });
  const cell: fc.Arbitrary<CsvCell> = fc.oneof(
    tricky,
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constant(null),
    fc.constant(undefined),
  );

  it('parses back to the original cells (text with one apostrophe before formulas)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEPARATORS),
        fc.array(tricky, { minLength: 1, maxLength: 5 }),
        fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 6 }),
        (sep, header, rows) => {
          const text = toCsv(header, rows, sep);
          expect(text.startsWith(CSV_BOM)).toBe(true);
          expect(text.endsWith('\r\n')).toBe(true);
          const parsed = parseCsv(text.slice(CSV_BOM.length), sep);
          expect(parsed).toEqual([header, ...rows].map((r) => r.map(expectedText)));
          // Numbers read back as the same numbers.
          rows.forEach((r, i) => {
            r.forEach((c, j) => {
              if (typeof c === 'number') expect(Number(parsed[i + 1]?.[j])).toBe(c + 0);
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('csvDateTime', () => {
  it('writes a date-time with a space, the form Excel in es-CL reads as a date-time', () => {
    expect(csvDateTime('2025-11-05T16:29')).toBe('2025-11-05 16:29');
  });

  it('leaves a bare date and a period as they are', () => {
    expect(csvDateTime('2025-11-05')).toBe('2025-11-05');
    expect(csvDateTime('2025-10')).toBe('2025-10');
  });
});
