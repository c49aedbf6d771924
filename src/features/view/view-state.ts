// What the user made of the rows: sort, filters, global search, visible columns. It lives
// in the URL beside the search, so a copied link shows the same view. Pure functions.

export type ColumnFilter =
  | { kind: 'text'; contains: string }
  | { kind: 'multi'; values: string[] }
  | { kind: 'amount-range'; min: number | null; max: number | null }
  | { kind: 'date-range'; from: string | null; to: string | null };

export interface SortEntry {
  id: string;
  desc: boolean;
}

export interface ViewState {
  sort: SortEntry[];
  /** The global search, as typed. */
  search: string;
  filters: Readonly<Record<string, ColumnFilter>>;
  /** Visible columns, in order; null = the catalog's default. */
  columns: string[] | null;
}

export const EMPTY_VIEW: ViewState = { sort: [], search: '', filters: {}, columns: null };

/** The view's URL parameters (raw text, null when absent). */
export interface RawViewParams {
  orden: string | null;
  buscar: string | null;
  filtros: string | null;
  columnas: string | null;
}

// Column ids come from the data (unknown fields): escape the list separators in them.
const encodeId = (id: string) => id.replace(/%/g, '%25').replace(/,/g, '%2C').replace(/:/g, '%3A');
const decodeId = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

function parseSort(text: string | null): SortEntry[] {
  if (!text) return [];
  const seen = new Set<string>();
  const entries: SortEntry[] = [];
  for (const part of text.split(',')) {
    const [rawId, direction] = part.split(':');
    if (!rawId) continue;
    const id = decodeId(rawId);
    if (seen.has(id)) continue;
    seen.add(id);
    entries.push({ id, desc: direction === 'desc' });
  }
  return entries;
}

const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** One filter from its compact JSON form; null when it is not one. */
function parseFilter(value: unknown): ColumnFilter | null {
  if (typeof value === 'string') return value.trim() ? { kind: 'text', contains: value } : null;
  if (Array.isArray(value)) {
    const values = value.filter((v): v is string => typeof v === 'string');
    return values.length > 0 ? { kind: 'multi', values } : null;
  }
  if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>;
    if ('min' in v || 'max' in v) {
      const min = isNum(v.min) ? v.min : null;
      const max = isNum(v.max) ? v.max : null;
      return min === null && max === null ? null : { kind: 'amount-range', min, max };
    }
    if ('desde' in v || 'hasta' in v) {
      const from = isDate(v.desde) ? v.desde : null;
      const to = isDate(v.hasta) ? v.hasta : null;
      return from === null && to === null ? null : { kind: 'date-range', from, to };
    }
  }
  return null;
}

function compactFilter(filter: ColumnFilter): unknown {
  switch (filter.kind) {
    case 'text':
      return filter.contains;
    case 'multi':
      return filter.values;
    case 'amount-range':
      return {
        ...(filter.min !== null ? { min: filter.min } : {}),
        ...(filter.max !== null ? { max: filter.max } : {}),
      };
    case 'date-range':
      return {
        ...(filter.from !== null ? { desde: filter.from } : {}),
        ...(filter.to !== null ? { hasta: filter.to } : {}),
      };
  }
}

function parseFilters(text: string | null): Record<string, ColumnFilter> {
  if (!text) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
  const filters: Record<string, ColumnFilter> = {};
  for (const [id, value] of Object.entries(json)) {
    const filter = parseFilter(value);
    if (filter) filters[id] = filter;
  }
  return filters;
}

/** Reads the view from the URL; parts that do not parse are ignored, never fatal. */
export function parseViewParams(raw: RawViewParams): ViewState {
  const columns = raw.columnas
    ? [...new Set(raw.columnas.split(',').filter(Boolean).map(decodeId))]
    : null;
  return {
    sort: parseSort(raw.orden),
    search: raw.buscar ?? '',
    filters: parseFilters(raw.filtros),
    columns: columns && columns.length > 0 ? columns : null,
  };
}

export function serializeViewState(state: ViewState): RawViewParams {
  const filterEntries = Object.entries(state.filters).filter(([, f]) => !isEmptyFilter(f));
  return {
    orden:
      state.sort.length > 0
        ? state.sort.map((s) => `${encodeId(s.id)}${s.desc ? ':desc' : ''}`).join(',')
        : null,
    buscar: state.search.trim() ? state.search : null,
    filtros:
      filterEntries.length > 0
        ? JSON.stringify(Object.fromEntries(filterEntries.map(([id, f]) => [id, compactFilter(f)])))
        : null,
    columnas: state.columns ? state.columns.map(encodeId).join(',') : null,
  };
}

export function isEmptyFilter(filter: ColumnFilter): boolean {
  switch (filter.kind) {
    case 'text':
      return filter.contains.trim() === '';
    case 'multi':
      return filter.values.length === 0;
    case 'amount-range':
      return filter.min === null && filter.max === null;
    case 'date-range':
      return filter.from === null && filter.to === null;
  }
}

export function withFilter(state: ViewState, id: string, filter: ColumnFilter | null): ViewState {
  const filters = { ...state.filters };
  if (filter === null || isEmptyFilter(filter)) delete filters[id];
  else filters[id] = filter;
  return { ...state, filters };
}

export function hasActiveFilters(state: ViewState): boolean {
  return state.search.trim() !== '' || Object.keys(state.filters).length > 0;
}

export function clearFilters(state: ViewState): ViewState {
  return { ...state, search: '', filters: {} };
}
