// Rows + view state → the rows the table shows, the charts count and the CSV exports.
// Written for 100,000 rows: searchable text is built once per row, sort keys once per
// sort, and the sort itself runs on an index array (TanStack's sorted row model takes
// about 235 ms on 100k rows here; this takes a fraction of it, see DESIGN.md).
import { foldText, valueToText } from '@/lib/text';
import type { CaseRow } from './case-rows';
import { isKnownField, KNOWN_COLUMNS, type ViewColumn } from './columns';
import type { ColumnFilter, SortEntry, ViewState } from './view-state';

const haystacks = new WeakMap<CaseRow, string>();

/** Everything a person could search a row by, folded (no case, no accents). */
export function searchableText(row: CaseRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    const parts: string[] = [];
    for (const column of KNOWN_COLUMNS) {
      const shown = column.display(row);
      if (shown) parts.push(shown);
      const value = column.value(row);
      if (value !== null && String(value) !== shown) parts.push(String(value));
    }
    for (const [field, value] of Object.entries(row.item)) {
      if (!isKnownField(field)) parts.push(valueToText(value));
    }
    text = foldText(parts.join('\u0001'));
    haystacks.set(row, text);
  }
  return text;
}

function searchPredicate(query: string): ((row: CaseRow) => boolean) | null {
  const tokens = foldText(query).split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return null;
  return (row) => {
    const text = searchableText(row);
    return tokens.every((token) => text.includes(token));
  };
}

function filterPredicate(column: ViewColumn, filter: ColumnFilter): (row: CaseRow) => boolean {
  switch (filter.kind) {
    case 'text': {
      const needle = foldText(filter.contains.trim());
      return (row) => {
        if (foldText(column.display(row)).includes(needle)) return true;
        const value = column.value(row);
        return value !== null && foldText(String(value)).includes(needle);
      };
    }
    case 'multi': {
      const wanted = new Set(filter.values);
      return (row) => wanted.has(valueToText(column.value(row)));
    }
    case 'amount-range': {
      const { min, max } = filter;
      return (row) => {
        const value = column.value(row);
        if (typeof value !== 'number') return false;
        return (min === null || value >= min) && (max === null || value <= max);
      };
    }
    case 'date-range': {
      const { from, to } = filter;
      return (row) => {
        const value = column.value(row);
        if (typeof value !== 'string') return false;
        const day = value.slice(0, 10);
        return (from === null || day >= from) && (to === null || day <= to);
      };
    }
  }
}

type SortKey = string | number | null;

function sortKeys(rows: readonly CaseRow[], column: ViewColumn): SortKey[] {
  const keys = new Array<SortKey>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const value = column.value(rows[i] as CaseRow);
    keys[i] = typeof value === 'string' ? foldText(value) : value;
  }
  return keys;
}

/** Sorts by the entries in order; empty values always last; ties keep the API's order. */
export function sortRows(
  rows: readonly CaseRow[],
  columns: readonly ViewColumn[],
  sort: readonly SortEntry[],
): CaseRow[] {
  const levels = sort
    .map((entry) => ({ entry, column: columns.find((c) => c.id === entry.id) }))
    .filter(
      (level): level is { entry: SortEntry; column: ViewColumn } => level.column !== undefined,
    )
    .map(({ entry, column }) => ({ keys: sortKeys(rows, column), direction: entry.desc ? -1 : 1 }));
  if (levels.length === 0) return [...rows];
  const order = Array.from({ length: rows.length }, (_, i) => i);
  order.sort((a, b) => {
    for (const { keys, direction } of levels) {
      const x = keys[a] as SortKey;
      const y = keys[b] as SortKey;
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      if (typeof x === 'number' && typeof y === 'number') return (x - y) * direction;
      // A column may hold numbers and text (an unknown field): numbers first, so the
      // comparison stays a total order (mixing numeric and text comparison is not).
      if (typeof x !== typeof y) return (typeof x === 'number' ? -1 : 1) * direction;
      const sx = String(x);
      const sy = String(y);
      if (sx !== sy) return (sx < sy ? -1 : 1) * direction;
    }
    return a - b;
  });
  return order.map((i) => rows[i] as CaseRow);
}

export function filterRows(
  rows: readonly CaseRow[],
  columns: readonly ViewColumn[],
  state: Pick<ViewState, 'search' | 'filters'>,
): CaseRow[] {
  const predicates: ((row: CaseRow) => boolean)[] = [];
  for (const [id, filter] of Object.entries(state.filters)) {
    const column = columns.find((c) => c.id === id);
    if (column) predicates.push(filterPredicate(column, filter));
  }
  const search = searchPredicate(state.search);
  if (search) predicates.push(search);
  if (predicates.length === 0) return [...rows];
  return rows.filter((row) => predicates.every((test) => test(row)));
}

/** The current view: filtered, then sorted. */
export function applyView(
  rows: readonly CaseRow[],
  columns: readonly ViewColumn[],
  state: ViewState,
): CaseRow[] {
  return sortRows(filterRows(rows, columns, state), columns, state.sort);
}

/** The visible columns, in order: the state's list (ids that exist), or the defaults. */
export function visibleColumns(columns: readonly ViewColumn[], state: ViewState): ViewColumn[] {
  if (state.columns === null) {
    // Defaults, plus every unknown field: nothing the API sent is hidden by surprise.
    return columns.filter((c) => c.visibleByDefault);
  }
  const byId = new Map(columns.map((c) => [c.id, c]));
  return state.columns.map((id) => byId.get(id)).filter((c): c is ViewColumn => c !== undefined);
}
