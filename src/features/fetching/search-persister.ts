// Complete searches persisted in IndexedDB, so a reload or a reopened link costs no
// request. Only the search query is persisted, once its function resolved (= every page
// read); how it is stored (page by page, in idle time) is paged-search-storage's concern.
import { experimental_createQueryPersister } from '@tanstack/react-query-persist-client';
import { createStore, del, get, set, setMany } from 'idb-keyval';
import { idlePeriod, pagedSearchStorage, SEARCH_CACHE_MAX_AGE_MS } from './paged-search-storage';

function createSearchPersister() {
  if (typeof indexedDB === 'undefined') return null;
  const store = createStore('cen-explorer', 'searches');
  // Open the database now, not on the first search: that would delay its first request.
  void get('__index__', store).catch(() => undefined);
  const kv = {
    get: <T>(key: string) => get<T>(key, store),
    set: (key: string, value: unknown) => set(key, value, store),
    setMany: (entries: [string, unknown][]) => setMany(entries, store),
    del: (key: string) => del(key, store),
  };
  return experimental_createQueryPersister({
    storage: pagedSearchStorage(kv, idlePeriod),
    serialize: (query) => query,
    deserialize: (stored) => stored,
    maxAge: SEARCH_CACHE_MAX_AGE_MS,
    prefix: 'search',
    // v2: pages stored one by one as JSON text.
    buster: 'v2',
    // Never read the API again by itself: every request is billed.
    refetchOnRestore: false,
  });
}

export const searchPersister = createSearchPersister();
