// Complete searches persisted in IndexedDB, so a reload or a reopened link costs no
// request. Only the search query is persisted, once its function resolved (= every page
// read); values are stored as structured clones (no JSON of 48 MB), bounded and expiring.
import {
  experimental_createQueryPersister,
  type PersistedQuery,
} from '@tanstack/react-query-persist-client';
import { createStore, del, get, set, type UseStore } from 'idb-keyval';

export const SEARCH_CACHE_MAX_AGE_MS = 24 * 60 * 60_000;
export const SEARCH_CACHE_MAX_ENTRIES = 20;
/** About 200 MB of rows at most on disk. */
export const SEARCH_CACHE_MAX_ROWS = 400_000;

const INDEX_KEY = '__index__';

interface IndexEntry {
  key: string;
  rows: number;
  savedAt: number;
}

function rowsOf(value: PersistedQuery): number {
  const data = value.state.data as { pages?: { items: unknown[] }[] } | undefined;
  return data?.pages?.reduce((sum, page) => sum + page.items.length, 0) ?? 0;
}

/** Keeps the newest entries within the bounds; returns the keys to delete. */
export function entriesToEvict(index: readonly IndexEntry[]): string[] {
  const newestFirst = [...index].sort((a, b) => b.savedAt - a.savedAt);
  const evict: string[] = [];
  let rows = 0;
  newestFirst.forEach((entry, position) => {
    rows += entry.rows;
    if (position >= SEARCH_CACHE_MAX_ENTRIES || rows > SEARCH_CACHE_MAX_ROWS) evict.push(entry.key);
  });
  return evict;
}

function boundedIdbStorage(store: UseStore) {
  let queue: Promise<unknown> = Promise.resolve();
  // Index updates run one after another so two saves never lose each other's entry.
  const serially = <T>(task: () => Promise<T>) => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    getItem: (key: string) => get<PersistedQuery>(key, store),
    setItem: (key: string, value: PersistedQuery) =>
      serially(async () => {
        await set(key, value, store);
        const index = ((await get<IndexEntry[]>(INDEX_KEY, store)) ?? []).filter(
          (e) => e.key !== key,
        );
        index.push({ key, rows: rowsOf(value), savedAt: Date.now() });
        const evict = new Set(entriesToEvict(index));
        for (const old of evict) await del(old, store);
        await set(
          INDEX_KEY,
          index.filter((e) => !evict.has(e.key)),
          store,
        );
      }),
    removeItem: (key: string) =>
      serially(async () => {
        await del(key, store);
        const index = (await get<IndexEntry[]>(INDEX_KEY, store)) ?? [];
        await set(
          INDEX_KEY,
          index.filter((e) => e.key !== key),
          store,
        );
      }),
  };
}

function createSearchPersister() {
  if (typeof indexedDB === 'undefined') return null;
  const store = createStore('cen-explorer', 'searches');
  // Open the database now, not on the first search: that would delay its first request.
  void get(INDEX_KEY, store).catch(() => undefined);
  return experimental_createQueryPersister<PersistedQuery>({
    storage: boundedIdbStorage(store),
    serialize: (query) => query,
    deserialize: (stored) => stored,
    maxAge: SEARCH_CACHE_MAX_AGE_MS,
    prefix: 'search',
    buster: 'v1',
    // Never read the API again by itself: every request is billed.
    refetchOnRestore: false,
  });
}

export const searchPersister = createSearchPersister();
