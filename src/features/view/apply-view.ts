// Rows + view state → the rows the table shows, the charts count and the CSV exports.
// Written for 100,000 rows: searchable text is built once per row, sort keys once per
// sort, and the sort itself runs on an index array (TanStack's sorted row model takes
// about 235 ms on 100k rows here; this takes a fraction of it, see DESIGN.md).
import { foldText, valueToText } from '@/lib/text';
import type { CaseRow } from './case-rows';
import { isKnownField, KNOWN_COLUMNS, type ViewColumn } from './columns';
import type { ColumnFilter, SortEntry, ViewState } from './view-state';

const haystacks = new WeakMap<CaseRow, string>();

/** `1234568` → `1.234.568`, without Intl (this runs for every row). */
function groupThousands(value: number): string {
  return String(Math.abs(Math.round(value))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** Everything a person could search a row by, folded (no case, no accents). */
export function searchableText(row: CaseRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    const parts: string[] = [];
    for (const column of KNOWN_COLUMNS) {
      const value = column.value(row);
      if (column.kind === 'amount' && typeof value === 'number') {
        // Raw digits and the way the table shows them (-$1.234.568), Intl-free.
        parts.push(String(value), `${value < 0 ? '-' : ''}$${groupThousands(value)}`);
      } else if (value === null) {
        // An unreadable value is still shown (as it came), so it is searchable.
        const shown = column.display(row);
        if (shown) parts.push(shown);
      } else {
        const shown = column.display(row);
        parts.push(shown);
        if (String(value) !== shown) parts.push(String(value));
      }
    }
    for (const [field, value] of Object.entries(row.item)) {
      if (!isKnownField(field)) parts.push(valueToText(value));
    }
    text = foldText(parts.join('\u0001'));
    haystacks.set(row, text);
  }
  return text;
}

/**
 * Builds the searchable text of rows ahead of the first search, a slice at a time (call
 * it from idle time). Returns true when every row is ready.
 */
export function warmSearchIndex(
  rows: readonly CaseRow[],
  from: number,
  until: () => boolean,
): number {
  let i = from;
  while (i < rows.length && !until()) {
    searchableText(rows[i] as CaseRow);
    i++;
  }
  return i;
}

function searchPredicate(query: string): ((row: CaseRow) => boolean) | null {
  const tokens = foldText(query).split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return null;
  if (tokens.length === 1) {
    const token = tokens[0] as string;
    return (row) => searchableText(row).includes(token);
  }
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

// Folding text keys is the expensive part of a text sort: the same texts (statuses,
// creditors) repeat across rows, so each is folded once.
const foldedKeys = new Map<string, string>();
function foldedKey(value: string): string {
  let folded = foldedKeys.get(value);
  if (folded === undefined) {
    folded = foldText(value);
    if (foldedKeys.size > 200_000) foldedKeys.clear();
    foldedKeys.set(value, folded);
  }
  return folded;
}

interface SortLevel {
  direction: 1 | -1;
  /** Set when every value is a number or empty: compared as a typed array (NaN = empty). */
  numbers: Float64Array | null;
  keys: SortKey[];
}

function sortLevel(rows: readonly CaseRow[], column: ViewColumn, desc: boolean): SortLevel {
  const keys = new Array<SortKey>(rows.length);
  let allNumbers = true;
  for (let i = 0; i < rows.length; i++) {
    const value = column.value(rows[i] as CaseRow);
    if (typeof value === 'string') {
      allNumbers = false;
      keys[i] = foldedKey(value);
    } else keys[i] = value;
  }
  let numbers: Float64Array | null = null;
  if (allNumbers) {
    numbers = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) numbers[i] = (keys[i] as number | null) ?? Number.NaN;
  }
  return { direction: desc ? -1 : 1, numbers, keys };
}

function compareLevel(level: SortLevel, a: number, b: number): number {
  if (level.numbers) {
    const x = level.numbers[a] as number;
    const y = level.numbers[b] as number;
    if (x === y) return 0;
    if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
    if (Number.isNaN(y)) return -1;
    return (x - y) * level.direction;
  }
  const x = level.keys[a] as SortKey;
  const y = level.keys[b] as SortKey;
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  if (typeof x === 'number' && typeof y === 'number') return (x - y) * level.direction;
  // Mixed numbers and text (an unknown field can hold both): numbers first, ascending.
  if (typeof x === 'number') return -level.direction;
  if (typeof y === 'number') return level.direction;
  return (x < y ? -1 : 1) * level.direction;
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
    .map(({ entry, column }) => sortLevel(rows, column, entry.desc));
  if (levels.length === 0) return [...rows];
  const order = new Uint32Array(rows.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => {
    for (const level of levels) {
      const result = compareLevel(level, a, b);
      if (result !== 0) return result;
    }
    return a - b;
  });
  const sorted = new Array<CaseRow>(rows.length);
  for (let i = 0; i < order.length; i++) sorted[i] = rows[order[i] as number] as CaseRow;
  return sorted;
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
