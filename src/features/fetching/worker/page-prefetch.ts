// Pages a search is about to ask for, fetched ahead by the page worker, so the next request
// leaves without waiting for a page to reach the main thread and the paging engine to ask
// again. A request leaves only once an earlier one proved good: at concurrency 1 no request
// leaves before the previous answer proved usable (a bad one stops the search, and a
// request after it would be billed for nothing). Known good is when the proxy vouches for
// the page as its answer starts (it checked it against the contract: PROXY_HEADERS.pageItems),
// else once it is read and checked here. Any failure ends fetching ahead for the run (the
// engine goes on by itself: retries, or a stop). The plan never runs more than
// `concurrency` pages ahead of what the engine took, so a cancel or a stop wastes little;
// what nobody took is counted at the end, as billed. The engine still asks for every page;
// asking for a prefetched one takes it over.
//
// Where the proxy keeps search lanes (server/proxy/search-lanes.ts), one page more than the
// concurrency is on the way: it waits in the proxy's lane and goes upstream the moment an
// earlier page answered well, so the API never waits for a round trip to the browser. The
// proxy then holds the rule above: a page the lane turns away (isLaneRefusal) was never
// sent, and whoever takes it asks on its own (takenOrOwn).

import { pageLetsSearchGoOn, type SearchExtent } from '@/contract/page-rules';
import { PROXY_CODES } from '@/contract/proxy-codes';
import type { FetchPageOptions } from '@/features/fetching/api/fetch-page';
import { PageError } from '@/features/fetching/api/page-error';
import type { PageData } from '@/features/rows/page-data';
import { type SearchInput, searchKey } from '@/features/search-input/search-input';

export interface PrefetchPlan {
  search: SearchInput;
  /** Pages to read, in the order the paging engine asks for them. */
  pages: readonly number[];
  /** Requests on the network at once (the search's concurrency). */
  concurrency: number;
  bypassCache: boolean;
  /** What page 0 announced: which page is the last, so an empty one there is no stop. */
  extent: SearchExtent;
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

/**
 * Chromium opens at most six HTTP/1.1 connections to an origin. A lane's extra page is sent
 * only while one connection stays free for the app's own requests (scripts, result stream).
 */
const CONNECTIONS_PER_ORIGIN = 6;

/** Whether the proxy turned a page of a lane away (closed, or no room): never sent nor billed. */
export function isLaneRefusal(error: unknown): boolean {
  if (!(error instanceof PageError)) return false;
  const { code, httpStatus } = error;
  return (
    (code === PROXY_CODES.laneClosed.code && httpStatus === 409) ||
    (code === PROXY_CODES.laneFull.code && httpStatus === 503)
  );
}

interface PlanState {
  key: string;
  plan: PrefetchPlan;
  /** `<lane id>:<concurrency>` when one page more may wait in the proxy's lane. */
  lane: string | null;
  /** Each page's position in the plan, which the lane goes by. */
  positions: Map<number, number>;
  queue: number[];
  launched: Map<number, PrefetchedPage & { refused: boolean }>;
  /** Requests not yet read and checked. */
  receiving: number;
  /** Set by a failure, an empty page or the end of the plan: nothing more is launched. */
  stopped: boolean;
}

export interface PagePrefetcher {
  /** Starts fetching a plan's pages ahead; each id starts once (search-plans.ts decides when). */
  start(planId: number, plan: PrefetchPlan): void;
  /**
   * The request already made for this page, if any (in a lane, one not made yet is made now,
   * in its place); the plan then forgets it.
   */
  take(search: SearchInput, page: number, bypassCache: boolean): PrefetchedPage | undefined;
  /**
   * Launches nothing more and cancels what nobody took; returns how many requests were
   * made that nobody took (sent, so billed all the same; one a lane still held is dropped
   * unbilled by the cancel, but the browser cannot tell: the count errs high).
   */
  end(planId: number): number;
}

/**
 * A taken page's data; where a lane turned it away unsent, that of the caller's own request
 * instead (as without a plan), unless the page was cancelled meanwhile.
 */
export function takenOrOwn(
  taken: PrefetchedPage,
  ownRequest: () => Promise<PageData>,
): Promise<PageData> {
  return taken.promise.catch((error: unknown) => {
    if (isLaneRefusal(error) && !taken.controller.signal.aborted) return ownRequest();
    throw error;
  });
}

export interface PrefetcherOptions {
  /** The lane id for a plan, or null where the proxy keeps no lanes (asked at its start). */
  laneFor?: (planId: number, plan: PrefetchPlan) => string | null;
}

export function createPagePrefetcher(
  fetcher: PrefetchFetcher,
  { laneFor }: PrefetcherOptions = {},
): PagePrefetcher {
  const plans = new Map<number, PlanState>();

  const pump = (state: PlanState) => {
    const { concurrency } = state.plan;
    const onTheWay = concurrency + (state.lane ? 1 : 0);
    while (
      !state.stopped &&
      state.receiving < onTheWay &&
      // At most `concurrency` pages ahead of what the engine took.
      state.launched.size < 2 * concurrency &&
      state.queue.length > 0
    ) {
      launch(state, state.queue.shift() as number);
    }
  };

  const launch = (state: PlanState, page: number): PrefetchedPage => {
    const controller = new AbortController();
    state.receiving++;
    let freed = false;
    const known = (good: boolean) => {
      // A page that stops the search stops the engine: stop here too. So does any failure,
      // one the engine will retry included: it decides what to ask next, as without a plan.
      if (!good) state.stopped = true;
      if (freed) return;
      freed = true;
      state.receiving--;
      pump(state);
    };
    const { search, bypassCache, extent } = state.plan;
    const usable = (items: number) => pageLetsSearchGoOn({ page, items }, extent);
    const promise = fetcher(search, page, {
      signal: controller.signal,
      bypassCache,
      ...(state.lane ? { lane: `${state.lane}:${state.positions.get(page)}` } : {}),
      onVouched: (items) => known(usable(items)),
    });
    const launched = { promise, controller, refused: false };
    promise.then(
      (data) => known(usable(data.items.length)),
      (error: unknown) => {
        if (isLaneRefusal(error)) launched.refused = true;
        known(false);
      },
    );
    state.launched.set(page, launched);
    return launched;
  };

  return {
    start(planId, plan) {
      const laneId = plan.concurrency + 1 < CONNECTIONS_PER_ORIGIN ? laneFor?.(planId, plan) : null;
      const state: PlanState = {
        key: searchKey(plan.search),
        plan,
        lane: laneId ? `${laneId}:${plan.concurrency}` : null,
        positions: new Map(laneId ? plan.pages.map((page, position) => [page, position]) : []),
        queue: [...plan.pages],
        launched: new Map(),
        receiving: 0,
        stopped: false,
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
        const queued = state.queue.indexOf(page);
        if (queued < 0) continue;
        state.queue.splice(queued, 1);
        // Not launched yet. In a lane it leaves now, in its lane: the proxy goes by position,
        // and a position that never came would hold every later page of the lane back.
        if (state.lane && !state.stopped) {
          const launched = launch(state, page);
          state.launched.delete(page);
          return launched;
        }
        // Elsewhere the caller's own request replaces it.
      }
      return undefined;
    },
    end(planId) {
      const state = plans.get(planId);
      if (!state) return 0;
      plans.delete(planId);
      state.stopped = true;
      state.queue = [];
      let untaken = 0;
      for (const page of state.launched.values()) {
        if (!page.refused) untaken++;
        page.controller.abort();
      }
      state.launched.clear();
      return untaken;
    },
  };
}
