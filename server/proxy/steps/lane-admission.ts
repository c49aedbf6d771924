// A page the browser sends ahead waits in its search's lane before anything is billed
// (search-lanes.ts), and leaves it saying whether its answer lets the search go on.
import { extentOfUnknownEnd, pageLetsSearchGoOn } from '../../../src/contract/page-rules';
import { PROXY_CODES } from '../../../src/contract/proxy-codes';
import { PROXY_HEADERS, SEARCH_LANE_PATTERN } from '../../../src/contract/proxy-protocol';
import { proxyError } from '../../khipu-error';
import { clientGone } from '../../quota/callers';
import type { CheckedPage } from '../../upstream/upstream-json';
import type { LaneEntry, LaneOutcome } from '../search-lanes';
import type { UpstreamOutcome } from '../upstream-outcome';
import type { PageRequest } from './read-request';

/** The lane a page names, and its place in it. */
export interface LaneTicket {
  /** The lane's id, keyed by client too: nobody reaches another's lane by guessing its id. */
  id: string;
  concurrency: number;
  position: number;
}

/** The lane that a search-lane header names, for `client`; null when malformed. */
export function laneOf(header: string, client: string): LaneTicket | null {
  const match = SEARCH_LANE_PATTERN.exec(header);
  if (!match) return null;
  const [, id, concurrency, position] = match;
  return { id: `${client}|${id}`, concurrency: Number(concurrency), position: Number(position) };
}

/**
 * The answer to a page that may not go upstream: its browser left while it waited, or the
 * lane is closed or full. Not sent, so not billed.
 */
export function laneRefusal(entry: Exclude<LaneEntry, { kind: 'go' }>): Response {
  switch (entry.kind) {
    case 'gone':
      return clientGone();
    case 'full':
      return proxyError(
        PROXY_CODES.laneFull,
        'Página no enviada a la API: no tuvo su turno (demasiadas búsquedas en curso, o una espera demasiado larga); intente en un momento.',
        { [PROXY_HEADERS.searchLane]: 'full' },
      );
    case 'closed':
      return proxyError(
        PROXY_CODES.laneClosed,
        'Página no enviada a la API: una página anterior de esta búsqueda no se pudo leer.',
        { [PROXY_HEADERS.searchLane]: 'closed' },
      );
  }
}

/**
 * Whether a checked page lets the search go on, by the rule the browser stops by
 * (page-rules.ts); an answer that is no checked page does not. The proxy does not know the
 * end page 0 announced, so an empty page closes the lane even where it is the last: nothing
 * waits after a last page, and a page whose own total shrank must not let the next be billed.
 */
export function letsSearchGoOn(request: PageRequest, page: CheckedPage | null | undefined) {
  if (!page) return false;
  return pageLetsSearchGoOn(
    { page: request.page, items: page.items },
    extentOfUnknownEnd(page.total),
  );
}

/** How a page of a lane went: anything but a page that lets the search go on closes it. */
export function laneOutcomeOf(request: PageRequest, outcome: UpstreamOutcome): LaneOutcome {
  if (outcome.kind === 'unsent') return 'unsent';
  if (outcome.kind === 'answered' && letsSearchGoOn(request, outcome.page)) return 'good';
  return 'bad';
}
