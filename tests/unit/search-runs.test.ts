// The live run of each search as React shows it. The requests it shows are what it cost: every
// run (a retry, the rest after the cost question) adds to the count; only "Actualizar", which
// reads every page again, restarts it. The cost question waits for the user's answer, and
// progress reaches React at once when it matters, in batches while pages arrive.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialPagingState, type PagingState } from '@/features/fetching/engine/paging-engine';
import { PROGRESS_INTERVAL_MS, SearchRunStore } from '@/features/fetching/engine/search-runs';

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

describe('SearchRunStore cost question', () => {
  it('shows the question while it waits, and resolves with the user’s answer', async () => {
    const store = new SearchRunStore();
    store.start('k');
    const answer = store.askConfirmation('k', new AbortController().signal);
    expect(store.get('k')?.pendingConfirmation).toBe(true);
    store.answerConfirmation('k', true);
    await expect(answer).resolves.toBe(true);
    expect(store.get('k')?.pendingConfirmation).toBe(false);
  });

  it('a run that ends while asked (a cancel) takes it as a no', async () => {
    const store = new SearchRunStore();
    store.start('k');
    const controller = new AbortController();
    const answer = store.askConfirmation('k', controller.signal);
    controller.abort();
    await expect(answer).resolves.toBe(false);
    expect(store.get('k')?.pendingConfirmation).toBe(false);
    // A late answer reaches nobody.
    expect(() => store.answerConfirmation('k', true)).not.toThrow();
  });

  it('an answer reaches only its own search', async () => {
    const store = new SearchRunStore();
    store.start('a');
    store.start('b');
    const a = store.askConfirmation('a', new AbortController().signal);
    const b = store.askConfirmation('b', new AbortController().signal);
    store.answerConfirmation('b', false);
    await expect(b).resolves.toBe(false);
    expect(store.get('a')?.pendingConfirmation).toBe(true);
    store.answerConfirmation('a', true);
    await expect(a).resolves.toBe(true);
  });
});

describe('SearchRunStore progress', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const loaded = (loadedPages: number, total = 1000): PagingState => ({
    ...initialPagingState(),
    total,
    loadedPages,
  });

  it('tells a new run, the first rows and a change of phase at once', () => {
    vi.useFakeTimers();
    const store = new SearchRunStore();
    const listener = vi.fn();
    store.subscribe(listener);
    store.start('k');
    expect(listener).toHaveBeenCalledTimes(1);
    store.setPaging('k', loaded(1));
    expect(listener).toHaveBeenCalledTimes(2);
    store.setPaging('k', { ...loaded(1), phase: 'complete' });
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it('tells later pages and requests at most once an interval, the latest always', () => {
    vi.useFakeTimers();
    const store = new SearchRunStore();
    store.start('k');
    store.setPaging('k', loaded(1));
    const listener = vi.fn();
    store.subscribe(listener);
    store.setPaging('k', loaded(2));
    store.countRequest('k');
    store.setPaging('k', loaded(3));
    expect(listener).not.toHaveBeenCalled();
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.get('k')?.paging.loadedPages).toBe(3);
    expect(store.get('k')?.requests).toBe(1);
  });

  it('tells a large search’s pages less often', () => {
    vi.useFakeTimers();
    const store = new SearchRunStore();
    store.start('k');
    store.setPaging('k', loaded(1, 100_000));
    const listener = vi.fn();
    store.subscribe(listener);
    store.setPaging('k', loaded(2, 100_000));
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS);
    expect(listener).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('stops telling a listener once it unsubscribed; a search never started has no run', () => {
    const store = new SearchRunStore();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    unsubscribe();
    store.start('k');
    expect(listener).not.toHaveBeenCalled();
    store.setPaging('other', loaded(1));
    store.countRequest('other');
    expect(store.get('other')).toBeUndefined();
  });
});
