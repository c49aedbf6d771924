// The page worker: downloads, decodes, parses and checks pages away from the main thread
// (~12 ms a page of 1,000 cases there; UTF-8 decoding of text with accents alone ~7 ms),
// fetches the next pages ahead (page-prefetch.ts) and hands pages over packed as columns
// (page-packing.ts).
/// <reference lib="webworker" />
import { fetchPage } from '@/features/fetching/api/fetch-page';
import { streamIdFor } from '@/features/fetching/api/operation-stream';
import { PageError } from '@/features/fetching/api/page-error';
import { searchKey } from '@/features/search-input/search-input';
import { handOverPage } from './page-packing';
import { createPagePrefetcher, pagesAfterFirst, takenOrOwn } from './page-prefetch';
import type { PageWorkerReply, PageWorkerRequest } from './page-worker-protocol';
import { warmUpFetching, warmUpPagePath } from './page-worker-warm-up';

const scope = self as unknown as DedicatedWorkerGlobalScope;
// Idle at start: the first search's first page then finds the code compiled and the
// worker's fetching set up.
setTimeout(() => {
  warmUpPagePath();
  warmUpFetching();
}, 0);
const running = new Map<number, AbortController>();
// Whether the proxy keeps search lanes, as its last page answer said (page 0's, before any
// plan): a proxy restarted without them is believed at once.
let proxyKeepsLanes = false;
/** Every page request of the worker, noting what its answer says of lanes. */
const fetchNotingLanes: typeof fetchPage = (search, page, options) =>
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

scope.onmessage = async (event: MessageEvent<PageWorkerRequest>) => {
  const message = event.data;
  if (message.kind === 'cancel') {
    running.get(message.id)?.abort();
    running.delete(message.id);
    return;
  }
  if (message.kind === 'plan') {
    const { kind: _kind, planId, ...plan } = message;
    prefetcher.start(planId, plan);
    return;
  }
  if (message.kind === 'plan-end') {
    const untaken = prefetcher.end(message.planId);
    scope.postMessage({
      kind: 'plan-ended',
      planId: message.planId,
      untaken,
    } satisfies PageWorkerReply);
    return;
  }
  const { search, page, bypassCache, continueWith } = message;
  const asked = performance.now();
  // After page 0, the rest leaves at once: as the answer starts when the proxy vouches for it
  // and tells its total, else once it is read; before page 0 travels to the page either way.
  let continued = false;
  const continueAfter = (first: { total: number; items: { length: number } }) => {
    if (continued || !continueWith) return;
    continued = true;
    const pages = pagesAfterFirst(
      first,
      search.rowsPerPage,
      continueWith,
      performance.now() - asked,
    );
    const { planId, concurrency } = continueWith;
    if (pages) prefetcher.start(planId, { search, pages, concurrency, bypassCache });
  };
  const prefetched = prefetcher.take(search, page, bypassCache);
  const controller = prefetched?.controller ?? new AbortController();
  running.set(message.id, controller);
  const ownRequest = () =>
    fetchNotingLanes(search, page, {
      signal: controller.signal,
      bypassCache,
      onVouched: (items, total) => {
        if (total !== null) continueAfter({ total, items: { length: items } });
      },
    });
  let reply: PageWorkerReply;
  try {
    const data = await (prefetched ? takenOrOwn(prefetched, ownRequest) : ownRequest());
    continueAfter(data);
    reply = {
      id: message.id,
      ok: true,
      data: handOverPage(data),
    };
  } catch (error) {
    // The main thread already settled a cancelled request.
    if (controller.signal.aborted) return;
    if (error instanceof PageError) {
      const { kind, code, type, description, httpStatus, operationId, retryAfterMs, retryAt } =
        error;
      const details = { kind, code, type, description, httpStatus, operationId, retryAfterMs };
      reply = { id: message.id, ok: false, error: { ...details, retryAt } };
    } else {
      reply = { id: message.id, ok: false, unexpected: String(error) };
    }
  } finally {
    running.delete(message.id);
  }
  scope.postMessage(reply);
};
