// Where the rest of a search starts: the one place that decides when the pages after page 0
// are fetched ahead (page-prefetch.ts fetches them). The main thread opens a plan as a run
// of a search starts. The plan starts the moment page 0 proves good here, as its answer
// starts (or once it is read), before page 0 travels to the page; unless page 0 came fast
// (the engine then paints its rows first) or the rest needs the user's yes. Then it waits
// for the engine's go, which comes once the rows painted or the user said yes. Either way
// the plan starts once, with the same pages, and an ended plan hears nothing more.
import { extentOf, pageLetsSearchGoOn, type SearchExtent } from '@/contract/page-rules';
import { FAST_FIRST_PAGE_MS } from '@/features/fetching/engine/paging-engine';
import type { SearchInput } from '@/features/search-input/search-input';
import type { PagePrefetcher } from './page-prefetch';

/** A run of a search, as the main thread opens its plan, before page 0 is asked for. */
export interface PlanOpening {
  planId: number;
  search: SearchInput;
  /** Requests on the network at once (the search's concurrency). */
  concurrency: number;
  bypassCache: boolean;
  /** Above this many requests the user is asked first: the plan then waits for the engine. */
  maxRequests: number;
  /** Pages the page already holds (read before, in this session). */
  cached: readonly number[];
}

/** The pages after page 0 the engine asks for under this extent, in its order. */
export function pagesAhead(extent: SearchExtent, cached: readonly number[]): number[] {
  const held = new Set(cached);
  const pages: number[] = [];
  for (let page = 1; page < extent.pageCount; page++) {
    if (!held.has(page)) pages.push(page);
  }
  return pages;
}

/**
 * The pages the plan starts on its own right after page 0, or null where it waits for the
 * engine's go: page 0 stops the search, came faster than FAST_FIRST_PAGE_MS (the engine
 * paints its rows first), or the rest needs the user's yes.
 */
export function pagesAfterFirst(
  first: { total: number; items: { length: number } },
  rowsPerPage: number,
  opening: Pick<PlanOpening, 'maxRequests' | 'cached'>,
  firstPageMs: number,
): number[] | null {
  const extent = extentOf(first.total, rowsPerPage);
  if (!pageLetsSearchGoOn({ page: 0, items: first.items.length }, extent)) return null;
  // The worker's clock starts later than the engine's: when only the engine sees 100 ms, the
  // go comes from the engine at once (a few ms later, nothing lost).
  if (firstPageMs < FAST_FIRST_PAGE_MS) return null;
  const pages = pagesAhead(extent, opening.cached);
  return pages.length > 0 && pages.length <= opening.maxRequests ? pages : null;
}

export interface SearchPlans {
  open(opening: PlanOpening): void;
  /** Page 0 of a plan proved what it holds (vouched for or read), this long after it left. */
  firstPage(planId: number, first: { total: number; items: { length: number } }, ms: number): void;
  /** The engine goes on with the rest: page 0 was good, and nobody needs to be asked. */
  go(planId: number, extent: SearchExtent): void;
  /** Returns how many requests made ahead nobody took (see PagePrefetcher.end). */
  end(planId: number): number;
}

interface OpenPlan {
  opening: PlanOpening;
  started: boolean;
}

export function createSearchPlans(prefetcher: PagePrefetcher): SearchPlans {
  const plans = new Map<number, OpenPlan>();

  const start = (plan: OpenPlan, extent: SearchExtent, pages: readonly number[]) => {
    plan.started = true;
    if (pages.length === 0) return;
    const { planId, search, concurrency, bypassCache } = plan.opening;
    prefetcher.start(planId, { search, pages, concurrency, bypassCache, extent });
  };

  return {
    open(opening) {
      plans.set(opening.planId, { opening, started: false });
    },
    firstPage(planId, first, ms) {
      const plan = plans.get(planId);
      if (!plan || plan.started) return;
      const { rowsPerPage } = plan.opening.search;
      const pages = pagesAfterFirst(first, rowsPerPage, plan.opening, ms);
      if (pages) start(plan, extentOf(first.total, rowsPerPage), pages);
    },
    go(planId, extent) {
      const plan = plans.get(planId);
      if (!plan || plan.started) return;
      start(plan, extent, pagesAhead(extent, plan.opening.cached));
    },
    end(planId) {
      plans.delete(planId);
      return prefetcher.end(planId);
    },
  };
}
