// The main thread's side of the page worker, as one object: it starts the worker on first
// use, sends it page requests and search plans, settles each request with its reply, and
// runs requests on the main thread where there is no worker (tests, or a worker that failed
// to start). Its life: created (no worker yet), used (the worker started, or none), disposed
// (the worker stopped, whatever was pending rejected).
import type { SearchExtent } from '@/contract/page-rules';
import type { FetchPageOptions, fetchPage } from '@/features/fetching/api/fetch-page';
import { PageError } from '@/features/fetching/api/page-error';
import type { PageData } from '@/features/rows/page-data';
import type { SearchInput } from '@/features/search-input/search-input';
import { unpackPage } from './page-packing';
import type { PageWorkerReply, PageWorkerRequest } from './page-worker-protocol';
import type { PlanOpening } from './search-plans';

/** What the client needs of a Worker (tests give it a fake). */
export interface WorkerPort {
  postMessage(message: PageWorkerRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<PageWorkerReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export interface PageWorkerClientOptions {
  /** Starts the worker, at the client's first use; null where there is none. */
  startWorker(): WorkerPort | null;
  /** The request on the main thread, where there is no worker (fetch-page.ts's by default). */
  fetchOnMainThread?: typeof fetchPage;
}

/**
 * fetch-page.ts's request, loaded when first needed: it carries the contract's schemas, and
 * only a browser without a worker (or whose worker failed) runs it on the main thread.
 */
function fetchPageOnMainThread(
  ...args: Parameters<typeof fetchPage>
): ReturnType<typeof fetchPage> {
  return import('@/features/fetching/api/fetch-page').then(({ fetchPage }) => fetchPage(...args));
}

/** One run of a search's plan to fetch the rest ahead, in the worker (search-plans.ts). */
export interface SearchPlan {
  /** For page 0's request: its answer tells the plan the search's extent. */
  readonly id: number | undefined;
  /** The paging engine goes on with the rest (page 0 was good, nobody needs to be asked). */
  go(extent: SearchExtent): void;
  /** Cancels what the search never asked for; `onUntaken` hears how many were sent. Idempotent. */
  end(): void;
}

/** Without a worker, nothing is fetched ahead. */
const NO_PLAN: SearchPlan = { id: undefined, go: () => {}, end: () => {} };

export type PageWorkerClientState = 'created' | 'worker' | 'main-thread' | 'disposed';

interface Pending {
  resolve(data: PageData): void;
  reject(error: unknown): void;
  /** Runs the same request on the main thread (the worker could not start). */
  onMainThread(): void;
}

export class PageWorkerClient {
  readonly #startWorker: () => WorkerPort | null;
  readonly #fetchOnMainThread: typeof fetchPage;
  /** Undefined until the first use; null where requests run on the main thread. */
  #worker: WorkerPort | null | undefined;
  #disposed = false;
  #nextRequestId = 1;
  #nextPlanId = 1;
  readonly #pending = new Map<number, Pending>();
  /** Per plan still running: what to do with the requests nobody took when it ends. */
  readonly #planEnds = new Map<number, (untaken: number) => void>();

  constructor({ startWorker, fetchOnMainThread = fetchPageOnMainThread }: PageWorkerClientOptions) {
    this.#startWorker = startWorker;
    this.#fetchOnMainThread = fetchOnMainThread;
  }

  get state(): PageWorkerClientState {
    if (this.#disposed) return 'disposed';
    if (this.#worker === undefined) return 'created';
    return this.#worker ? 'worker' : 'main-thread';
  }

  /** Starts the worker now, so its start-up never delays a request; true when there is one. */
  prepare(): boolean {
    return this.#target() !== null;
  }

  /** fetchPage with the same contract, in the worker when there is one. */
  fetchPage(
    search: SearchInput,
    page: number,
    options: FetchPageOptions & { planId?: number } = {},
  ): Promise<PageData> {
    if (this.#disposed) return Promise.reject(new Error('Cliente de páginas cerrado'));
    const target = this.#target();
    const { signal, bypassCache = false, onRequest, planId } = options;
    if (!target) return this.#fetchOnMainThread(search, page, options);
    if (signal?.aborted) return Promise.reject(signal.reason);
    onRequest?.();
    return new Promise<PageData>((resolve, reject) => {
      const id = this.#nextRequestId++;
      const onAbort = () => {
        if (!this.#pending.delete(id)) return;
        this.#worker?.postMessage({ kind: 'cancel', id });
        reject(signal?.reason);
      };
      const done = () => signal?.removeEventListener('abort', onAbort);
      this.#pending.set(id, {
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
          this.#fetchOnMainThread(search, page, { signal, bypassCache }).then(resolve, reject);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      target.postMessage({
        kind: 'fetch',
        id,
        search,
        page,
        bypassCache,
        ...(planId !== undefined ? { planId } : {}),
      });
    });
  }

  /**
   * Opens the plan of a run of a search, before its page 0 is asked for. `onUntaken` hears,
   * once it ends, how many requests made ahead nobody took (sent, so billed).
   */
  openPlan(
    opening: Omit<PlanOpening, 'planId'>,
    onUntaken: (requests: number) => void = () => {},
  ): SearchPlan {
    if (this.#disposed) return NO_PLAN;
    const target = this.#target();
    if (!target) return NO_PLAN;
    const planId = this.#nextPlanId++;
    this.#planEnds.set(planId, onUntaken);
    target.postMessage({ kind: 'plan-open', planId, ...opening });
    let ended = false;
    return {
      id: planId,
      go: (extent) => {
        if (!ended) this.#worker?.postMessage({ kind: 'plan-go', planId, extent });
      },
      end: () => {
        if (ended) return;
        ended = true;
        this.#worker?.postMessage({ kind: 'plan-end', planId });
      },
    };
  }

  /** Stops the worker; whatever is pending rejects, and nothing more is sent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#worker?.terminate();
    this.#worker = null;
    const waiting = [...this.#pending.values()];
    this.#pending.clear();
    this.#planEnds.clear();
    for (const request of waiting) request.reject(new Error('Cliente de páginas cerrado'));
  }

  #target(): WorkerPort | null {
    if (this.#worker !== undefined) return this.#worker;
    this.#worker = null;
    try {
      const started = this.#startWorker();
      if (!started) return null;
      started.onmessage = (event) => this.#settle(event.data);
      // A worker that cannot load (blocked, missing file): everything goes back to the page.
      started.onerror = () => this.#fallBack(started);
      this.#worker = started;
    } catch {
      this.#worker = null;
    }
    return this.#worker;
  }

  #fallBack(failed: WorkerPort): void {
    failed.terminate();
    if (this.#worker !== failed) return;
    this.#worker = null;
    // Its plans end unheard: what they made ahead cannot be counted.
    this.#planEnds.clear();
    const waiting = [...this.#pending.values()];
    this.#pending.clear();
    for (const request of waiting) request.onMainThread();
  }

  #settle(reply: PageWorkerReply): void {
    if ('kind' in reply) {
      if (reply.untaken > 0) this.#planEnds.get(reply.planId)?.(reply.untaken);
      this.#planEnds.delete(reply.planId);
      return;
    }
    const request = this.#pending.get(reply.id);
    if (!request) return;
    this.#pending.delete(reply.id);
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
}
