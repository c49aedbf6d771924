// The last searches, to reopen in one click. Kept in localStorage (small, per browser).
import { formatInteger } from '@/lib/format';
import type { Rut } from '@/lib/rut';
import {
  type DateRange,
  describeDates,
  isQuickRangeId,
  type QuickRangeId,
  quickRangeDates,
  quickRangeLabel,
} from './quick-ranges';
import { DEFAULT_CONCURRENCY, DEFAULT_ROWS_PER_PAGE, type SearchChoice } from './search-params';

export interface RecentSearch {
  rut: Rut;
  /** The dates of its last run; a quick range is run again with today's. */
  from: string;
  to: string;
  range: QuickRangeId | null;
  rowsPerPage: number;
  concurrency: number;
  /** The debtor's business name, once a search has shown it. */
  name: string | null;
  /** When it was last run, epoch ms. */
  at: number;
}

export const MAX_RECENT_SEARCHES = 8;
const STORAGE_KEY = 'cen-explorer:recent-searches';

/** Same debtor and same dates (a quick range: the same range, whatever day it ran). */
const sameQuestion = (a: RecentSearch, b: RecentSearch) =>
  a.rut.body === b.rut.body &&
  a.range === b.range &&
  (a.range !== null || (a.from === b.from && a.to === b.to));

const sameSettings = (a: RecentSearch, b: RecentSearch) =>
  a.rowsPerPage === b.rowsPerPage && a.concurrency === b.concurrency;

const sameSearch = (a: RecentSearch, b: RecentSearch) => sameQuestion(a, b) && sameSettings(a, b);

/** The entry of a search that read its first page. */
export function recentSearchOf(
  choice: SearchChoice,
  name: string | null,
  at: number,
): RecentSearch {
  const { search, concurrency, range } = choice;
  return { ...search, range, concurrency, name, at };
}

/** The search an entry reopens: a quick range with today's dates (`today`: ISO, Santiago). */
export function choiceOfRecent(entry: RecentSearch, today: string): SearchChoice {
  const dates: DateRange = entry.range ? quickRangeDates(entry.range, today) : entry;
  return {
    search: { rut: entry.rut, from: dates.from, to: dates.to, rowsPerPage: entry.rowsPerPage },
    concurrency: entry.concurrency,
    range: entry.range,
  };
}

/** "Últimos 12 meses" or "14-11-2019 a 05-11-2025". */
export function recentRangeText(entry: RecentSearch): string {
  return entry.range ? quickRangeLabel(entry.range) : describeDates(entry);
}

/**
 * "1.000 filas/página · 2 simultáneas", when the entry's settings tell it apart: they are not
 * the defaults, or another entry asks the same with other settings. Null otherwise.
 */
export function recentSettingsText(
  entry: RecentSearch,
  list: readonly RecentSearch[],
): string | null {
  const defaults =
    entry.rowsPerPage === DEFAULT_ROWS_PER_PAGE && entry.concurrency === DEFAULT_CONCURRENCY;
  const twin = list.some((other) => sameQuestion(other, entry) && !sameSettings(other, entry));
  if (defaults && !twin) return null;
  return `${formatInteger(entry.rowsPerPage)} filas/página · ${entry.concurrency} ${
    entry.concurrency === 1 ? 'simultánea' : 'simultáneas'
  }`;
}

/** A key unique within a list (no two entries are the same search). */
export function recentSearchKey(entry: RecentSearch): string {
  const dates = entry.range ?? `${entry.from}|${entry.to}`;
  return `${entry.rut.body}|${dates}|${entry.rowsPerPage}|${entry.concurrency}`;
}

/** Puts `entry` first, keeps a known name, drops its older copy, bounds the list. */
export function addRecentSearch(
  list: readonly RecentSearch[],
  entry: RecentSearch,
): RecentSearch[] {
  const previous = list.find((item) => sameSearch(item, entry));
  const merged = { ...entry, name: entry.name ?? previous?.name ?? null };
  return [merged, ...list.filter((item) => !sameSearch(item, entry))].slice(0, MAX_RECENT_SEARCHES);
}

/** A stored entry, or null; entries saved before ranges and concurrency were kept get the defaults. */
function readRecentSearch(value: unknown): RecentSearch | null {
  const v = value as Partial<Record<keyof RecentSearch, unknown>> | null;
  if (typeof v !== 'object' || v === null) return null;
  const rut = v.rut as Partial<Rut> | undefined;
  const ok =
    typeof rut?.body === 'string' &&
    typeof rut?.dv === 'string' &&
    typeof v.from === 'string' &&
    typeof v.to === 'string' &&
    typeof v.rowsPerPage === 'number' &&
    typeof v.at === 'number' &&
    (v.name === null || typeof v.name === 'string') &&
    (v.range === undefined ||
      v.range === null ||
      (typeof v.range === 'string' && isQuickRangeId(v.range))) &&
    (v.concurrency === undefined || typeof v.concurrency === 'number');
  if (!ok) return null;
  return {
    ...(v as RecentSearch),
    range: (v.range as QuickRangeId | undefined) ?? null,
    concurrency: (v.concurrency as number | undefined) ?? DEFAULT_CONCURRENCY,
  };
}

export function loadRecentSearches(
  storage: Storage | undefined = globalThis.localStorage,
): RecentSearch[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed
      .map(readRecentSearch)
      .filter((entry): entry is RecentSearch => entry !== null)
      .slice(0, MAX_RECENT_SEARCHES);
  } catch {
    return [];
  }
}

export function saveRecentSearches(
  list: readonly RecentSearch[],
  storage: Storage | undefined = globalThis.localStorage,
): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(list));
  } catch {
    // Storage full or disabled: the list is a convenience, not data.
  }
}
