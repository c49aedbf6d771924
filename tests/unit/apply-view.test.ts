import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NonconformityItem } from '@/contract/item';
import type { CaseRow } from '@/features/rows/case-rows';
import {
  applyView,
  filterRows,
  searchableText,
  sortRows,
  visibleColumns,
  warmSearchIndex,
} from '@/features/view/apply-view';
import { columnsFor, KNOWN_COLUMNS } from '@/features/view/columns';
import { EMPTY_VIEW, type ViewState } from '@/features/view/view-state';
import { caseSeries } from '../support/fixtures/items';
import { bareRow, rowsOf } from '../support/fixtures/rows';

/** Distinct cases whose texts hold none of the words searched for below. */
const item = caseSeries(() => ({
  Estado: 'Abierta',
  Descripcion: 'Se objeta el monto de la instrucción del cuadro de pago.',
  RazonSocialAcreedor: 'Transmisora del Sur S.A.',
  MontoNeto: 100_000,
  MontoBruto: 119_000,
}));

const view = (partial: Partial<ViewState>): ViewState => ({ ...EMPTY_VIEW, ...partial });
const ids = (rows: readonly CaseRow[]) => rows.map((r) => r.item.IdCaso);

// A small search, in the API's order.
const ROWS = rowsOf([
  item({
    IdCaso: 'A',
    Estado: 'En revisión',
    RazonSocialAcreedor: 'Eléctrica Ñuble S.A.',
    MontoNeto: 1_500_000,
    FechaCreacion: '01/15/2024 09:00',
  }),
  item({
    IdCaso: 'B',
    Estado: 'Cerrada',
    Descripcion: 'Acreedor indica "Ñuble"; la razón social correcta es otra.',
    MontoNeto: -1500,
    FechaCreacion: '03/02/2024',
    FechaResolucion: '2024-04-01',
  }),
  item({
    IdCaso: 'C',
    Estado: 'Abierta',
    Motivo: 'Período incorrecto',
    MontoNeto: null,
    FechaCreacion: '12/31/2024 18:00',
    Observacion: 'revisar con urgencia',
  }),
  item({
    IdCaso: 'D',
    Estado: 'Rechazada',
    Motivo: 'Instrucción duplicada',
    MontoNeto: 9,
    FechaCreacion: '2025-06-01T10:00:00',
  }),
  item({
    IdCaso: 'E',
    Estado: 'En revisión',
    Motivo: 'Período incorrecto',
    MontoNeto: 10,
    FechaCreacion: 'fecha ilegible',
    Prioridad: 3,
  }),
]);
const COLUMNS = columnsFor(['Observacion', 'Prioridad']);

describe('global search', () => {
  const search = (text: string) => ids(filterRows(ROWS, COLUMNS, { search: text, filters: {} }));

  it('ignores accents and case: "revision" finds "En revisión"', () => {
    expect(search('revision')).toEqual(['A', 'E']);
    expect(search('REVISIÓN')).toEqual(['A', 'E']);
  });

  it('"NUBLE" finds "Ñuble", in any column', () => {
    expect(search('NUBLE')).toEqual(['A', 'B']);
    expect(search('ñuble')).toEqual(['A', 'B']);
  });

  it('requires every word, in any order and any column', () => {
    expect(search('revision nuble')).toEqual(['A']);
    expect(search('  nuble   revision ')).toEqual(['A']);
    expect(search('periodo incorrecto revision')).toEqual(['E']);
    expect(search('revision inexistente')).toEqual([]);
  });

  it('finds displayed and raw forms of amounts, RUTs and dates', () => {
    expect(search('$1.500.000')).toEqual(['A']);
    expect(search('1500000')).toEqual(['A']);
    expect(search('-$1.500')).toEqual(['B']);
    expect(search('76.120.450-5')).toHaveLength(5);
    expect(search('15-01-2024')).toEqual(['A']);
    expect(search('2024-12-31')).toEqual(['C']);
  });

  it('searches unknown fields and raw unreadable dates', () => {
    expect(search('urgencia')).toEqual(['C']);
    expect(search('ilegible')).toEqual(['E']);
  });

  it('returns every row, in order, for an empty search', () => {
    expect(search('   ')).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('builds the searchable text folded', () => {
    const text = searchableText(ROWS[0] as CaseRow);
    expect(text).toContain('en revision');
    expect(text).toContain('electrica nuble');
    expect(text).not.toMatch(/[A-ZÁÉÍÓÚÑ]/);
  });
});

describe('column filters', () => {
  const filtered = (filters: ViewState['filters'], search = '') =>
    ids(filterRows(ROWS, COLUMNS, { search, filters }));

  it('text: contains, ignoring case and accents, in the shown or the raw value', () => {
    expect(filtered({ Descripcion: { kind: 'text', contains: 'RAZON SOCIAL' } })).toEqual(['B']);
    expect(filtered({ Motivo: { kind: 'text', contains: 'periodo' } })).toEqual(['C', 'E']);
    expect(filtered({ RutAcreedor: { kind: 'text', contains: '76120450-5' } })).toHaveLength(5);
    expect(filtered({ Observacion: { kind: 'text', contains: 'URGENCIA' } })).toEqual(['C']);
    expect(filtered({ Prioridad: { kind: 'text', contains: '3' } })).toEqual(['E']);
  });

  it('multi: the value is one of those chosen (exactly)', () => {
    expect(filtered({ Estado: { kind: 'multi', values: ['Abierta', 'En revisión'] } })).toEqual([
      'A',
      'C',
      'E',
    ]);
    expect(filtered({ Estado: { kind: 'multi', values: ['En revision'] } })).toEqual([]);
    expect(filtered({ Estado: { kind: 'multi', values: [] } })).toEqual([]);
  });

  it('amount range: inclusive bounds, either one open, rows without an amount left out', () => {
    expect(filtered({ MontoNeto: { kind: 'amount-range', min: 9, max: 10 } })).toEqual(['D', 'E']);
    expect(filtered({ MontoNeto: { kind: 'amount-range', min: null, max: 0 } })).toEqual(['B']);
    expect(filtered({ MontoNeto: { kind: 'amount-range', min: 10, max: null } })).toEqual([
      'A',
      'E',
    ]);
  });

  it('date range: inclusive days, times ignored, unreadable dates left out', () => {
    const range = (from: string | null, to: string | null) =>
      filtered({ FechaCreacion: { kind: 'date-range', from, to } });
    expect(range('2024-01-15', '2024-12-31')).toEqual(['A', 'B', 'C']);
    expect(range('2024-03-02', '2024-03-02')).toEqual(['B']);
    expect(range('2025-01-01', null)).toEqual(['D']);
    expect(range(null, '2024-01-15')).toEqual(['A']);
    expect(
      filtered({ FechaResolucion: { kind: 'date-range', from: '2024-01-01', to: null } }),
    ).toEqual(['B']);
  });

  it('combines filters and the search (all must hold); unknown column ids are ignored', () => {
    expect(
      filtered(
        {
          Estado: { kind: 'multi', values: ['Abierta', 'En revisión'] },
          MontoNeto: { kind: 'amount-range', min: 0, max: null },
          NoExiste: { kind: 'text', contains: 'zzz' },
        },
        'periodo',
      ),
    ).toEqual(['E']);
  });
});

describe('sortRows', () => {
  const sorted = (sort: ViewState['sort'], rows = ROWS) => ids(sortRows(rows, COLUMNS, sort));

  it('keeps the API order without a sort, and never reorders its input', () => {
    const before = ids(ROWS);
    const result = sortRows(ROWS, COLUMNS, []);
    expect(ids(result)).toEqual(['A', 'B', 'C', 'D', 'E']);
    sortRows(ROWS, COLUMNS, [{ id: 'MontoNeto', desc: true }]);
    expect(ids(ROWS)).toEqual(before);
  });

  it('sorts amounts as numbers, not as text, with empty values last', () => {
    expect(sorted([{ id: 'MontoNeto', desc: false }])).toEqual(['B', 'D', 'E', 'A', 'C']);
  });

  it('sorts MontoNeto descending with empty values still last', () => {
    expect(sorted([{ id: 'MontoNeto', desc: true }])).toEqual(['A', 'E', 'D', 'B', 'C']);
  });

  it('sorts dates chronologically, unreadable dates last both ways', () => {
    expect(sorted([{ id: 'FechaCreacion', desc: false }])).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(sorted([{ id: 'FechaCreacion', desc: true }])).toEqual(['D', 'C', 'B', 'A', 'E']);
  });

  it('sorts text without regard to case or accents', () => {
    const rows = rowsOf([
      item({ IdCaso: '1', RazonSocialAcreedor: 'Zeta' }),
      item({ IdCaso: '2', RazonSocialAcreedor: 'Ñuble' }),
      item({ IdCaso: '3', RazonSocialAcreedor: 'eléctrica' }),
      item({ IdCaso: '4', RazonSocialAcreedor: 'Andes' }),
    ]);
    expect(sorted([{ id: 'RazonSocialAcreedor', desc: false }], rows)).toEqual([
      '4',
      '3',
      '2',
      '1',
    ]);
  });

  it('keeps the API order on ties, in both directions', () => {
    const rows = rowsOf(
      ['x1', 'y1', 'x2', 'y2', 'x3', 'y3', 'x4'].map((id) =>
        item({ IdCaso: id, MontoNeto: id.startsWith('x') ? 5 : 7 }),
      ),
    );
    expect(sorted([{ id: 'MontoNeto', desc: false }], rows)).toEqual([
      'x1',
      'x2',
      'x3',
      'x4',
      'y1',
      'y2',
      'y3',
    ]);
    expect(sorted([{ id: 'MontoNeto', desc: true }], rows)).toEqual([
      'y1',
      'y2',
      'y3',
      'x1',
      'x2',
      'x3',
      'x4',
    ]);
    // Equal after folding is a tie too.
    const folded = rowsOf([
      item({ IdCaso: 'p', Estado: 'En revisión' }),
      item({ IdCaso: 'q', Estado: 'EN REVISION' }),
      item({ IdCaso: 'r', Estado: 'en revision' }),
    ]);
    expect(sorted([{ id: 'Estado', desc: true }], folded)).toEqual(['p', 'q', 'r']);
  });

  it('sorts by several levels in order', () => {
    expect(
      sorted([
        { id: 'Estado', desc: false },
        { id: 'MontoNeto', desc: true },
      ]),
    ).toEqual(['C', 'B', 'A', 'E', 'D']);
    expect(
      sorted([
        { id: 'Motivo', desc: true },
        { id: 'FechaCreacion', desc: true },
      ]),
    ).toEqual(['C', 'E', 'B', 'A', 'D']);
  });

  it('ignores sort entries for columns that do not exist', () => {
    expect(sorted([{ id: 'NoExiste', desc: true }])).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(
      sorted([
        { id: 'NoExiste', desc: true },
        { id: 'MontoNeto', desc: false },
      ]),
    ).toEqual(['B', 'D', 'E', 'A', 'C']);
  });

  it('sorts a generic column holding numbers and text consistently', () => {
    const rows = rowsOf([
      item({ IdCaso: '1', Prioridad: 10 }),
      item({ IdCaso: '2', Prioridad: '5a' }),
      item({ IdCaso: '3', Prioridad: 9 }),
      item({ IdCaso: '4' }),
      item({ IdCaso: '5', Prioridad: 'alta' }),
      item({ IdCaso: '6', Prioridad: 100 }),
    ]);
    const columns = columnsFor(['Prioridad']);
    const asc = ids(sortRows(rows, columns, [{ id: 'Prioridad', desc: false }]));
    expect(asc).toEqual(['3', '1', '6', '2', '5', '4']);
    const desc = ids(sortRows(rows, columns, [{ id: 'Prioridad', desc: true }]));
    expect(desc).toEqual(['5', '2', '6', '1', '3', '4']);
    // The order does not depend on the order rows came in.
    const reversed = ids(
      sortRows([...rows].reverse(), columns, [{ id: 'Prioridad', desc: false }]),
    );
    expect(reversed).toEqual(asc);
  });
});

describe('filterRows with the joined search index', () => {
  const words = ['Ñandú', 'revisión', 'monto', 'ajuste', 'peaje', 'cuadro', 'SpA', 'x'];
  it('finds the same rows as the row-by-row search, for any texts and queries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...words), { maxLength: 4 }), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.array(fc.constantFrom(...words, 'nandu', 'REVISION', 'to aj', 'x\u0000'), {
          maxLength: 3,
        }),
        (descriptions, query) => {
          const rows = rowsOf(descriptions.map((d) => item({ Descripcion: d.join(' ') })));
          const search = query.join(' ');
          const rowByRow = ids(filterRows(rows, COLUMNS, { search, filters: {} }));
          // The joined index is built and used below.
          expect(warmSearchIndex(rows, () => false)).toBe(true);
          expect(ids(filterRows(rows, COLUMNS, { search, filters: {} }))).toEqual(rowByRow);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never matches across two rows', () => {
    const rows = rowsOf([item({ Descripcion: 'fin' }), item({ Descripcion: 'al' })]);
    warmSearchIndex(rows, () => false);
    // The last text of one row and the first of the next are apart in the index.
    const all = rows.map((row) => searchableText(row));
    const boundary = `${(all[0] as string).slice(-3)}${(all[1] as string).slice(0, 3)}`;
    expect(filterRows(rows, COLUMNS, { search: boundary, filters: {} })).toEqual([]);
  });

  it('is built in slices and finds rows on both sides of every chunk edge', () => {
    const needles = new Set([0, 4095, 4096, 8191, 8192, 8999]);
    const rows = rowsOf(
      Array.from({ length: 9000 }, (_, i) =>
        item({ IdCaso: `c${i}`, Descripcion: needles.has(i) ? 'aguja' : `paja ${i}` }),
      ),
    );
    const queries = ['aguja', 'paja 4097', 'paja 409', 'aguja paja'];
    const search = (query: string) =>
      ids(filterRows(rows, COLUMNS, { search: query, filters: {} }));
    const rowByRow = queries.map(search);
    // A slice ends every 700 rows: the index is not ready until the last one.
    let slices = 0;
    for (let done = false; !done; slices++) {
      let left = 700;
      done = warmSearchIndex(rows, () => left-- <= 0);
    }
    expect(slices).toBe(13);
    expect(search('aguja')).toEqual([...needles].map((i) => `c${i}`));
    expect(queries.map(search)).toEqual(rowByRow);
  });

  it('combines with column filters', () => {
    const rows = rowsOf([
      item({ IdCaso: 'a', Descripcion: 'peaje', Estado: 'Abierta' }),
      item({ IdCaso: 'b', Descripcion: 'peaje', Estado: 'Cerrada' }),
      item({ IdCaso: 'c', Descripcion: 'otro', Estado: 'Abierta' }),
    ]);
    warmSearchIndex(rows, () => false);
    const filters = { Estado: { kind: 'multi' as const, values: ['Abierta'] } };
    expect(ids(filterRows(rows, COLUMNS, { search: 'peaje', filters }))).toEqual(['a']);
  });
});

describe('sortRows on one number column (packed native sort)', () => {
  const amountOf = (row: CaseRow) => {
    const value = row.item.MontoNeto;
    return typeof value === 'number' ? value : null;
  };
  /** The definition: a stable sort by value, empty values last in both directions. */
  const reference = (rows: readonly CaseRow[], desc: boolean) =>
    [...rows].sort((a, b) => {
      const x = amountOf(a);
      const y = amountOf(b);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return desc ? y - x : x - y;
    });

  it('orders like a stable comparator sort, ties in the API order, for any amounts', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: -5, max: 5 }),
            fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }),
            fc.constant(null),
            fc.double({ min: -1e3, max: 1e3, noNaN: true }),
          ),
          { maxLength: 60 },
        ),
        fc.boolean(),
        (amounts, desc) => {
          const rows = rowsOf(amounts.map((MontoNeto) => item({ MontoNeto })));
          const sorted = sortRows(rows, KNOWN_COLUMNS, [{ id: 'MontoNeto', desc }]);
          expect(ids(sorted)).toEqual(ids(reference(rows, desc)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('falls back to the comparator for amounts too large to pack, with the same result', () => {
    const rows = rowsOf(
      [2 ** 52, -(2 ** 52), 7, 2 ** 52, null, 0].map((MontoNeto) => item({ MontoNeto })),
    );
    for (const desc of [false, true]) {
      expect(ids(sortRows(rows, KNOWN_COLUMNS, [{ id: 'MontoNeto', desc }]))).toEqual(
        ids(reference(rows, desc)),
      );
    }
  });
});

describe('applyView', () => {
  it('filters, then sorts', () => {
    const state = view({
      search: 'incorrecto',
      filters: { Estado: { kind: 'multi', values: ['Abierta', 'En revisión', 'Cerrada'] } },
      sort: [{ id: 'MontoNeto', desc: true }],
    });
    expect(ids(applyView(ROWS, COLUMNS, state))).toEqual(['A', 'E', 'B', 'C']);
  });

  it('handles 100,000 rows and returns the right count', () => {
    const estados = ['Abierta', 'En revisión', 'Respondida', 'Cerrada', 'Rechazada'];
    // Rows in the shape buildRows gives (built directly: the subject here is applyView).
    const rows: CaseRow[] = [];
    for (let i = 0; i < 100_000; i++) {
      const fecha = `2024-${String((i % 12) + 1).padStart(2, '0')}-15T10:00`;
      const id = `DC-9999-${String(i + 1).padStart(6, '0')}`;
      const fields: Partial<NonconformityItem> = {
        FechaCreacion: fecha,
        Estado: estados[i % 5],
        Motivo: i % 3 === 0 ? 'Período incorrecto' : 'Monto incorrecto',
        RazonSocialAcreedor: i % 7 === 0 ? 'Eléctrica Ñuble S.A.' : 'Transmisora del Sur S.A.',
        RutAcreedor: '76120450',
        DvAcreedor: '5',
        MontoNeto: i % 11 === 0 ? -(i + 1) : i * 10,
        Periodo: '2024-01',
      };
      rows.push(bareRow(id, fields, fecha));
    }
    // The filters run on every row; the search on those they keep.
    const state = view({
      search: 'NUBLE',
      filters: {
        Estado: { kind: 'multi', values: ['En revisión', 'Abierta'] },
        MontoNeto: { kind: 'amount-range', min: 0, max: null },
        FechaCreacion: { kind: 'date-range', from: '2024-03-01', to: null },
      },
      sort: [
        { id: 'Motivo', desc: false },
        { id: 'MontoNeto', desc: true },
      ],
    });
    const result = applyView(rows, KNOWN_COLUMNS, state);
    let expected = 0;
    let top = -1;
    for (let i = 0; i < 100_000; i++) {
      const month = (i % 12) + 1;
      if (i % 5 <= 1 && i % 7 === 0 && i % 11 !== 0 && month >= 3) {
        expected++;
        if (i % 3 !== 0) top = Math.max(top, i);
      }
    }
    expect(expected).toBeGreaterThan(1000);
    expect(result).toHaveLength(expected);
    // 'Monto incorrecto' sorts first; within it the largest amount.
    expect(result[0]?.item.MontoNeto).toBe(top * 10);
    expect(applyView(rows, KNOWN_COLUMNS, EMPTY_VIEW)).toHaveLength(100_000);
  });
});

describe('visibleColumns', () => {
  it('shows the catalog defaults plus every unknown field when the state has no list', () => {
    expect(visibleColumns(COLUMNS, EMPTY_VIEW).map((c) => c.id)).toEqual([
      'IdCaso',
      'FechaCreacion',
      'Estado',
      'Motivo',
      'RazonSocialAcreedor',
      'MontoNeto',
      'Periodo',
      'Descripcion',
      'FechaResolucion',
      'Observacion',
      'Prioridad',
    ]);
  });

  it('shows the listed columns in the listed order, ignoring unknown ids', () => {
    const state = view({ columns: ['MontoBruto', 'NoExiste', 'Prioridad', 'IdCaso', 'RutDeudor'] });
    expect(visibleColumns(COLUMNS, state).map((c) => c.id)).toEqual([
      'MontoBruto',
      'Prioridad',
      'IdCaso',
      'RutDeudor',
    ]);
    expect(visibleColumns(COLUMNS, view({ columns: ['NoExiste'] }))).toEqual([]);
  });
});
