// The requests a search shows are what it cost: every run of it (a retry, the rest after the
// cost question) adds to the count; only "Actualizar", which reads every page again, restarts it.
import { describe, expect, it } from 'vitest';
import { initialPagingState } from '@/features/fetching/engine/paging-engine';
import { SearchRunStore } from '@/features/fetching/engine/search-runs';

function runWith(store: SearchRunStore, key: string, requests: number, recount = false) {
  store.start(key, { recount });
  for (let i = 0; i < requests; i++) store.countRequest(key);
}

describe('SearchRunStore request count', () => {
  it('a retry that recovers a page adds its request to those before it', () => {
    const store = new SearchRunStore();
    runWith(store, 'k', 23);
    runWith(store, 'k', 1);
    expect(store.get('k')?.requests).toBe(24);
  });

  it('"Cargar el resto" after declining adds its 499 requests to page 0', () => {
    const store = new SearchRunStore();
    runWith(store, 'k', 1);
    runWith(store, 'k', 499);
    expect(store.get('k')?.requests).toBe(500);
  });

  it('each search keeps its own count, and a refresh starts from zero', () => {
    const store = new SearchRunStore();
    runWith(store, 'a', 5);
    runWith(store, 'b', 7);
    runWith(store, 'a', 3, true);
    expect(store.get('a')?.requests).toBe(3);
    expect(store.get('b')?.requests).toBe(7);
  });

  it('a new run starts its progress afresh', () => {
    const store = new SearchRunStore();
    runWith(store, 'k', 2);
    store.setPaging('k', { ...initialPagingState(), phase: 'failed', loadedPages: 3 });
    store.start('k');
    expect(store.get('k')?.paging.phase).toBe('loading');
    expect(store.get('k')?.paging.loadedPages).toBe(0);
  });
});
