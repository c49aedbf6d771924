import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ColumnFilter,
  clearFilters,
  EMPTY_VIEW,
  hasActiveFilters,
  isEmptyFilter,
  parseViewParams,
  type RawViewParams,
  serializeViewState,
  type ViewState,
  withFilter,
} from '@/features/view/view-state';
import { columnFilter, columnId } from '../support/fixtures/view-arbitraries';

const NO_PARAMS: RawViewParams = { orden: null, buscar: null, filtros: null, columnas: null };

const roundTrip = (state: ViewState) => parseViewParams(serializeViewState(state));

const view = (partial: Partial<ViewState>): ViewState => ({ ...EMPTY_VIEW, ...partial });

describe('parseViewParams / serializeViewState', () => {
  it('reads no parameters as the empty view and writes the empty view as no parameters', () => {
    expect(parseViewParams(NO_PARAMS)).toEqual(EMPTY_VIEW);
    expect(serializeViewState(EMPTY_VIEW)).toEqual(NO_PARAMS);
  });

  it('round-trips a multi-level sort', () => {
    const state = view({
      sort: [
        { id: 'MontoNeto', desc: true },
        { id: 'FechaCreacion', desc: false },
        { id: 'Estado', desc: true },
      ],
    });
    const raw = serializeViewState(state);
    expect(raw.orden).toBe('MontoNeto:desc,FechaCreacion,Estado:desc');
    expect(parseViewParams(raw)).toEqual(state);
  });

  it('round-trips the global search as typed, accents and spaces included', () => {
    const state = view({ search: '  En revisión  Ñuble ' });
    expect(serializeViewState(state).buscar).toBe('  En revisión  Ñuble ');
    expect(roundTrip(state)).toEqual(state);
    expect(serializeViewState(view({ search: '   ' })).buscar).toBeNull();
  });

  it('round-trips each filter kind', () => {
    const filters: Record<string, ColumnFilter> = {
      Descripcion: { kind: 'text', contains: 'barra "Charrúa", 500' },
      Estado: { kind: 'multi', values: ['Abierta', 'En revisión'] },
      MontoNeto: { kind: 'amount-range', min: -1500, max: 1_000_000 },
      MontoBruto: { kind: 'amount-range', min: null, max: 0 },
      Folio: { kind: 'amount-range', min: 10, max: null },
      FechaCreacion: { kind: 'date-range', from: '2019-11-14', to: '2025-11-05' },
      FechaResolucion: { kind: 'date-range', from: null, to: '2025-01-31' },
      Periodo: { kind: 'date-range', from: '2024-02-01', to: null },
    };
    const state = view({ filters });
    const raw = serializeViewState(state);
    expect(JSON.parse(raw.filtros ?? 'null')).toEqual({
      Descripcion: 'barra "Charrúa", 500',
      Estado: ['Abierta', 'En revisión'],
      MontoNeto: { min: -1500, max: 1_000_000 },
      MontoBruto: { max: 0 },
      Folio: { min: 10 },
      FechaCreacion: { desde: '2019-11-14', hasta: '2025-11-05' },
      FechaResolucion: { hasta: '2025-01-31' },
      Periodo: { desde: '2024-02-01' },
    });
    expect(parseViewParams(raw)).toEqual(state);
  });

  it('does not write empty filters', () => {
    const state = view({
      filters: {
        A: { kind: 'text', contains: '  ' },
        B: { kind: 'multi', values: [] },
        C: { kind: 'amount-range', min: null, max: null },
        D: { kind: 'date-range', from: null, to: null },
      },
    });
    expect(serializeViewState(state).filtros).toBeNull();
  });

  it('round-trips the visible columns, in order', () => {
    const state = view({ columns: ['IdCaso', 'MontoNeto', 'Observacion', 'Estado'] });
    expect(serializeViewState(state).columnas).toBe('IdCaso,MontoNeto,Observacion,Estado');
    expect(roundTrip(state)).toEqual(state);
  });

  it('round-trips column ids holding , : and % (unknown fields come from the data)', () => {
    const odd = ['a,b', 'c:d', '50%', '%2C', 'x%3Ay', 'e:f,g%', 'Ñandú ñ'];
    const state = view({
      sort: odd.map((id, i) => ({ id, desc: i % 2 === 0 })),
      columns: odd,
      filters: Object.fromEntries(
        odd.map((id) => [id, { kind: 'text', contains: `${id}!` } satisfies ColumnFilter]),
      ),
      search: 'a,b:c%',
    });
    const raw = serializeViewState(state);
    expect(raw.orden?.split(',')).toHaveLength(odd.length);
    expect(raw.columnas?.split(',')).toHaveLength(odd.length);
    expect(parseViewParams(raw)).toEqual(state);
  });

  it('round-trips any view (property)', () => {
    const id = columnId;
    const filter = columnFilter;
    const state: fc.Arbitrary<ViewState> = fc.record({
      sort: fc.uniqueArray(fc.record({ id, desc: fc.boolean() }), {
        selector: (s) => s.id,
        maxLength: 4,
      }),
      search: fc.string().filter((s) => s.trim() !== ''),
      filters: fc.dictionary(id, filter, { maxKeys: 4 }),
      columns: fc.option(fc.uniqueArray(id, { minLength: 1, maxLength: 5 }), { nil: null }),
    });
    fc.assert(
      fc.property(state, (s) => {
        expect(roundTrip(s)).toEqual(s);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseViewParams: bad URL parts are ignored, never fatal', () => {
  it.each([
    '{not json',
    'null',
    '[]',
    '"Estado"',
    '42',
    '{"Estado":42}',
    '{"Estado":[1,2,null]}',
    '{"MontoNeto":{"min":"mil","max":null}}',
    '{"FechaCreacion":{"desde":"14/11/2019","hasta":"ayer"}}',
    '{"Descripcion":"   "}',
    '{"X":{"otra":1}}',
  ])('filtros=%s gives no filters', (filtros) => {
    expect(() => parseViewParams({ ...NO_PARAMS, filtros })).not.toThrow();
    expect(parseViewParams({ ...NO_PARAMS, filtros }).filters).toEqual({});
  });

  it('keeps the good filters beside bad ones', () => {
    const filtros = JSON.stringify({
      Estado: ['Abierta', 3],
      MontoNeto: { min: 'x', max: 500 },
      Motivo: null,
      FechaCreacion: { desde: '2024-01-01', hasta: 'mañana' },
    });
    expect(parseViewParams({ ...NO_PARAMS, filtros }).filters).toEqual({
      Estado: { kind: 'multi', values: ['Abierta'] },
      MontoNeto: { kind: 'amount-range', min: null, max: 500 },
      FechaCreacion: { kind: 'date-range', from: '2024-01-01', to: null },
    });
  });

  it('reads a broken sort leniently: empty parts skipped, unknown directions ascending, repeats once', () => {
    const state = parseViewParams({
      ...NO_PARAMS,
      orden: ',MontoNeto:desc,,:desc,Estado:up,MontoNeto',
    });
    expect(state.sort).toEqual([
      { id: 'MontoNeto', desc: true },
      { id: 'Estado', desc: false },
    ]);
  });

  it('keeps a malformed percent escape as it came', () => {
    const state = parseViewParams({
      ...NO_PARAMS,
      orden: '%E0%A4%A',
      columnas: '%,IdCaso,,IdCaso',
    });
    expect(state.sort).toEqual([{ id: '%E0%A4%A', desc: false }]);
    expect(state.columns).toEqual(['%', 'IdCaso']);
  });

  it('reads an empty column list as the default columns', () => {
    expect(parseViewParams({ ...NO_PARAMS, columnas: ',,' }).columns).toBeNull();
    expect(parseViewParams({ ...NO_PARAMS, columnas: '' }).columns).toBeNull();
  });
});

describe('withFilter, clearFilters, hasActiveFilters', () => {
  const estado: ColumnFilter = { kind: 'multi', values: ['Abierta'] };

  it('sets, replaces and removes a filter without touching the state given', () => {
    const one = withFilter(EMPTY_VIEW, 'Estado', estado);
    expect(one.filters).toEqual({ Estado: estado });
    expect(EMPTY_VIEW.filters).toEqual({});
    const two = withFilter(one, 'MontoNeto', { kind: 'amount-range', min: 0, max: null });
    expect(Object.keys(two.filters)).toEqual(['Estado', 'MontoNeto']);
    expect(withFilter(two, 'Estado', null).filters).toEqual({
      MontoNeto: { kind: 'amount-range', min: 0, max: null },
    });
    expect(one.filters).toEqual({ Estado: estado });
  });

  it('removes a filter set to an empty value', () => {
    const one = withFilter(EMPTY_VIEW, 'Descripcion', { kind: 'text', contains: 'x' });
    expect(withFilter(one, 'Descripcion', { kind: 'text', contains: ' ' }).filters).toEqual({});
    expect(withFilter(one, 'Estado', { kind: 'multi', values: [] }).filters).toEqual(one.filters);
  });

  it('tells whether a search or a filter is active, and clears both but not sort or columns', () => {
    expect(hasActiveFilters(EMPTY_VIEW)).toBe(false);
    expect(hasActiveFilters(view({ search: '  ' }))).toBe(false);
    expect(hasActiveFilters(view({ search: 'revision' }))).toBe(true);
    const filtered = view({
      sort: [{ id: 'Estado', desc: false }],
      columns: ['IdCaso'],
      search: 'x',
      filters: { Estado: estado },
    });
    expect(hasActiveFilters(withFilter(EMPTY_VIEW, 'Estado', estado))).toBe(true);
    const cleared = clearFilters(filtered);
    expect(cleared).toEqual({
      sort: [{ id: 'Estado', desc: false }],
      columns: ['IdCaso'],
      search: '',
      filters: {},
    });
    expect(hasActiveFilters(cleared)).toBe(false);
  });

  it('knows the empty value of each filter kind', () => {
    expect(isEmptyFilter({ kind: 'text', contains: '' })).toBe(true);
    expect(isEmptyFilter({ kind: 'multi', values: [''] })).toBe(false);
    expect(isEmptyFilter({ kind: 'amount-range', min: 0, max: null })).toBe(false);
    expect(isEmptyFilter({ kind: 'date-range', from: null, to: null })).toBe(true);
  });
});
