// What the page worker does with each message of the main thread (page-worker.ts runs it):
// reads a page, or hands over the one fetched ahead for it; opens, starts and ends the
// plans that fetch the rest of a search ahead (search-plans.ts); cancels.
import type { fetchPage as FetchPage } from '@/features/fetching/api/fetch-page';
import { streamIdFor } from '@/features/fetching/api/operation-stream';
import { PageError } from '@/features/fetching/api/page-error';
import { searchKey } from '@/features/search-input/search-input';
import { handOverPage } from './page-packing';
import { createPagePrefetcher, takenOrOwn } from './page-prefetch';
import type { PageWorkerReply, PageWorkerRequest } from './page-worker-protocol';
import { createSearchPlans } from './search-plans';

export interface PageWorkerHandlerDeps {
  /** Sends a reply to the main thread. */
  post(reply: PageWorkerReply): void;
  /** One HTTP request for one page (fetch-page.ts's). */
  fetchPage: typeof FetchPage;
  /** Milliseconds, for how long page 0 took (performance.now by default). */
  now?: () => number;
}

/** Handles one message; resolves once its reply, if any, was posted. */
export type PageWorkerHandler = (message: PageWorkerRequest) => Promise<void>;

export function createPageWorkerHandler({
  post,
  fetchPage,
  now = () => performance.now(),
}: PageWorkerHandlerDeps): PageWorkerHandler {
  const running = new Map<number, AbortController>();
  // Whether the proxy keeps search lanes, as its last page answer said (page 0's, before any
  // plan): a proxy restarted without them is believed at once.
  let proxyKeepsLanes = false;
  /** Every page request of the worker, noting what its answer says of lanes. */
  const fetchNotingLanes: typeof FetchPage = (search, page, options) =>
    fetchPage(search, page, {
      ...options,
      onLanes: (kept) => {
        proxyKeepsLanes = kept;
      },
    });
  const prefetcher = createPagePrefetcher(fetchNotingLanes, {
    // A lane id nobody guesses: the search's random result-stream id, and the plan.
    laneFor: (planId, plan) =>
      proxyKeepsLanes ? `${streamIdFor(searchKey(plan.search))}.${planId}` : null,
  });
  const plans = createSearchPlans(prefetcher);

  const fetchOne = async (message: Extract<PageWorkerRequest, { kind: 'fetch' }>) => {
    const { id, search, page, bypassCache, planId } = message;
    const asked = now();
    // Page 0 tells its plan what it holds once, as soon as it can: as its answer starts when
    // the proxy vouches for it and tells its total, else once it is read.
    let told = planId === undefined;
    const tellPlan = (first: { total: number; items: { length: number } }) => {
      if (told || planId === undefined) return;
      told = true;
      plans.firstPage(planId, first, now() - asked);
    };
    const prefetched = prefetcher.take(search, page, bypassCache);
    const controller = prefetched?.controller ?? new AbortController();
    running.set(id, controller);
    const ownRequest = () =>
      fetchNotingLanes(search, page, {
        signal: controller.signal,
        bypassCache,
        onVouched: (items, total) => {
          if (total !== null) tellPlan({ total, items: { length: items } });
        },
      });
    let reply: PageWorkerReply;
    try {
      const data = await (prefetched ? takenOrOwn(prefetched, ownRequest) : ownRequest());
      tellPlan(data);
      reply = { id, ok: true, data: handOverPage(data) };
    } catch (error) {
      // The main thread already settled a cancelled request.
      if (controller.signal.aborted) return;
      if (error instanceof PageError) {
        const { kind, code, type, description, httpStatus, operationId, retryAfterMs, retryAt } =
          error;
        const details = { kind, code, type, description, httpStatus, operationId, retryAfterMs };
        reply = { id, ok: false, error: { ...details, retryAt } };
      } else {
        reply = { id, ok: false, unexpected: String(error) };
      }
    } finally {
      running.delete(id);
    }
    post(reply);
  };

  return async (message) => {
    switch (message.kind) {
      case 'fetch':
        return fetchOne(message);
      case 'cancel':
        running.get(message.id)?.abort();
        running.delete(message.id);
        return;
      case 'plan-open': {
        const { kind: _kind, ...opening } = message;
        plans.open(opening);
        return;
      }
      case 'plan-go':
        plans.go(message.planId, message.extent);
        return;
      case 'plan-end': {
        const untaken = plans.end(message.planId);
        post({ kind: 'plan-ended', planId: message.planId, untaken });
        return;
      }
    }
  };
}
