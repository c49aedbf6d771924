// Complete searches persisted in IndexedDB, so a reload or a reopened link costs no
// request. Only the search query is persisted, once its function resolved (= every page
// read); how it is stored (page by page, in idle time) is paged-search-storage's concern.
import { experimental_createQueryPersister } from '@tanstack/react-query-persist-client';
import { createStore, del, delMany, get, getMany, set, setMany } from 'idb-keyval';
import { idlePeriod } from '@/lib/idle';
import { pagedSearchStorage, SEARCH_CACHE_MAX_AGE_MS } from './paged-search-storage';

function createSearchPersister() {
  if (typeof indexedDB === 'undefined') return null;
  const store = createStore('cen-explorer', 'searches');
  const kv = {
    get: <T>(key: string) => get<T>(key, store),
    set: (key: string, value: unknown) => set(key, value, store),
    setMany: (entries: [string, unknown][]) => setMany(entries, store),
    getMany: <T>(keys: string[]) => getMany<T>(keys, store),
    del: (key: string) => del(key, store),
    delMany: (keys: string[]) => delMany(keys, store),
  };
  const storage = pagedSearchStorage(kv, idlePeriod);
  // Open the database and read its index now, not on the first search: that would delay
  // its first request.
  storage.prepare();
  return experimental_createQueryPersister({
    storage,
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
