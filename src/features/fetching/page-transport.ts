// fetchPage with the same contract, run in the page worker when the browser has one; on
// the main thread otherwise (tests, or a worker that failed to start).

import { idlePeriod } from '@/lib/idle';
import type { PageData } from './classify-response';
import { type FetchPageOptions, fetchPage } from './fetch-page';
import { PageError } from './page-error';
import { unpackPage } from './page-packing';
import type { PrefetchPlan } from './page-prefetch';
import type { PageWorkerReply, PageWorkerRequest } from './page-worker-protocol';
import { warmUpUnpacking } from './page-worker-warm-up';
import type { SearchInput } from './search-input';

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

/**
 * Tells the worker which pages come next so it fetches them ahead (page-prefetch.ts);
 * returns the plan's end, which cancels what the search never asked for (`onUntaken` then
 * hears how many of those requests had been sent). Without a worker, nothing is fetched
 * ahead.
 */
export function planPagesOffMainThread(
  plan: PrefetchPlan,
  onUntaken: (requests: number) => void = () => {},
): () => void {
  const target = pageWorker();
  if (!target || plan.pages.length === 0) return () => {};
  const planId = nextPlanId++;
  planEnds.set(planId, onUntaken);
  target.postMessage({ kind: 'plan', planId, ...plan } satisfies PageWorkerRequest);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    worker?.postMessage({ kind: 'plan-end', planId } satisfies PageWorkerRequest);
  };
}

export function fetchPageOffMainThread(
  search: SearchInput,
  page: number,
  options: FetchPageOptions = {},
): Promise<PageData> {
  const target = pageWorker();
  if (!target) return fetchPage(search, page, options);
  const { signal, bypassCache = false, onRequest } = options;
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
    } satisfies PageWorkerRequest);
  });
}
