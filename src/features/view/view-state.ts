// What the user made of the rows: sort, filters, global search, visible columns. It lives
// in the URL beside the search, so a copied link shows the same view. Each URL parameter has
// a parser with its own equality: a part is parsed again only when its text changes, and a
// change that leaves it equal is not written, so each part keeps its object while its value
// stays the same (what is computed from it, rows and charts, is not computed again).
import {
  createLoader,
  createParser,
  createSerializer,
  type inferParserType,
  parseAsString,
} from 'nuqs';
import { sameItems } from '@/lib/same-items';

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

/** `MontoNeto:desc,Estado`: ids in order, `:desc` for descending; repeats count once. */
function parseSort(text: string): SortEntry[] {
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

function serializeSort(sort: readonly SortEntry[]): string {
  return sort.map((s) => `${encodeId(s.id)}${s.desc ? ':desc' : ''}`).join(',');
}

const sameSortEntry = (a: SortEntry, b: SortEntry) => a.id === b.id && a.desc === b.desc;

export function sameSort(a: readonly SortEntry[], b: readonly SortEntry[]): boolean {
  return sameItems(a, b, sameSortEntry);
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

/** `{"Estado":["Abierta"]}`: the filters in their compact JSON form; bad ones are left out. */
function parseFilters(text: string): Record<string, ColumnFilter> {
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

function serializeFilters(filters: ViewState['filters']): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(filters).map(([id, f]) => [id, compactFilter(f)])),
  );
}

function sameFilter(a: ColumnFilter, b: ColumnFilter): boolean {
  switch (a.kind) {
    case 'text':
      return b.kind === 'text' && a.contains === b.contains;
    case 'multi':
      return b.kind === 'multi' && sameItems(a.values, b.values);
    case 'amount-range':
      return b.kind === 'amount-range' && a.min === b.min && a.max === b.max;
    case 'date-range':
      return b.kind === 'date-range' && a.from === b.from && a.to === b.to;
  }
}

/** The same filters on the same columns, in the same order (the order of the chips). */
export function sameFilters(a: ViewState['filters'], b: ViewState['filters']): boolean {
  if (a === b) return true;
  const ids = Object.keys(a);
  return (
    sameItems(ids, Object.keys(b)) &&
    ids.every((id) => sameFilter(a[id] as ColumnFilter, b[id] as ColumnFilter))
  );
}

/** The filters without empty ones: the same object when it holds none. */
function activeFilters(filters: ViewState['filters']): ViewState['filters'] {
  const entries = Object.entries(filters);
  const active = entries.filter(([, f]) => !isEmptyFilter(f));
  return active.length === entries.length ? filters : Object.fromEntries(active);
}

/** `IdCaso,MontoNeto`: visible columns in order; an empty list is the default columns. */
function parseColumns(text: string): string[] | null {
  const columns = [...new Set(text.split(',').filter(Boolean).map(decodeId))];
  return columns.length > 0 ? columns : null;
}

function serializeColumns(columns: readonly string[]): string {
  return columns.map(encodeId).join(',');
}

/** The same visible columns; null (the default columns) equals only itself. */
export function sameColumns(a: readonly string[] | null, b: readonly string[] | null): boolean {
  return a === null || b === null ? a === b : sameItems(a, b);
}

/**
 * The view's URL parameters. A parameter that is absent, or that does not parse, reads as
 * the empty view's part; a part equal to it leaves the URL.
 */
export const viewUrlParsers = {
  orden: createParser({ parse: parseSort, serialize: serializeSort, eq: sameSort }).withDefault(
    EMPTY_VIEW.sort,
  ),
  buscar: parseAsString.withDefault(EMPTY_VIEW.search),
  filtros: createParser<ViewState['filters']>({
    parse: parseFilters,
    serialize: serializeFilters,
    eq: sameFilters,
  }).withDefault(EMPTY_VIEW.filters),
  columnas: createParser({
    parse: parseColumns,
    serialize: serializeColumns,
    eq: sameColumns,
  }),
};

/** The view as its parsers hold it: one value per URL parameter. */
export type ViewUrlValues = inferParserType<typeof viewUrlParsers>;

export function viewFromUrl(values: ViewUrlValues): ViewState {
  return {
    sort: values.orden,
    search: values.buscar,
    filters: values.filtros,
    columns: values.columnas,
  };
}

/** The URL values of a view: a blank search and empty filters are not written. */
function urlValuesOf(view: ViewState): ViewUrlValues {
  return {
    orden: view.sort,
    buscar: view.search.trim() ? view.search : EMPTY_VIEW.search,
    filtros: activeFilters(view.filters),
    columnas: view.columns,
  };
}

/**
 * What to write to the URL to show `next` where it shows `current`: only the parameters
 * whose value changes, so the others keep their objects.
 */
export function viewUrlChanges(current: ViewUrlValues, next: ViewState): Partial<ViewUrlValues> {
  const wanted = urlValuesOf(next);
  const changes: Partial<ViewUrlValues> = {};
  if (!sameSort(current.orden, wanted.orden)) changes.orden = wanted.orden;
  if (current.buscar !== wanted.buscar) changes.buscar = wanted.buscar;
  if (!sameFilters(current.filtros, wanted.filtros)) changes.filtros = wanted.filtros;
  if (!sameColumns(current.columnas, wanted.columnas)) changes.columnas = wanted.columnas;
  return changes;
}

const loadViewUrl = createLoader(viewUrlParsers);
const serializeViewUrl = createSerializer(viewUrlParsers);

/** Reads the view from the URL as its parsers do; parts that do not parse are ignored, never fatal. */
export function parseViewParams(raw: RawViewParams): ViewState {
  const present = Object.entries(raw).filter(
    (entry): entry is [string, string] => entry[1] !== null,
  );
  return viewFromUrl(loadViewUrl(Object.fromEntries(present)));
}

/** The parameters the URL gets for a view, as its parsers write them. */
export function serializeViewState(state: ViewState): RawViewParams {
  const query = new URLSearchParams(serializeViewUrl(urlValuesOf(state)));
  return {
    orden: query.get('orden'),
    buscar: query.get('buscar'),
    filtros: query.get('filtros'),
    columnas: query.get('columnas'),
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
