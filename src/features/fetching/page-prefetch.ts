// Pages a search is about to ask for, fetched ahead by the page worker. A network slot is
// freed the moment a page's bytes are in, so the next request leaves before that page is
// parsed, handed to the page and asked for again (~30 ms a round of four pages otherwise).
// The paging engine still asks for every page; asking for a prefetched one takes it over.
import type { PageData } from './classify-response';
import type { FetchPageOptions } from './fetch-page';
import { type SearchInput, searchKey } from './search-input';

export interface PrefetchPlan {
  search: SearchInput;
  /** Pages to read, in the order the paging engine asks for them. */
  pages: readonly number[];
  /** Requests on the network at once (the search's concurrency). */
  concurrency: number;
  bypassCache: boolean;
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
  /** Requests still receiving their answer. */
  receiving: number;
  /** Set by a failure, an empty page or the end of the plan: nothing more is launched. */
  stopped: boolean;
  lastPage: number;
}

export interface PagePrefetcher {
  start(planId: number, plan: PrefetchPlan): void;
  /** The request already made for this page, if any; the plan then forgets it. */
  take(search: SearchInput, page: number, bypassCache: boolean): PrefetchedPage | undefined;
  /** Launches nothing more and cancels what nobody took. */
  end(planId: number): void;
  /** Requests made and not yet taken (for tests). */
  untaken(): number;
}

export function createPagePrefetcher(fetcher: PrefetchFetcher): PagePrefetcher {
  const plans = new Map<number, PlanState>();

  const pump = (state: PlanState) => {
    while (!state.stopped && state.receiving < state.plan.concurrency && state.queue.length > 0) {
      launch(state, state.queue.shift() as number);
    }
  };

  const launch = (state: PlanState, page: number) => {
    const controller = new AbortController();
    state.receiving++;
    let received = false;
    const onReceived = (ok: boolean) => {
      if (received) return;
      received = true;
      state.receiving--;
      // A refused page stops the plan: the engine decides what to ask next, as without it.
      if (!ok) state.stopped = true;
      pump(state);
    };
    const { search, bypassCache } = state.plan;
    const promise = fetcher(search, page, { signal: controller.signal, bypassCache, onReceived });
    promise.then(
      (data) => {
        // An empty page before the end stops the engine; stop here too.
        if (data.items.length === 0 && page !== state.lastPage) state.stopped = true;
        onReceived(true);
      },
      () => onReceived(false),
    );
    state.launched.set(page, { promise, controller });
  };

  return {
    start(planId, plan) {
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
          return taken;
        }
        // Not launched yet: the caller's own request replaces it.
        const queued = state.queue.indexOf(page);
        if (queued >= 0) state.queue.splice(queued, 1);
      }
      return undefined;
    },
    end(planId) {
      const state = plans.get(planId);
      if (!state) return;
      plans.delete(planId);
      state.stopped = true;
      state.queue = [];
      for (const untaken of state.launched.values()) untaken.controller.abort();
      state.launched.clear();
    },
    untaken() {
      let count = 0;
      for (const state of plans.values()) count += state.launched.size;
      return count;
    },
  };
}
