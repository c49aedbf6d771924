// fetchPage with the same contract, run in the page worker when the browser has one; on
// the main thread otherwise (tests, or a worker that failed to start).

import { type FetchPageOptions, fetchPage } from '@/features/fetching/api/fetch-page';
import { PageError } from '@/features/fetching/api/page-error';
import type { PageData } from '@/features/rows/page-data';
import type { SearchInput } from '@/features/search-input/search-input';
import { idlePeriod } from '@/lib/idle';
import { unpackPage } from './page-packing';
import type { PlanContinuation, PrefetchPlan } from './page-prefetch';
import type { PageWorkerReply, PageWorkerRequest } from './page-worker-protocol';
import { warmUpUnpacking } from './page-worker-warm-up';

interface Pending {
  resolve(data: PageData): void;
  reject(error: unknown): void;
  /** Runs the same request on the main thread (the worker could not start). */
  onMainThread(): void;
}

let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

/** Per plan still running: what to do with the requests nobody took when it ends. */
const planEnds = new Map<number, (untaken: number) => void>();

function settle(reply: PageWorkerReply): void {
  if ('kind' in reply) {
    if (reply.untaken > 0) planEnds.get(reply.planId)?.(reply.untaken);
    planEnds.delete(reply.planId);
    return;
  }
  const request = pending.get(reply.id);
  if (!request) return;
  pending.delete(reply.id);
  if (reply.ok) {
    // A page that cannot be unpacked (a bug) must fail its request, not leave it hanging.
    let data: PageData;
    try {
      data = unpackPage(reply.data);
    } catch (error) {
      request.reject(error);
      return;
    }
    request.resolve(data);
  } else if ('error' in reply) request.reject(new PageError(reply.error));
  else request.reject(new Error(reply.unexpected));
}

function pageWorker(): Worker | null {
  if (worker !== undefined) return worker;
  worker = null;
  if (typeof Worker === 'undefined') return worker;
  try {
    const started = new Worker(new URL('./page-worker.ts', import.meta.url), {
      type: 'module',
      name: 'paginas',
    });
    started.onmessage = (event: MessageEvent<PageWorkerReply>) => settle(event.data);
    // A worker that cannot load (blocked, missing file): everything goes back to the page.
    started.onerror = () => {
      started.terminate();
      worker = null;
      const waiting = [...pending.values()];
      pending.clear();
      for (const request of waiting) request.onMainThread();
    };
    worker = started;
  } catch {
    worker = null;
  }
  return worker;
}

/**
 * Starts the worker ahead of the first search, so its start-up never delays a request, and
 * warms the unpacking of its pages here in idle time.
 */
export function preparePageWorker(): void {
  if (!pageWorker()) return;
  void idlePeriod().then(warmUpUnpacking);
}

let nextPlanId = 1;

/** One search's fetching ahead in the worker (page-prefetch.ts). */
export interface SearchPlan {
  /**
   * For page 0's request: the worker may start the plan as soon as page 0 tells the total,
   * skipping the pages already `cached`, unless more than `maxRequests` remain.
   */
  continuation(cached: readonly number[], maxRequests: number): PlanContinuation | undefined;
  /** The engine's pages (a plan the worker started after page 0 is left as it is). */
  start(pages: readonly number[]): void;
  /** Cancels what the search never asked for; `onUntaken` hears how many were sent. Idempotent. */
  end(): void;
}

const NO_PLAN: SearchPlan = { continuation: () => undefined, start: () => {}, end: () => {} };

/** Without a worker, nothing is fetched ahead. */
export function searchPlanOffMainThread(
  base: Omit<PrefetchPlan, 'pages'>,
  onUntaken: (requests: number) => void = () => {},
): SearchPlan {
  const target = pageWorker();
  if (!target) return NO_PLAN;
  const planId = nextPlanId++;
  planEnds.set(planId, onUntaken);
  let ended = false;
  return {
    continuation: (cached, maxRequests) =>
      ended ? undefined : { planId, concurrency: base.concurrency, maxRequests, cached },
    start(pages) {
      if (ended || pages.length === 0) return;
      target.postMessage({ kind: 'plan', planId, ...base, pages } satisfies PageWorkerRequest);
    },
    end() {
      if (ended) return;
      ended = true;
      worker?.postMessage({ kind: 'plan-end', planId } satisfies PageWorkerRequest);
    },
  };
}

export function fetchPageOffMainThread(
  search: SearchInput,
  page: number,
  options: FetchPageOptions & { continueWith?: PlanContinuation } = {},
): Promise<PageData> {
  const target = pageWorker();
  if (!target) return fetchPage(search, page, options);
  const { signal, bypassCache = false, onRequest, continueWith } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  onRequest?.();
  return new Promise<PageData>((resolve, reject) => {
    const id = nextId++;
    const onAbort = () => {
      if (!pending.delete(id)) return;
      worker?.postMessage({ kind: 'cancel', id } satisfies PageWorkerRequest);
      reject(signal?.reason);
    };
    const done = () => signal?.removeEventListener('abort', onAbort);
    pending.set(id, {
      resolve: (data) => {
        done();
        resolve(data);
      },
      reject: (error) => {
        done();
        reject(error);
      },
      onMainThread: () => {
        done();
        fetchPage(search, page, { signal, bypassCache }).then(resolve, reject);
      },
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    target.postMessage({
      kind: 'fetch',
      id,
      search,
      page,
      bypassCache,
      ...(continueWith ? { continueWith } : {}),
    } satisfies PageWorkerRequest);
  });
}
