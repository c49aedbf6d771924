// The view's URL parsers: each part reads back what it wrote, compares by value, and reads
// any text without throwing, falling back to the empty view's part.
import fc from 'fast-check';
import { createSerializer, parseAsString } from 'nuqs';
import { describe, expect, it } from 'vitest';
import {
  type ColumnFilter,
  EMPTY_VIEW,
  type SortEntry,
  sameColumns,
  sameFilters,
  sameSort,
  serializeViewState,
  type ViewState,
  type ViewUrlValues,
  viewUrlChanges,
  viewUrlParsers,
} from '@/features/view/view-state';
import { columnFilter, columnId } from '../support/fixtures/view-arbitraries';

const { orden, filtros, columnas } = viewUrlParsers;

const id = columnId;
const filter = columnFilter;
const sort = fc.uniqueArray(fc.record({ id, desc: fc.boolean() }), {
  selector: (s) => s.id,
  minLength: 1,
  maxLength: 4,
});
const filters = fc.dictionary(id, filter, { minKeys: 1, maxKeys: 4 });
const columns = fc.uniqueArray(id, { minLength: 1, maxLength: 5 });

/** A copy that shares no object with the value. */
const copy = <T>(value: T): T => structuredClone(value);

describe('viewUrlParsers: round trip and equality', () => {
  it('each part reads back what it wrote, equal by its parser and by value', () => {
    fc.assert(
      fc.property(sort, filters, columns, (s, f, c) => {
        const readSort = orden.parse(orden.serialize(s));
        const readFilters = filtros.parse(filtros.serialize(f));
        const readColumns = columnas.parse(columnas.serialize(c));
        expect(readSort).toEqual(s);
        expect(readFilters).toEqual(f);
        expect(readColumns).toEqual(c);
        expect(orden.eq(readSort as SortEntry[], s)).toBe(true);
        expect(filtros.eq(readFilters as ViewState['filters'], f)).toBe(true);
        expect(columnas.eq(readColumns as string[], c)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('compares by value: new objects holding the same view are equal', () => {
    fc.assert(
      fc.property(sort, filters, columns, (s, f, c) => {
        expect(sameSort(copy(s), s)).toBe(true);
        expect(sameFilters(copy(f), f)).toBe(true);
        expect(sameColumns(copy(c), c)).toBe(true);
      }),
    );
  });

  it('tells apart sorts that differ in a direction, an id or the order of levels', () => {
    const base: SortEntry[] = [
      { id: 'MontoNeto', desc: true },
      { id: 'Estado', desc: false },
    ];
    expect(sameSort(base, [{ ...base[0], desc: false } as SortEntry, base[1] as SortEntry])).toBe(
      false,
    );
    expect(sameSort(base, [base[0] as SortEntry, { id: 'Motivo', desc: false }])).toBe(false);
    expect(sameSort(base, [...base].reverse())).toBe(false);
    expect(sameSort(base, base.slice(0, 1))).toBe(false);
    expect(sameSort([], EMPTY_VIEW.sort)).toBe(true);
  });

  it('tells apart filters that differ in a value, a kind, a column or their order', () => {
    const estado: ColumnFilter = { kind: 'multi', values: ['Abierta', 'En revisión'] };
    const monto: ColumnFilter = { kind: 'amount-range', min: 0, max: null };
    const base = { Estado: estado, MontoNeto: monto };
    expect(sameFilters(base, { Estado: estado, MontoNeto: { ...monto, max: 10 } })).toBe(false);
    expect(
      sameFilters(base, {
        Estado: { kind: 'multi', values: ['En revisión', 'Abierta'] },
        MontoNeto: monto,
      }),
    ).toBe(false);
    expect(
      sameFilters(base, { Estado: { kind: 'text', contains: 'Abierta' }, MontoNeto: monto }),
    ).toBe(false);
    expect(sameFilters(base, { Estado: estado, MontoBruto: monto })).toBe(false);
    expect(sameFilters(base, { MontoNeto: monto, Estado: estado })).toBe(false);
    expect(sameFilters(base, { Estado: estado })).toBe(false);
    expect(
      sameFilters(
        { F: { kind: 'date-range', from: '2024-01-01', to: null } },
        { F: { kind: 'date-range', from: null, to: '2024-01-01' } },
      ),
    ).toBe(false);
  });

  it('takes the default columns (null) as equal only to themselves', () => {
    expect(sameColumns(null, null)).toBe(true);
    expect(sameColumns(null, [])).toBe(false);
    expect(sameColumns(['IdCaso'], null)).toBe(false);
    expect(sameColumns(['IdCaso', 'Estado'], ['Estado', 'IdCaso'])).toBe(false);
  });
});

describe('viewUrlParsers: bad text', () => {
  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        expect(() => orden.parse(text)).not.toThrow();
        expect(() => filtros.parse(text)).not.toThrow();
        expect(() => columnas.parse(text)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('reads text that is not a view part as the empty view’s part', () => {
    for (const text of ['', '{not json', 'null', '[]', '"Estado"', '42', '{"Estado":{}}']) {
      expect(filtros.parse(text) ?? filtros.defaultValue).toEqual(EMPTY_VIEW.filters);
    }
    for (const text of ['', ',', ',,', ':desc', ',:desc,']) {
      expect(orden.parse(text) ?? orden.defaultValue).toEqual(EMPTY_VIEW.sort);
    }
    for (const text of ['', ',', ',,,']) expect(columnas.parse(text)).toBeNull();
  });

  it('keeps what parses beside what does not', () => {
    expect(
      filtros.parse('{"Estado":["Abierta",7],"MontoNeto":{"min":"x"},"Motivo":"peaje"}'),
    ).toEqual({
      Estado: { kind: 'multi', values: ['Abierta'] },
      Motivo: { kind: 'text', contains: 'peaje' },
    });
    expect(orden.parse('MontoNeto:desc,,Estado:sideways,MontoNeto:asc')).toEqual([
      { id: 'MontoNeto', desc: true },
      { id: 'Estado', desc: false },
    ]);
    expect(columnas.parse('%E0%A4%A,IdCaso,IdCaso,')).toEqual(['%E0%A4%A', 'IdCaso']);
  });
});

describe('the URL the parsers write', () => {
  const view: ViewState = {
    sort: [
      { id: 'MontoNeto', desc: true },
      { id: 'Estado', desc: false },
    ],
    search: 'barra norte',
    filters: { Estado: { kind: 'multi', values: ['Abierta'] } },
    columns: ['IdCaso', 'Estado'],
  };
  const values: ViewUrlValues = {
    orden: view.sort,
    buscar: view.search,
    filtros: view.filters,
    columnas: view.columns,
  };

  it('is the same text as a shared link holds', () => {
    expect(createSerializer(viewUrlParsers)(values)).toBe(
      '?orden=MontoNeto:desc,Estado&buscar=barra+norte&filtros={%22Estado%22:[%22Abierta%22]}&columnas=IdCaso,Estado',
    );
  });

  it('writes each parameter as its text form, through the same encoding as plain strings', () => {
    const asStrings = createSerializer({
      orden: parseAsString,
      buscar: parseAsString,
      filtros: parseAsString,
      columnas: parseAsString,
    });
    const odd: ViewState = {
      sort: [{ id: 'a,b:c%', desc: true }],
      search: ' 50% & más #1 ',
      filters: { 'x&y': { kind: 'text', contains: 'a "b" + c' } },
      columns: ['a,b:c%', 'Ñandú'],
    };
    expect(
      createSerializer(viewUrlParsers)({
        orden: odd.sort,
        buscar: odd.search,
        filtros: odd.filters,
        columnas: odd.columns,
      }),
    ).toBe(asStrings(serializeViewState(odd)));
  });

  it('leaves out the parts equal to the empty view', () => {
    expect(
      createSerializer(viewUrlParsers)({ orden: [], buscar: '', filtros: {}, columnas: null }),
    ).toBe('');
  });
});

describe('viewUrlChanges', () => {
  const current: ViewUrlValues = {
    orden: [{ id: 'MontoNeto', desc: true }],
    buscar: 'barra',
    filtros: { Estado: { kind: 'multi', values: ['Abierta'] } },
    columnas: ['IdCaso', 'Estado'],
  };
  const shown: ViewState = {
    sort: current.orden,
    search: current.buscar,
    filters: current.filtros,
    columns: current.columnas,
  };

  it('writes nothing for the same view, in new objects or not', () => {
    expect(viewUrlChanges(current, shown)).toEqual({});
    expect(viewUrlChanges(current, copy(shown))).toEqual({});
  });

  it('writes only the part that changes', () => {
    const sort = [{ id: 'Estado', desc: false }];
    expect(viewUrlChanges(current, { ...shown, sort })).toEqual({ orden: sort });
    expect(viewUrlChanges(current, { ...shown, columns: null })).toEqual({ columnas: null });
    expect(viewUrlChanges(current, { ...shown, search: 'barra ' })).toEqual({ buscar: 'barra ' });
  });

  it('writes a blank search as no search and leaves empty filters out', () => {
    expect(viewUrlChanges(current, { ...shown, search: '   ' })).toEqual({ buscar: '' });
    const changes = viewUrlChanges(current, {
      ...shown,
      filters: { ...shown.filters, Motivo: { kind: 'text', contains: ' ' } },
    });
    expect(changes).toEqual({});
    expect(
      viewUrlChanges(current, { ...shown, filters: { Estado: { kind: 'multi', values: [] } } }),
    ).toEqual({ filtros: {} });
  });
});
