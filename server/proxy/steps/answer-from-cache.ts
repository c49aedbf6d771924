// A request answered before (and not asked fresh) is answered from the proxy's cache,
// unbilled. A page of a lane answered here still counts in its lane, or later pages wait.
import type { ResponseCache } from '../proxy-cache';
import type { SearchLanes } from '../search-lanes';
import { upstreamAnswer } from './answer';
import { type LaneTicket, letsSearchGoOn } from './lane-admission';
import type { PageRequest } from './read-request';

/** Whether the browser asks for a fresh upstream answer ("Actualizar"). */
export function wantsFreshAnswer(cacheControl: string | undefined): boolean {
  return /no-cache|no-store/i.test(cacheControl ?? '');
}

/** The cached answer to `key`, or undefined when there is none to give. */
export function answerFromCache(
  { cache, lanes }: { cache: ResponseCache; lanes: SearchLanes | null },
  key: string,
  request: PageRequest,
  ticket: LaneTicket | null,
  acceptEncoding: string | undefined,
): Promise<Response> | undefined {
  const hit = cache.get(key);
  if (!hit) return undefined;
  if (lanes && ticket) {
    lanes.credit(ticket.id, ticket.concurrency, letsSearchGoOn(request, hit.page));
  }
  return upstreamAnswer(hit.status, hit.body, null, 'HIT', {
    acceptEncoding,
    withLanes: lanes !== null,
  });
}
