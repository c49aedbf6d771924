import { describe, expect, it } from 'vitest';
import { buildViewCsv, csvFileName } from '@/features/export/csv-export';
import { buildRows, type CaseRow } from '@/features/rows/case-rows';
import { applyView, visibleColumns } from '@/features/view/apply-view';
import { columnsFor, type ViewColumn } from '@/features/view/columns';
import { EMPTY_VIEW, type ViewState } from '@/features/view/view-state';
import { type CsvCell, toCsv } from '@/lib/csv';
import { parseCsv } from '../support/fixtures/csv';
import { caseSeries } from '../support/fixtures/items';
import { seedSearch } from '../support/fixtures/requests';
import { parsedPage } from '../support/fixtures/rows';

/** How a cell reads back: numbers plain, formula-like text behind one apostrophe. */
function readBack(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** Distinct cases whose amounts grow with their number. */
const item = caseSeries((n) => ({
  Estado: 'Abierta',
  MontoNeto: 100_000 * n,
  MontoBruto: String(119_000 * n),
}));

const page = parsedPage([
  item({ IdCaso: 'DC-9999-000101', Estado: 'En revisión', MontoNeto: -1500 }),
  item({
    IdCaso: 'DC-9999-000102',
    Descripcion: '=SUMA(A1:A3) no cuadra con el monto instruido',
    MontoNeto: 2_500_000,
    Observacion: 'x; y, "z"',
  }),
  item({
    IdCaso: 'DC-9999-000103',
    Estado: 'Cerrada',
    Descripcion: 'Diferencia de energía en barra Charrúa 500.\nSe adjunta memoria; favor revisar.',
    FechaCreacion: '11/04/2025',
    FechaResolucion: '2025-11-20',
  }),
  item({
    IdCaso: 'DC-9999-000104',
    Descripcion: '@Coordinador: favor revisar, la instrucción está duplicada',
    MontoNeto: null,
    Prioridad: 3,
  }),
  item({
    IdCaso: 'DC-9999-000105',
    Estado: 'En revisión',
    Descripcion: '-12% respecto de la instrucción original; ver "ajuste" v2',
    FechaCreacion: 'sin fecha',
    MontoNeto: 2_500_000,
    Prioridad: 1,
  }),
  item({ IdCaso: 'DC-9999-000106', Estado: 'Rechazada', MontoNeto: 7 }),
  item({ IdCaso: 'DC-9999-000107', Descripcion: '+5.000 CLP no reconocidos', MontoNeto: 10 }),
]);

const built = buildRows([page]);
const COLUMNS = columnsFor(built.unknownFields);

/** The view the user sees: open cases only, by net amount descending. */
const STATE: ViewState = {
  ...EMPTY_VIEW,
  filters: { Estado: { kind: 'multi', values: ['Abierta', 'En revisión'] } },
  sort: [{ id: 'MontoNeto', desc: true }],
};

const expectedBody = (rows: readonly CaseRow[], columns: readonly ViewColumn[]) =>
  rows.map((row) => columns.map((column) => readBack(column.csv(row))));

describe('buildViewCsv', () => {
  it('exports the filtered, sorted view: header = visible labels, cells = column.csv', async () => {
    const rows = applyView(built.rows, COLUMNS, STATE);
    const columns = visibleColumns(COLUMNS, STATE);
    expect(rows.map((r) => r.key)).toEqual([
      'DC-9999-000102',
      'DC-9999-000105',
      'DC-9999-000107',
      'DC-9999-000101',
      'DC-9999-000104',
    ]);
    const text = await buildViewCsv(rows, columns);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.endsWith('\r\n')).toBe(true);
    const parsed = parseCsv(text.slice(1), ';');
    expect(parsed[0]).toEqual(columns.map((c) => c.label));
    expect(parsed[0]).toEqual([
      'Caso',
      'Creación',
      'Estado',
      'Motivo',
      'Acreedor',
      'Monto neto',
      'Período',
      'Descripción',
      'Resolución',
      'Observacion',
      'Prioridad',
    ]);
    expect(parsed.slice(1)).toEqual(expectedBody(rows, columns));
  });

  it('writes unformatted values: ISO dates, plain and negative numbers, formulas neutralized', async () => {
    const rows = applyView(built.rows, COLUMNS, STATE);
    const columns = visibleColumns(COLUMNS, STATE);
    const parsed = parseCsv((await buildViewCsv(rows, columns)).slice(1), ';');
    const cell = (caseId: string, label: string) => {
      const r = parsed.findIndex((record) => record[0] === caseId);
      const c = (parsed[0] as string[]).indexOf(label);
      return parsed[r]?.[c];
    };
    expect(cell('DC-9999-000102', 'Descripción')).toBe(
      "'=SUMA(A1:A3) no cuadra con el monto instruido",
    );
    expect(cell('DC-9999-000104', 'Descripción')).toBe(
      "'@Coordinador: favor revisar, la instrucción está duplicada",
    );
    expect(cell('DC-9999-000105', 'Descripción')).toBe(
      `'-12% respecto de la instrucción original; ver "ajuste" v2`,
    );
    expect(cell('DC-9999-000107', 'Descripción')).toBe("'+5.000 CLP no reconocidos");
    expect(cell('DC-9999-000101', 'Monto neto')).toBe('-1500');
    expect(cell('DC-9999-000102', 'Monto neto')).toBe('2500000');
    expect(cell('DC-9999-000104', 'Monto neto')).toBe('');
    expect(cell('DC-9999-000101', 'Creación')).toBe('2025-11-05 16:29');
    expect(cell('DC-9999-000105', 'Creación')).toBe('sin fecha');
    expect(cell('DC-9999-000102', 'Observacion')).toBe('x; y, "z"');
    expect(cell('DC-9999-000104', 'Prioridad')).toBe('3');
    // The raw file: the negative amount is a bare number, the formula quoted only if needed.
    const text = await buildViewCsv(rows, columns);
    expect(text).toContain(';-1500;');
    expect(text).toContain(";'=SUMA(A1:A3) no cuadra con el monto instruido;");
  });

  it('exports the columns the user chose, in their order, for hidden-by-default ones too', async () => {
    const state: ViewState = {
      ...STATE,
      columns: ['RutAcreedor', 'MontoBruto', 'IdCaso', 'NoExiste', 'FechaCreacion'],
    };
    const rows = applyView(built.rows, COLUMNS, state);
    const columns = visibleColumns(COLUMNS, state);
    const parsed = parseCsv((await buildViewCsv(rows, columns)).slice(1), ';');
    expect(parsed[0]).toEqual(['RUT acreedor', 'Monto bruto', 'Caso', 'Creación']);
    expect(parsed.slice(1)).toEqual(expectedBody(rows, columns));
    expect(parsed[1]).toEqual([
      '76120450-5',
      String(119_000 * 2),
      'DC-9999-000102',
      '2025-11-05 16:29',
    ]);
  });

  it('works with the , separator', async () => {
    const rows = applyView(built.rows, COLUMNS, {
      ...EMPTY_VIEW,
      sort: [{ id: 'IdCaso', desc: true }],
    });
    const columns = visibleColumns(COLUMNS, EMPTY_VIEW);
    const text = await buildViewCsv(rows, columns, ',');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFFCaso,Creación,Estado,Motivo,Acreedor,Monto neto,Período,Descripción,Resolución,Observacion,Prioridad',
    );
    const parsed = parseCsv(text.slice(1), ',');
    expect(parsed).toHaveLength(rows.length + 1);
    expect(parsed.slice(1)).toEqual(expectedBody(rows, columns));
    expect(parsed[1]?.[0]).toBe('DC-9999-000107');
    // Commas inside text are quoted now, semicolons not.
    expect(text).toContain(
      '"Se objeta el monto de la instrucción por ""monto incorrecto"", período 2025-10."',
    );
    expect(text).toContain(',"x; y, ""z""",');
  });

  it('gives the same file whatever the slice size, equal to toCsv of the same cells', async () => {
    const rows = applyView(built.rows, COLUMNS, EMPTY_VIEW);
    const columns = visibleColumns(COLUMNS, EMPTY_VIEW);
    const whole = await buildViewCsv(rows, columns, ';');
    for (const size of [1, 2, 3, 7, 100]) {
      expect(await buildViewCsv(rows, columns, ';', size)).toBe(whole);
    }
    const cells = rows.map((row) => columns.map((c) => c.csv(row)));
    expect(whole).toBe(
      toCsv(
        columns.map((c) => c.label),
        cells,
        ';',
      ),
    );
  });

  it('writes the header alone for an empty view', async () => {
    const columns = visibleColumns(COLUMNS, EMPTY_VIEW);
    const text = await buildViewCsv([], columns, ';');
    expect(text).toBe(`\uFEFF${columns.map((c) => c.label).join(';')}\r\n`);
  });
});

describe('csvFileName', () => {
  it('names the file after the debtor RUT with its check digit and the ISO date range', () => {
    const search = seedSearch();
    expect(csvFileName(search)).toBe('disconformidades_76999999-K_2019-11-14_2025-11-05.csv');
    expect(
      csvFileName({
        ...search,
        rut: { body: '7699999', dv: '6' },
        from: '2024-01-01',
        to: '2024-01-31',
      }),
    ).toBe('disconformidades_7699999-6_2024-01-01_2024-01-31.csv');
  });
});
