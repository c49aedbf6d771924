// The last searches, to reopen in one click. Kept in localStorage (small, per browser).
import type { Rut } from '@/lib/rut';

export interface RecentSearch {
  rut: Rut;
  from: string;
  to: string;
  rowsPerPage: number;
  /** The debtor's business name, once a search has shown it. */
  name: string | null;
  /** When it was last run, epoch ms. */
  at: number;
}

export const MAX_RECENT_SEARCHES = 8;
const STORAGE_KEY = 'cen-explorer:recent-searches';

const sameSearch = (a: RecentSearch, b: RecentSearch) =>
  a.rut.body === b.rut.body &&
  a.from === b.from &&
  a.to === b.to &&
  a.rowsPerPage === b.rowsPerPage;

/** Puts `entry` first, keeps a known name, drops its older copy, bounds the list. */
export function addRecentSearch(
  list: readonly RecentSearch[],
  entry: RecentSearch,
): RecentSearch[] {
  const previous = list.find((item) => sameSearch(item, entry));
  const merged = { ...entry, name: entry.name ?? previous?.name ?? null };
  return [merged, ...list.filter((item) => !sameSearch(item, entry))].slice(0, MAX_RECENT_SEARCHES);
}

function isRecentSearch(value: unknown): value is RecentSearch {
  const v = value as RecentSearch;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.rut?.body === 'string' &&
    typeof v.rut?.dv === 'string' &&
    typeof v.from === 'string' &&
    typeof v.to === 'string' &&
    typeof v.rowsPerPage === 'number' &&
    typeof v.at === 'number' &&
    (v.name === null || typeof v.name === 'string')
  );
}

export function loadRecentSearches(
  storage: Storage | undefined = globalThis.localStorage,
): RecentSearch[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isRecentSearch).slice(0, MAX_RECENT_SEARCHES) : [];
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
