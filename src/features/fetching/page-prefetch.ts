// Pages a search is about to ask for, fetched ahead by the page worker, so the next request
// leaves without waiting for a page to reach the main thread and the paging engine to ask
// again. A request leaves only once an earlier one proved good: at concurrency 1 no request
// leaves before the previous answer proved usable (a bad one stops the search, and a
// request after it would be billed for nothing). Known good is when the proxy vouches for
// the page as its answer starts (it checked it against the contract: PAGE_ITEMS_HEADER),
// else once it is read and checked here. Any failure ends fetching ahead for the run (the
// engine goes on by itself: retries, or a stop). The plan never runs more than
// `concurrency` pages ahead of what the engine took, so a cancel or a stop wastes little;
// what nobody took is counted at the end, as billed. The engine still asks for every page;
// asking for a prefetched one takes it over.
import type { PageData } from './classify-response';
import type { FetchPageOptions } from './fetch-page';
import { FAST_FIRST_PAGE_MS, firstPageStops, pageCountFor } from './paging-engine';
import { type SearchInput, searchKey } from './search-input';

export interface PrefetchPlan {
  search: SearchInput;
  /** Pages to read, in the order the paging engine asks for them. */
  pages: readonly number[];
  /** Requests on the network at once (the search's concurrency). */
  concurrency: number;
  bypassCache: boolean;
}

/**
 * What the worker may go on with right after page 0, before the page hears of it: the
 * engine would ask for the same pages once page 0 reaches it (~15 ms later).
 */
export interface PlanContinuation {
  planId: number;
  concurrency: number;
  /** Above this many requests the user is asked first: the worker then waits for the engine. */
  maxRequests: number;
  /** Pages the page already holds (read before, in this session). */
  cached: readonly number[];
}

/**
 * The pages after page 0 the engine will ask for, or null where it would stop or ask the
 * user first (an empty first page under a positive total, or too many requests).
 */
export function pagesAfterFirst(
  first: { total: number; items: { length: number } },
  rowsPerPage: number,
  continuation: Pick<PlanContinuation, 'maxRequests' | 'cached'>,
  firstPageMs: number,
): number[] | null {
  // After a fast page 0 the engine starts the rest itself, once the first rows have painted.
  // The worker's clock starts later than the engine's: when only the engine sees 100 ms, the
  // rest leaves from the engine at once (a few ms later, nothing lost).
  if (firstPageStops(first) || firstPageMs < FAST_FIRST_PAGE_MS) return null;
  const cached = new Set(continuation.cached);
  const pages: number[] = [];
  for (let page = 1; page < pageCountFor(first.total, rowsPerPage); page++) {
    if (!cached.has(page)) pages.push(page);
  }
  return pages.length > 0 && pages.length <= continuation.maxRequests ? pages : null;
}

export type PrefetchFetcher = (
  search: SearchInput,
  page: number,
  options: FetchPageOptions,
) => Promise<PageData>;

/** A page request already made for a plan, handed to whoever asks for that page. */
export interface PrefetchedPage {
  promise: Promise<PageData>;
  controller: AbortController;
}

interface PlanState {
  key: string;
  plan: PrefetchPlan;
  queue: number[];
  launched: Map<number, PrefetchedPage>;
  /** Requests not yet read and checked. */
  receiving: number;
  /** Set by a failure, an empty page or the end of the plan: nothing more is launched. */
  stopped: boolean;
  lastPage: number;
}

export interface PagePrefetcher {
  /** A plan already started under this id (right after page 0) is left as it is. */
  start(planId: number, plan: PrefetchPlan): void;
  /** The request already made for this page, if any; the plan then forgets it. */
  take(search: SearchInput, page: number, bypassCache: boolean): PrefetchedPage | undefined;
  /**
   * Launches nothing more and cancels what nobody took; returns how many requests were
   * made that nobody took (sent, so billed all the same).
   */
  end(planId: number): number;
}

export function createPagePrefetcher(fetcher: PrefetchFetcher): PagePrefetcher {
  const plans = new Map<number, PlanState>();
  const ended = new Set<number>();

  const pump = (state: PlanState) => {
    const { concurrency } = state.plan;
    while (
      !state.stopped &&
      state.receiving < concurrency &&
      // At most `concurrency` pages ahead of what the engine took.
      state.launched.size < 2 * concurrency &&
      state.queue.length > 0
    ) {
      launch(state, state.queue.shift() as number);
    }
  };

  const launch = (state: PlanState, page: number) => {
    const controller = new AbortController();
    state.receiving++;
    let freed = false;
    const known = (good: boolean) => {
      // A failed page, or an empty one before the end, stops the engine: stop here too, and
      // let the engine decide what to ask next, as without a plan.
      if (!good) state.stopped = true;
      if (freed) return;
      freed = true;
      state.receiving--;
      pump(state);
    };
    const usable = (items: number) => items > 0 || page === state.lastPage;
    const { search, bypassCache } = state.plan;
    const promise = fetcher(search, page, {
      signal: controller.signal,
      bypassCache,
      onVouched: (items) => known(usable(items)),
    });
    promise.then(
      (data) => known(usable(data.items.length)),
      () => known(false),
    );
    state.launched.set(page, { promise, controller });
  };

  return {
    start(planId, plan) {
      if (plans.has(planId) || ended.has(planId)) return;
      const state: PlanState = {
        key: searchKey(plan.search),
        plan,
        queue: [...plan.pages],
        launched: new Map(),
        receiving: 0,
        stopped: false,
        lastPage: Math.max(...plan.pages),
      };
      plans.set(planId, state);
      pump(state);
    },
    take(search, page, bypassCache) {
      const key = searchKey(search);
      for (const state of plans.values()) {
        if (state.key !== key || state.plan.bypassCache !== bypassCache) continue;
        const taken = state.launched.get(page);
        if (taken) {
          state.launched.delete(page);
          pump(state);
          return taken;
        }
        // Not launched yet: the caller's own request replaces it.
        const queued = state.queue.indexOf(page);
        if (queued >= 0) state.queue.splice(queued, 1);
      }
      return undefined;
    },
    end(planId) {
      // An id once ended never starts again (page 0's continuation may come late).
      ended.add(planId);
      const state = plans.get(planId);
      if (!state) return 0;
      plans.delete(planId);
      state.stopped = true;
      state.queue = [];
      const untaken = state.launched.size;
      for (const page of state.launched.values()) page.controller.abort();
      state.launched.clear();
      return untaken;
    },
  };
}
