// The page worker's handling of the main thread's messages (page-worker-handler.ts, which
// page-worker.ts runs), driven with a fake fetchPage and clock: what it replies, what it
// cancels, and when the rest of a search leaves ahead of the engine.

import { describe, expect, it } from 'vitest';
import type { FetchPageOptions } from '@/features/fetching/api/fetch-page';
import { PageError } from '@/features/fetching/api/page-error';
import { FAST_FIRST_PAGE_MS } from '@/features/fetching/engine/paging-engine';
import { unpackPage } from '@/features/fetching/worker/page-packing';
import { createPageWorkerHandler } from '@/features/fetching/worker/page-worker-handler';
import type {
  PageWorkerReply,
  PageWorkerRequest,
} from '@/features/fetching/worker/page-worker-protocol';
import type { PageData } from '@/features/rows/page-data';
import type { SearchInput } from '@/features/search-input/search-input';
import { WAIT_4_HOURS_DETAILS } from '../support/fixtures/page-errors';
import { seedSearch } from '../support/fixtures/requests';
import { distinctPage } from '../support/fixtures/rows';

const SEARCH: SearchInput = seedSearch({ rowsPerPage: 50 });
/** Four pages of 50. */
const TOTAL = 200;

interface FakeRequest {
  page: number;
  options: FetchPageOptions;
  /** The proxy vouched for the page as its answer started, with its total. */
  vouch(items?: number): void;
  resolve(): void;
  reject(error: unknown): void;
}

const pageData = (page: number): PageData => distinctPage(50, { page, total: TOTAL });

function worker({ lanes = false } = {}) {
  const requests: FakeRequest[] = [];
  const replies: PageWorkerReply[] = [];
  let clock = 0;
  const handle = createPageWorkerHandler({
    post: (reply) => replies.push(reply),
    now: () => clock,
    fetchPage: (_search, page, options = {}) =>
      new Promise<PageData>((resolve, reject) => {
        requests.push({
          page,
          options,
          vouch: (items = 50) => options.onVouched?.(items, TOTAL),
          resolve: () => {
            options.onLanes?.(lanes);
            resolve(pageData(page));
          },
          reject,
        });
        options.signal?.addEventListener('abort', () => reject(options.signal?.reason));
      }),
  });
  const send = (message: PageWorkerRequest) => handle(message);
  return {
    send,
    requests,
    replies,
    pages: () => requests.map((request) => request.page),
    request: (page: number) => {
      const found = requests.find((request) => request.page === page);
      if (!found) throw new Error(`page ${page} was never asked for`);
      return found;
    },
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

const fetch = (id: number, page: number, extra: Partial<PageWorkerRequest> = {}) =>
  ({ kind: 'fetch', id, search: SEARCH, page, bypassCache: false, ...extra }) as PageWorkerRequest;

const open = (planId: number, changes: Record<string, unknown> = {}): PageWorkerRequest => ({
  kind: 'plan-open',
  planId,
  search: SEARCH,
  concurrency: 2,
  bypassCache: false,
  maxRequests: 50,
  cached: [],
  ...changes,
});

const SLOW = FAST_FIRST_PAGE_MS + 50;

describe('page worker: one page', () => {
  it('replies with the page packed for the hand-over, under the request’s id', async () => {
    const w = worker();
    const done = w.send(fetch(9, 2));
    w.request(2).resolve();
    await done;
    expect(w.replies).toHaveLength(1);
    const reply = w.replies[0];
    if (!reply || 'kind' in reply || !reply.ok) throw new Error('expected a page');
    expect(reply.id).toBe(9);
    expect(unpackPage(reply.data).items).toEqual(pageData(2).items);
  });

  it('asks past the caches when told to', () => {
    const w = worker();
    void w.send(fetch(1, 0, { bypassCache: true }));
    expect(w.request(0).options.bypassCache).toBe(true);
  });

  it('describes a PageError field by field, and anything else by its message', async () => {
    const w = worker();
    const details = WAIT_4_HOURS_DETAILS;
    const failed = w.send(fetch(1, 1));
    w.request(1).reject(new PageError(details));
    await failed;
    const broken = w.send(fetch(2, 2));
    w.request(2).reject(new TypeError('boom'));
    await broken;
    expect(w.replies).toEqual([
      { id: 1, ok: false, error: details },
      { id: 2, ok: false, unexpected: 'TypeError: boom' },
    ]);
  });

  it('a cancel aborts the request and nothing is replied for it', async () => {
    const w = worker();
    const cancelled = w.send(fetch(4, 3));
    await w.send({ kind: 'cancel', id: 4 });
    expect(w.request(3).options.signal?.aborted).toBe(true);
    await cancelled;
    expect(w.replies).toEqual([]);
  });
});

describe('page worker: the rest of a search', () => {
  it('leaves as slow page 0’s answer starts, before its body is read; the engine then takes it', async () => {
    const w = worker();
    await w.send(open(1));
    const first = w.send(fetch(1, 0, { planId: 1 }));
    w.advance(SLOW);
    w.request(0).vouch();
    // Two on the network at once (the concurrency), before page 0 was read.
    expect(w.pages()).toEqual([0, 1, 2]);
    w.request(0).resolve();
    await first;
    // The engine's go after page 0 changes nothing: the plan started once.
    await w.send({ kind: 'plan-go', planId: 1, extent: { total: TOTAL, pageCount: 4 } });
    expect(w.pages()).toEqual([0, 1, 2]);
    // Asking for page 1 takes the request made ahead: no second request.
    const taken = w.send(fetch(2, 1));
    w.request(1).resolve();
    await taken;
    expect(w.pages().filter((page) => page === 1)).toHaveLength(1);
    expect(w.replies.map((reply) => ('id' in reply ? reply.id : reply.kind))).toEqual([1, 2]);
  });

  it('waits for the engine’s go after a fast page 0, then fetches the pages not at hand', async () => {
    const w = worker();
    await w.send(open(1, { cached: [1] }));
    const first = w.send(fetch(1, 0, { planId: 1 }));
    w.advance(FAST_FIRST_PAGE_MS - 1);
    w.request(0).vouch();
    w.request(0).resolve();
    await first;
    expect(w.pages()).toEqual([0]);
    await w.send({ kind: 'plan-go', planId: 1, extent: { total: TOTAL, pageCount: 4 } });
    expect(w.pages()).toEqual([0, 2, 3]);
  });

  it('waits for the engine where the rest needs the user’s yes', async () => {
    const w = worker();
    await w.send(open(1, { maxRequests: 2 }));
    const first = w.send(fetch(1, 0, { planId: 1 }));
    w.advance(SLOW);
    w.request(0).resolve();
    await first;
    expect(w.pages()).toEqual([0]);
  });

  it('fetches nothing ahead after an empty page 0 under a positive total', async () => {
    const w = worker();
    await w.send(open(1));
    void w.send(fetch(1, 0, { planId: 1 }));
    w.advance(SLOW);
    w.request(0).vouch(0);
    expect(w.pages()).toEqual([0]);
  });

  it('ends a plan: cancels what nobody took and replies how many were sent', async () => {
    const w = worker();
    await w.send(open(3));
    void w.send(fetch(1, 0, { planId: 3 }));
    w.advance(SLOW);
    w.request(0).vouch();
    expect(w.pages()).toEqual([0, 1, 2]);
    await w.send({ kind: 'plan-end', planId: 3 });
    expect(w.request(1).options.signal?.aborted).toBe(true);
    expect(w.request(2).options.signal?.aborted).toBe(true);
    expect(w.replies).toContainEqual({ kind: 'plan-ended', planId: 3, untaken: 2 });
    // A plan never started ends with nothing to count.
    await w.send({ kind: 'plan-end', planId: 8 });
    expect(w.replies).toContainEqual({ kind: 'plan-ended', planId: 8, untaken: 0 });
  });

  it('sends its pages in a lane of the proxy once an answer said the proxy keeps lanes', async () => {
    const w = worker({ lanes: true });
    const warm = w.send(fetch(1, 0));
    w.request(0).resolve();
    await warm;
    await w.send(open(2));
    await w.send({ kind: 'plan-go', planId: 2, extent: { total: TOTAL, pageCount: 4 } });
    // One page more than the concurrency waits in the lane, each naming its place.
    const ahead = w.requests.slice(1);
    expect(ahead.map((request) => request.page)).toEqual([1, 2, 3]);
    expect(ahead.map((request) => request.options.lane?.split(':').slice(-2))).toEqual([
      ['2', '0'],
      ['2', '1'],
      ['2', '2'],
    ]);
  });
});
