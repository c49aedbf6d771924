// Rows + view state → the rows the table shows, the charts count and the CSV exports.
// Written for 100,000 rows: searchable text is built once per row, sort keys once per
// sort, and the sort itself runs on an index array (TanStack's sorted row model is several
// times slower on 100k rows; docs/performance.md has the figures).

import type { CaseRow } from '@/features/rows/case-rows';
import { foldText, valueToText } from '@/lib/text';
import { isKnownField, KNOWN_COLUMNS, type ViewColumn } from './columns';
import type { ColumnFilter, SortEntry, ViewState } from './view-state';

// A cache by row identity: each row's searchable text, until the joined index of a rows
// array that holds it takes its place (warmSearchIndex).
const haystacks = new WeakMap<CaseRow, string>();

/** `1234568` → `1.234.568`, without Intl (this runs for every row). */
function groupThousands(value: number): string {
  return String(Math.abs(Math.round(value))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** Everything a person could search a row by, folded (no case, no accents). */
export function searchableText(row: CaseRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    text = rowText(row);
    haystacks.set(row, text);
  }
  return text;
}

function rowText(row: CaseRow): string {
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
  return foldText(parts.join('\u0001'));
}

/**
 * Every row's searchable text joined, rows separated by NUL: a token is found with a few
 * native indexOf scans over all rows instead of 100,000 includes() calls on separate
 * strings (several times slower). The text is cut in chunks of CHUNK_ROWS rows, each
 * joined in its own slice of idle time: joining all rows at once is one long task.
 */
interface IndexChunk {
  text: string;
  /** Offset of each of the chunk's rows in `text`, plus the end. */
  starts: Uint32Array;
  /** Position of the chunk's first row in the rows. */
  first: number;
}
type JoinedIndex = readonly IndexChunk[];
const CHUNK_ROWS = 4096;
const joinedIndexes = new WeakMap<readonly CaseRow[], JoinedIndex>();

/** An index being built: its chunks so far, and the texts of the next one. */
interface IndexBuild {
  chunks: IndexChunk[];
  pending: string[];
  next: number;
}
const indexBuilds = new WeakMap<readonly CaseRow[], IndexBuild>();

function sealChunk(build: IndexBuild) {
  const starts = new Uint32Array(build.pending.length + 1);
  let offset = 0;
  build.pending.forEach((text, i) => {
    starts[i] = offset;
    offset += text.length + 1;
  });
  starts[build.pending.length] = offset;
  build.chunks.push({
    text: build.pending.join('\u0000'),
    starts,
    first: build.next - build.pending.length,
  });
  build.pending = [];
}

/** Rows whose text holds the token, as a mask over the rows. */
function rowsContaining(index: JoinedIndex, rowCount: number, token: string): Uint8Array {
  const mask = new Uint8Array(rowCount);
  for (const { text, starts, first } of index) {
    const chunkRows = starts.length - 1;
    let row = 0;
    let position = text.indexOf(token);
    while (position !== -1) {
      // Rows are found in order: advance to the one holding this position.
      while ((starts[row + 1] as number) <= position) row++;
      mask[first + row] = 1;
      row++;
      if (row >= chunkRows) break;
      position = text.indexOf(token, starts[row] as number);
    }
  }
  return mask;
}

function searchTokens(query: string): string[] {
  return foldText(query).split(/\s+/).filter(Boolean);
}

/**
 * Builds the search index of rows ahead of the first search, a slice at a time (call it
 * from idle time until it returns true): each row's text, a chunk joined every CHUNK_ROWS
 * rows. Returns whether the index is complete.
 */
export function warmSearchIndex(rows: readonly CaseRow[], until: () => boolean): boolean {
  if (joinedIndexes.has(rows)) return true;
  let build = indexBuilds.get(rows);
  if (!build) {
    build = { chunks: [], pending: [], next: 0 };
    indexBuilds.set(rows, build);
  }
  while (build.next < rows.length && !until()) {
    const row = rows[build.next] as CaseRow;
    // The joined text holds it from now on: the row's own copy would double the memory.
    build.pending.push(haystacks.get(row) ?? rowText(row));
    haystacks.delete(row);
    build.next++;
    if (build.pending.length === CHUNK_ROWS) sealChunk(build);
  }
  if (build.next < rows.length) return false;
  if (build.pending.length > 0) sealChunk(build);
  joinedIndexes.set(rows, build.chunks);
  indexBuilds.delete(rows);
  // A search typed while the index was being built cached rows' texts again: drop them.
  for (const row of rows) haystacks.delete(row);
  return true;
}

function searchPredicate(query: string): ((row: CaseRow) => boolean) | null {
  const tokens = searchTokens(query);
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

/** The rows matching every token, from the joined index; null when nothing is searched. */
function indexedSearch(index: JoinedIndex, rowCount: number, query: string): Uint8Array | null {
  const tokens = searchTokens(query);
  if (tokens.length === 0) return null;
  const mask = rowsContaining(index, rowCount, tokens[0] as string);
  for (const token of tokens.slice(1)) {
    const next = rowsContaining(index, rowCount, token);
    for (let i = 0; i < mask.length; i++) mask[i] = (mask[i] as number) & (next[i] as number);
  }
  return mask;
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

/**
 * Sorts a single all-number level with the engine's native numeric sort: each key and its
 * row index packed into one float (key × n + index), so ties keep the API's order without
 * a comparator (about 8 ms for 100,000 rows, against 70 ms with one). Null when a key is
 * not an integer or too large to pack exactly; empty values go last in both directions.
 */
function packedNumericOrder(level: SortLevel & { numbers: Float64Array }): Uint32Array | null {
  const { numbers, direction } = level;
  const n = numbers.length;
  const limit = Math.floor(Number.MAX_SAFE_INTEGER / (n + 1)) - 1;
  const packed = new Float64Array(n);
  const empties: number[] = [];
  let filled = 0;
  for (let i = 0; i < n; i++) {
    const key = numbers[i] as number;
    if (Number.isNaN(key)) {
      empties.push(i);
      continue;
    }
    if (!Number.isInteger(key) || Math.abs(key) > limit) return null;
    packed[filled++] = key * direction * n + i;
  }
  const sorted = packed.subarray(0, filled).sort();
  const order = new Uint32Array(n);
  for (let j = 0; j < filled; j++) {
    const value = sorted[j] as number;
    let quotient = Math.floor(value / n);
    let index = value - quotient * n;
    // Guard against the division rounding across a multiple of n.
    if (index < 0) {
      quotient--;
      index += n;
    } else if (index >= n) {
      quotient++;
      index -= n;
    }
    order[j] = index;
  }
  for (let j = 0; j < empties.length; j++) order[filled + j] = empties[j] as number;
  return order;
}

/** Sorts by the entries in order; empty values always last; ties keep the API's order. */
export function sortRows(
  rows: readonly CaseRow[],
  columns: readonly ViewColumn[],
  sort: readonly SortEntry[],
): readonly CaseRow[] {
  const levels = sort
    .map((entry) => ({ entry, column: columns.find((c) => c.id === entry.id) }))
    .filter(
      (level): level is { entry: SortEntry; column: ViewColumn } => level.column !== undefined,
    )
    .map(({ entry, column }) => sortLevel(rows, column, entry.desc));
  // Nothing to sort: the same rows (never mutated), not a copy of 100,000 references.
  if (levels.length === 0) return rows;
  const single = levels.length === 1 ? (levels[0] as SortLevel) : null;
  let order =
    single?.numbers != null
      ? packedNumericOrder(single as SortLevel & { numbers: Float64Array })
      : null;
  if (!order) {
    order = new Uint32Array(rows.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    order.sort((a, b) => {
      for (const level of levels) {
        const result = compareLevel(level, a, b);
        if (result !== 0) return result;
      }
      return a - b;
    });
  }
  const sorted = new Array<CaseRow>(rows.length);
  for (let i = 0; i < order.length; i++) sorted[i] = rows[order[i] as number] as CaseRow;
  return sorted;
}

export function filterRows(
  rows: readonly CaseRow[],
  columns: readonly ViewColumn[],
  state: Pick<ViewState, 'search' | 'filters'>,
): readonly CaseRow[] {
  const predicates: ((row: CaseRow) => boolean)[] = [];
  for (const [id, filter] of Object.entries(state.filters)) {
    const column = columns.find((c) => c.id === id);
    if (column) predicates.push(filterPredicate(column, filter));
  }
  const index = joinedIndexes.get(rows);
  const found = index ? indexedSearch(index, rows.length, state.search) : null;
  const search = index ? null : searchPredicate(state.search);
  if (search) predicates.push(search);
  // Nothing filters: the same rows (never mutated), not a copy.
  if (predicates.length === 0 && !found) return rows;
  const result: CaseRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (found && found[i] === 0) continue;
    const row = rows[i] as CaseRow;
    if (predicates.every((test) => test(row))) result.push(row);
  }
  return result;
}

/** The current view: filtered, then sorted. */
export function applyView(
  rows: readonly CaseRow[],
  columns: readonly ViewColumn[],
  state: ViewState,
): readonly CaseRow[] {
  return sortRows(filterRows(rows, columns, state), columns, state.sort);
}

/** The visible columns, in order: the state's list (ids that exist), or the defaults. */
export function visibleColumns(
  columns: readonly ViewColumn[],
  state: Pick<ViewState, 'columns'>,
): ViewColumn[] {
  if (state.columns === null) {
    // Defaults, plus every unknown field: nothing the API sent is hidden by surprise.
    return columns.filter((c) => c.visibleByDefault);
  }
  const byId = new Map(columns.map((c) => [c.id, c]));
  return state.columns.map((id) => byId.get(id)).filter((c): c is ViewColumn => c !== undefined);
}
