// What the browser is told of a billed request, and of a page from the cache. The
// upstream's JSON goes byte for byte (compressed when worth it), with Retry-After only; a
// checked page carries its items and total, and is kept.
import { PROXY_HEADERS } from '../../../src/contract/proxy-protocol';
import { clientGone } from '../../quota/callers';
import type { CheckedPage } from '../../upstream/upstream-json';
import { compressIfWorthIt } from '../compress-json';
import type { ResponseCache } from '../proxy-cache';
import type { UpstreamOutcome } from '../upstream-outcome';

/** Where an answer came from: the cache, the upstream, or another browser's request. */
export type CacheState = 'HIT' | 'MISS' | 'BYPASS' | 'COALESCED';

export interface Answering {
  cache: ResponseCache;
  /** Whether the proxy keeps search lanes (the browser then sends one page ahead). */
  withLanes: boolean;
}

/** A billed request's outcome for the browser: its failure, or the answer (kept if good). */
export function answerWith(
  { cache, withLanes }: Answering,
  key: string,
  outcome: UpstreamOutcome,
  cacheState: CacheState,
  acceptEncoding: string | undefined,
): Response | Promise<Response> {
  if (outcome.kind === 'unsent') return clientGone();
  if (outcome.kind === 'failed') return outcome.response();
  if (outcome.page) cache.set(key, outcome.status, outcome.body, outcome.page);
  return upstreamAnswer(outcome.status, outcome.body, outcome.retryAfter, cacheState, {
    acceptEncoding,
    page: outcome.page,
    withLanes,
  });
}

/**
 * The upstream's JSON, byte for byte (compressed when `acceptEncoding` takes it and it is
 * worth it), with Retry-After only, and the items and total of a page checked against the
 * contract (a cache hit, answered at once, goes without).
 */
export async function upstreamAnswer(
  status: number,
  body: Uint8Array<ArrayBuffer>,
  retryAfter: string | null,
  cacheState: CacheState,
  {
    acceptEncoding,
    page = null,
    withLanes = false,
  }: { acceptEncoding: string | undefined; page?: CheckedPage | null; withLanes?: boolean },
): Promise<Response> {
  // Plain header records and Buffer bodies: @hono/node-server then writes them straight to
  // the socket, without building a web Response and its stream.
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    [PROXY_HEADERS.proxyCache]: cacheState,
    vary: 'Accept-Encoding',
  };
  if (retryAfter !== null) headers['retry-after'] = retryAfter;
  if (page) {
    headers[PROXY_HEADERS.pageItems] = String(page.items);
    headers[PROXY_HEADERS.pageTotal] = String(page.total);
  }
  if (withLanes) headers[PROXY_HEADERS.searchLanes] = '1';
  const compressed = await compressIfWorthIt(body, acceptEncoding);
  if (compressed !== undefined) headers['content-encoding'] = compressed.encoding;
  return new Response(compressed?.bytes ?? body, { status, headers });
}
