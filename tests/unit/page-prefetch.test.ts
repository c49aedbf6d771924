// The page worker's fetching ahead: how many requests it keeps on the network, when it
// launches the next one, and that it never makes a request the paging engine would not.

import { describe, expect, it, vi } from 'vitest';
import { pageCountFor } from '@/contract/page-rules';
import { PROXY_CODES } from '@/contract/proxy-codes';
import type { FetchPageOptions } from '@/features/fetching/api/fetch-page';
import { PageError } from '@/features/fetching/api/page-error';
import {
  createPagePrefetcher,
  isLaneRefusal,
  type PrefetchPlan,
  takenOrOwn,
} from '@/features/fetching/worker/page-prefetch';
import type { PageData } from '@/features/rows/page-data';
import type { SearchInput } from '@/features/search-input/search-input';
import { pageError } from '../support/fixtures/page-errors';
import { seedSearch } from '../support/fixtures/requests';

const SEARCH = seedSearch();

interface FakeRequest {
  page: number;
  options: FetchPageOptions;
  /** The proxy vouched for the page as its answer started (PROXY_HEADERS.pageItems). */
  vouch(items: number): void;
  /** The page was read and checked, with this many items. */
  resolve(items?: number): void;
  reject(error: Error): void;
  aborted(): boolean;
}

function fakeFetcher() {
  const requests: FakeRequest[] = [];
  const fetcher = (_search: SearchInput, page: number, options: FetchPageOptions) =>
    new Promise<PageData>((resolve, reject) => {
      requests.push({
        page,
        options,
        vouch: (items) => options.onVouched?.(items, null),
        resolve: (items = 200) =>
          resolve({
            page,
            total: 4575,
            items: Array.from({ length: items }, () => ({})),
          } as unknown as PageData),
        reject,
        aborted: () => options.signal?.aborted ?? false,
      });
      options.signal?.addEventListener('abort', () => reject(new Error('aborted')));
    });
  return { fetcher, requests, pages: () => requests.map((r) => r.page) };
}

/** A plan whose last page is the highest it reads. */
const plan = (pages: number[], concurrency = 4, bypassCache = false): PrefetchPlan => {
  const total = Math.max(...pages) * SEARCH.rowsPerPage + 1;
  return {
    search: SEARCH,
    pages,
    concurrency,
    bypassCache,
    extent: { total, pageCount: pageCountFor(total, SEARCH.rowsPerPage) },
  };
};
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('page prefetch', () => {
  it('keeps `concurrency` requests going and launches the next as soon as one is read, before anyone asks for it', async () => {
    const { fetcher, requests, pages } = fakeFetcher();
    const prefetcher = createPagePrefetcher(fetcher);
    prefetcher.start(1, plan(range(1, 22)));
    expect(pages()).toEqual([1, 2, 3, 4]);
    requests[0]?.resolve();
    await flush();
    // Nobody took page 1 yet: page 5 leaves all the same.
    expect(pages()).toEqual([1, 2, 3, 4, 5]);
    for (const request of requests.slice(1, 4)) request.resolve();
    await flush();
    // Never more than `concurrency` pages ahead of what was taken: 8 made, none taken.
    expect(pages()).toEqual(range(1, 8));
    for (const request of requests.slice(4)) request.resolve();
    await flush();
    expect(pages()).toEqual(range(1, 8));
    // Taking a page makes room for one more.
    prefetcher.take(SEARCH, 1, false);
    expect(pages()).toEqual(range(1, 9));
    // Ended, what nobody took is counted: pages 2 to 9.
    expect(prefetcher.end(1)).toBe(8);
  });

  it('hands a launched page to whoever asks for it, once; the data is the request’s', async () => {
    const { fetcher, requests } = fakeFetcher();
    const prefetcher = createPagePrefetcher(fetcher);
    prefetcher.start(1, plan(range(1, 3), 2));
    const taken = prefetcher.take(SEARCH, 1, false);
    expect(taken).toBeDefined();
    expect(prefetcher.take(SEARCH, 1, false)).toBeUndefined();
    requests[0]?.resolve(7);
    await expect(taken?.promise).resolves.toMatchObject({ page: 1, items: { length: 7 } });
    expect(prefetcher.end(1)).toBe(2); // pages 2 and 3, made and never taken
  });

  it('does not launch a page asked for before its turn: the caller’s own request replaces it', async () => {
    const { fetcher, requests, pages } = fakeFetcher();
    const prefetcher = createPagePrefetcher(fetcher);
    prefetcher.start(1, plan(range(1, 4), 1));
    expect(prefetcher.take(SEARCH, 2, false)).toBeUndefined();
    requests[0]?.resolve();
    await flush();
    expect(pages()).toEqual([1, 3]);
  });

  it('never hands a page to another search, or to a request that bypasses the cache', () => {
    const { fetcher } = fakeFetcher();
    const prefetcher = createPagePrefetcher(fetcher);
    prefetcher.start(1, plan([1]));
    expect(prefetcher.take({ ...SEARCH, rowsPerPage: 1000 }, 1, false)).toBeUndefined();
    expect(prefetcher.take({ ...SEARCH, to: '2025-11-06' }, 1, false)).toBeUndefined();
    expect(prefetcher.take(SEARCH, 1, true)).toBeUndefined();
    expect(prefetcher.take(SEARCH, 1, false)).toBeDefined();
  });

  it('passes the plan’s cache bypass on to its requests', () => {
    const { fetcher, requests } = fakeFetcher();
    createPagePrefetcher(fetcher).start(1, plan([1, 2], 4, true));
    expect(requests.map((r) => r.options.bypassCache)).toEqual([true, true]);
  });

  it('at concurrency 1, no request leaves before the previous page proved good', async () => {
    const { fetcher, requests, pages } = fakeFetcher();
    createPagePrefetcher(fetcher).start(1, plan(range(1, 10), 1));
    await flush();
    expect(pages()).toEqual([1]);
    requests[0]?.resolve();
    await flush();
    expect(pages()).toEqual([1, 2]);
  });

  it('launches nothing more after a failed page (it stops the engine, or the engine retries it)', async () => {
    const { fetcher, requests, pages } = fakeFetcher();
    createPagePrefetcher(fetcher).start(1, plan(range(1, 10), 2));
    requests[0]?.reject(new Error('HTTP 500'));
    await flush();
    requests[1]?.resolve();
    await flush();
    expect(pages()).toEqual([1, 2]);
  });

  it('stops at an empty page before the last one, as the paging engine does', async () => {
    const { fetcher, requests, pages } = fakeFetcher();
    createPagePrefetcher(fetcher).start(1, plan(range(1, 10), 2));
    requests[0]?.resolve(0);
    await flush();
    requests[1]?.resolve();
    await flush();
    expect(pages()).toEqual([1, 2]);
  });

  it('an empty last page is no reason to stop', async () => {
    const { fetcher, requests, pages } = fakeFetcher();
    createPagePrefetcher(fetcher).start(1, plan([3, 1, 2], 2));
    expect(pages()).toEqual([3, 1]);
    requests[0]?.resolve(0); // page 3, the last, is empty
    await flush();
    expect(pages()).toEqual([3, 1, 2]);
  });

  it('frees a slot as soon as the proxy vouches for a page, before its body is read', async () => {
    const { fetcher, requests, pages } = fakeFetcher();
    createPagePrefetcher(fetcher).start(1, plan(range(1, 10), 2));
    requests[0]?.vouch(200);
    expect(pages()).toEqual([1, 2, 3]);
    // Its body read later frees nothing more.
    requests[0]?.resolve();
    await flush();
    expect(pages()).toEqual([1, 2, 3]);
  });

  it('a vouched empty page before the end stops the plan; a page vouched for but refused here stops it too', async () => {
    const empty = fakeFetcher();
    createPagePrefetcher(empty.fetcher).start(1, plan(range(1, 10), 1));
    empty.requests[0]?.vouch(0);
    empty.requests[0]?.resolve(0);
    await flush();
    expect(empty.pages()).toEqual([1]);

    const refused = fakeFetcher();
    createPagePrefetcher(refused.fetcher).start(1, plan(range(1, 10), 2));
    refused.requests[0]?.vouch(200);
    expect(refused.pages()).toEqual([1, 2, 3]);
    refused.requests[0]?.reject(new Error('contract'));
    await flush();
    refused.requests[1]?.resolve();
    await flush();
    expect(refused.pages()).toEqual([1, 2, 3]);
  });

  it('ending a plan cancels what nobody took and launches nothing more', async () => {
    const { fetcher, requests, pages } = fakeFetcher();
    const prefetcher = createPagePrefetcher(fetcher);
    prefetcher.start(7, plan(range(1, 10), 3));
    const taken = prefetcher.take(SEARCH, 1, false);
    taken?.promise.catch(() => {});
    expect(prefetcher.end(7)).toBe(2);
    expect(requests.map((r) => r.aborted())).toEqual([false, true, true]);
    expect(prefetcher.end(7)).toBe(0);
    requests[0]?.resolve();
    await flush();
    expect(pages()).toEqual([1, 2, 3]);
    // A page asked for after the end gets no prefetched request.
    expect(prefetcher.take(SEARCH, 4, false)).toBeUndefined();
  });
});

describe('page prefetch where the proxy keeps search lanes', () => {
  const laneRefusal = (httpStatus = 409) =>
    pageError('stop', {
      code: PROXY_CODES.laneClosed.code,
      type: 'DO_NOT_RETRY',
      description: 'no enviada',
      httpStatus,
    });

  it('keeps one page more than the concurrency on the way, each naming its lane and concurrency', async () => {
    const { fetcher, requests, pages } = fakeFetcher();
    const prefetcher = createPagePrefetcher(fetcher, { laneFor: (planId) => `lane-${planId}` });
    prefetcher.start(7, plan(range(1, 22)));
    expect(pages()).toEqual([1, 2, 3, 4, 5]);
    // Each names its position in the plan: the proxy goes by it, whatever order they arrive in.
    expect(requests.map((r) => r.options.lane)).toEqual(
      [0, 1, 2, 3, 4].map((position) => `lane-7:4:${position}`),
    );
    // The rule stays: the next one leaves once an earlier one proved good.
    requests[0]?.vouch(200);
    expect(pages()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('sends none ahead where that would take the last of six connections, or without a lane', () => {
    const atFive = fakeFetcher();
    createPagePrefetcher(atFive.fetcher, { laneFor: () => 'lane-1' }).start(
      1,
      plan(range(1, 9), 5),
    );
    expect(atFive.pages()).toEqual([1, 2, 3, 4, 5]);
    expect(atFive.requests.map((r) => r.options.lane)).toEqual(Array(5).fill(undefined));
    const noLane = fakeFetcher();
    createPagePrefetcher(noLane.fetcher, { laneFor: () => null }).start(1, plan(range(1, 9), 2));
    expect(noLane.pages()).toEqual([1, 2]);
  });

  it('launches a page asked for before its turn in its lane, so no position of the lane is missing', () => {
    const { fetcher, requests, pages } = fakeFetcher();
    const prefetcher = createPagePrefetcher(fetcher, { laneFor: () => 'lane-1' });
    prefetcher.start(1, plan(range(1, 9), 1));
    expect(pages()).toEqual([1, 2]);
    const taken = prefetcher.take(SEARCH, 4, false);
    expect(taken).toBeDefined();
    expect(pages()).toEqual([1, 2, 4]);
    expect(requests[2]?.options.lane).toBe('lane-1:1:3');
    // Page 3 keeps its own place, and leaves in its turn (page 4 took one of the two slots).
    prefetcher.take(SEARCH, 1, false);
    requests[0]?.vouch(10);
    expect(pages()).toEqual([1, 2, 4]);
    requests[1]?.vouch(10);
    expect(pages()).toEqual([1, 2, 4, 3]);
    expect(requests[3]?.options.lane).toBe('lane-1:1:2');
  });

  it('counts a page the lane turned away as never made, and launches nothing after it', async () => {
    const { fetcher, requests, pages } = fakeFetcher();
    const prefetcher = createPagePrefetcher(fetcher, { laneFor: () => 'lane-1' });
    prefetcher.start(1, plan(range(1, 9), 1));
    expect(pages()).toEqual([1, 2]);
    requests[0]?.reject(new Error('HTTP 500'));
    requests[1]?.reject(laneRefusal());
    await flush();
    expect(pages()).toEqual([1, 2]);
    expect(prefetcher.end(1)).toBe(1); // page 1 (made, failed, untaken); page 2 was not sent
  });

  it('tells a lane refusal from any other failure, by code and status', () => {
    expect(isLaneRefusal(laneRefusal())).toBe(true);
    expect(isLaneRefusal(new Error(PROXY_CODES.laneClosed.code))).toBe(false);
    // An API error that happens to carry the code is the API's, not the proxy's refusal.
    expect(isLaneRefusal(laneRefusal(400))).toBe(false);
  });

  it('asks on its own for a taken page a lane turned away, and only then', async () => {
    const data = { page: 3 } as unknown as PageData;
    const own = vi.fn(() => Promise.resolve(data));
    const taken = (error: unknown, aborted = false) => {
      const controller = new AbortController();
      if (aborted) controller.abort();
      return { promise: Promise.reject(error), controller };
    };
    await expect(takenOrOwn(taken(laneRefusal()), own)).resolves.toBe(data);
    expect(own).toHaveBeenCalledTimes(1);
    const failure = new Error('HTTP 500');
    await expect(takenOrOwn(taken(failure), own)).rejects.toBe(failure);
    await expect(takenOrOwn(taken(laneRefusal(), true), own)).rejects.toBeInstanceOf(PageError);
    const fine = { promise: Promise.resolve(data), controller: new AbortController() };
    await expect(takenOrOwn(fine, own)).resolves.toBe(data);
    expect(own).toHaveBeenCalledTimes(1);
  });
});
