// Where the rest of a search starts: once, from page 0's answer in the worker when the engine
// would go on at once, else at the engine's go; never after the plan ended.
import { describe, expect, it } from 'vitest';
import { pageCountFor } from '@/contract/page-rules';
import { FAST_FIRST_PAGE_MS } from '@/features/fetching/engine/paging-engine';
import type { PagePrefetcher, PrefetchPlan } from '@/features/fetching/worker/page-prefetch';
import {
  createSearchPlans,
  type PlanOpening,
  pagesAfterFirst,
  pagesAhead,
} from '@/features/fetching/worker/search-plans';
import type { SearchInput } from '@/features/search-input/search-input';
import { seedSearch } from '../support/fixtures/requests';

const SEARCH: SearchInput = seedSearch();

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('the pages after page 0 the worker goes on with', () => {
  const first = (total: number, items = 200) => ({
    total,
    items: Array.from({ length: items }, () => ({}) as never),
  });
  const ahead = { maxRequests: 50, cached: [] };
  /** Page 0 as slow as a network answer: 150 ms. */
  const SLOW = 150;

  it('every page after page 0 the total implies, as the engine reads them', () => {
    expect(pagesAfterFirst(first(4575), 200, ahead, SLOW)).toEqual(range(1, 22));
    expect(pagesAfterFirst(first(401), 200, ahead, SLOW)).toEqual([1, 2]);
  });

  it('skips the pages the page already holds', () => {
    expect(pagesAfterFirst(first(1000), 200, { ...ahead, cached: [0, 2, 4] }, SLOW)).toEqual([
      1, 3,
    ]);
  });

  it('none where the engine would stop or ask first', () => {
    // Nothing after page 0.
    expect(pagesAfterFirst(first(150, 150), 200, ahead, SLOW)).toBeNull();
    expect(pagesAfterFirst(first(0, 0), 200, ahead, SLOW)).toBeNull();
    // An empty page 0 under a positive total stops the search.
    expect(pagesAfterFirst(first(4575, 0), 200, ahead, SLOW)).toBeNull();
    // More requests than the user agreed to pay without being asked.
    expect(pagesAfterFirst(first(4575), 200, { ...ahead, maxRequests: 21 }, SLOW)).toBeNull();
    expect(pagesAfterFirst(first(4575), 200, { ...ahead, maxRequests: 22 }, SLOW)).toHaveLength(22);
  });

  it('none after a page 0 faster than the threshold: the engine goes on once its rows paint', () => {
    expect(pagesAfterFirst(first(4575), 200, ahead, 99)).toBeNull();
    expect(pagesAfterFirst(first(4575), 200, ahead, 100)).toHaveLength(22);
  });
});

describe('pagesAhead', () => {
  it('every page after page 0 up to the announced end, in order, but those at hand', () => {
    const extent = (total: number) => ({ total, pageCount: pageCountFor(total, 200) });
    expect(pagesAhead(extent(4575), [])).toEqual(range(1, 22));
    expect(pagesAhead(extent(1000), [0, 2, 4])).toEqual([1, 3]);
    expect(pagesAhead(extent(150), [])).toEqual([]);
  });
});

function fakePrefetcher() {
  const started: { planId: number; plan: PrefetchPlan }[] = [];
  const ended: number[] = [];
  const prefetcher: PagePrefetcher = {
    start: (planId, plan) => void started.push({ planId, plan }),
    take: () => undefined,
    end: (planId) => {
      ended.push(planId);
      return 2;
    },
  };
  return { prefetcher, started, ended };
}

const opening = (planId: number, changes: Partial<PlanOpening> = {}): PlanOpening => ({
  planId,
  search: SEARCH,
  concurrency: 4,
  bypassCache: false,
  maxRequests: 50,
  cached: [],
  ...changes,
});

const first = (total: number, items = 200) => ({ total, items: { length: items } });
const SLOW = FAST_FIRST_PAGE_MS + 50;
const extent = (total: number) => ({ total, pageCount: pageCountFor(total, 200) });

describe('search plans', () => {
  it('start the rest as soon as a slow page 0 proves good, with its extent, before any go', () => {
    const { prefetcher, started } = fakePrefetcher();
    const plans = createSearchPlans(prefetcher);
    plans.open(opening(1, { concurrency: 3, bypassCache: true, cached: [2] }));
    plans.firstPage(1, first(1000), SLOW);
    expect(started).toEqual([
      {
        planId: 1,
        plan: {
          search: SEARCH,
          pages: [1, 3, 4],
          concurrency: 3,
          bypassCache: true,
          extent: extent(1000),
        },
      },
    ]);
    // The engine's go, a few ms later, starts nothing more.
    plans.go(1, extent(1000));
    plans.firstPage(1, first(1000), SLOW);
    expect(started).toHaveLength(1);
  });

  it('wait for the engine after a fast page 0, then start once with the same pages', () => {
    const { prefetcher, started } = fakePrefetcher();
    const plans = createSearchPlans(prefetcher);
    plans.open(opening(1, { cached: [3] }));
    plans.firstPage(1, first(1000), FAST_FIRST_PAGE_MS - 1);
    expect(started).toEqual([]);
    plans.go(1, extent(1000));
    expect(started.map((s) => s.plan.pages)).toEqual([[1, 2, 4]]);
    plans.go(1, extent(1000));
    expect(started).toHaveLength(1);
  });

  it('wait for the engine where the rest needs the user’s yes; start at the go', () => {
    const { prefetcher, started } = fakePrefetcher();
    const plans = createSearchPlans(prefetcher);
    plans.open(opening(1, { maxRequests: 21 }));
    plans.firstPage(1, first(4575), SLOW);
    expect(started).toEqual([]);
    plans.go(1, extent(4575));
    expect(started[0]?.plan.pages).toEqual(range(1, 22));
  });

  it('start nothing where page 0 stops the search or nothing is left to read', () => {
    const { prefetcher, started } = fakePrefetcher();
    const plans = createSearchPlans(prefetcher);
    plans.open(opening(1));
    plans.firstPage(1, first(4575, 0), SLOW);
    plans.open(opening(2, { cached: [1, 2] }));
    plans.go(2, extent(600));
    plans.open(opening(3));
    plans.firstPage(3, first(150, 150), SLOW);
    expect(started).toEqual([]);
  });

  it('start the rest at the go when page 0 never reached the worker (the page had it)', () => {
    const { prefetcher, started } = fakePrefetcher();
    const plans = createSearchPlans(prefetcher);
    plans.open(opening(5));
    plans.go(5, extent(401));
    expect(started).toEqual([
      { planId: 5, plan: expect.objectContaining({ pages: [1, 2], extent: extent(401) }) },
    ]);
  });

  it('hear nothing once ended: a late page 0 or go starts nothing; the end tells the untaken', () => {
    const { prefetcher, started, ended } = fakePrefetcher();
    const plans = createSearchPlans(prefetcher);
    plans.open(opening(3));
    expect(plans.end(3)).toBe(2);
    plans.firstPage(3, first(1000), SLOW);
    plans.go(3, extent(1000));
    expect(started).toEqual([]);
    expect(ended).toEqual([3]);
    // A plan never opened starts nothing either.
    plans.go(9, extent(1000));
    expect(started).toEqual([]);
  });

  it('keep each search’s plan apart', () => {
    const { prefetcher, started } = fakePrefetcher();
    const plans = createSearchPlans(prefetcher);
    const other = { ...SEARCH, rowsPerPage: 1000 };
    plans.open(opening(1));
    plans.open(opening(2, { search: other }));
    plans.firstPage(2, first(2500), SLOW);
    expect(started).toEqual([
      { planId: 2, plan: expect.objectContaining({ search: other, pages: [1, 2] }) },
    ]);
  });
});
