// One HTTP request for one page through the proxy, read and checked. It runs in the page
// worker (page-worker.ts), and on the main thread where there is no worker.

import { PROXY_PATH } from '@/contract/paths';
import { PROXY_HEADERS } from '@/contract/proxy-protocol';
import type { PageData } from '@/features/rows/page-data';
import { pageRequestBody, type SearchInput, searchKey } from '@/features/search-input/search-input';
import { classifyResponse } from './classify-response';
import { awaitOperation, streamIdFor } from './operation-stream';
import { PageError } from './page-error';

export interface FetchPageOptions {
  signal?: AbortSignal;
  /** Ask the proxy for a fresh upstream answer ("Actualizar"). */
  bypassCache?: boolean;
  /** Called once per HTTP request sent (retries included), for the query details. */
  onRequest?: () => void;
  /**
   * Called as the answer starts, before its body is read, when the proxy vouches for it: a
   * 200 it checked against the contract, with this many items (PROXY_HEADERS.pageItems)
   * under this total (PROXY_HEADERS.pageTotal, null from a proxy that does not say it).
   */
  onVouched?: (items: number, total: number | null) => void;
  /** The search lane this page waits in at the proxy (PROXY_HEADERS.searchLane's value). */
  lane?: string;
  /** Called as a 200 answer starts: whether the proxy keeps search lanes. */
  onLanes?: (kept: boolean) => void;
}

/** One HTTP request for one page; throws a PageError (or the AbortError of a cancel). */
export async function fetchPage(
  search: SearchInput,
  page: number,
  { signal, bypassCache = false, onRequest, onVouched, lane, onLanes }: FetchPageOptions = {},
): Promise<PageData> {
  let response: Response;
  let text: string;
  const key = searchKey(search);
  onRequest?.();
  try {
    response = await fetch(PROXY_PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // Where an asynchronous page's result will come (ignored in synchronous mode).
        [PROXY_HEADERS.operationStream]: streamIdFor(key),
        ...(bypassCache ? { 'cache-control': 'no-cache' } : {}),
        ...(lane ? { [PROXY_HEADERS.searchLane]: lane } : {}),
      },
      body: JSON.stringify(pageRequestBody(search, page)),
      signal,
      // No `cache: 'no-store'`: Chromium would send Cache-Control: no-cache with it, which
      // the proxy reads as "Actualizar". Browsers never answer a POST from their cache.
    });
    if (response.status === 200) onLanes?.(response.headers.get(PROXY_HEADERS.searchLanes) === '1');
    const vouched =
      response.status === 200 ? countIn(response.headers, PROXY_HEADERS.pageItems) : null;
    if (vouched !== null) onVouched?.(vouched, countIn(response.headers, PROXY_HEADERS.pageTotal));
    text = await response.text();
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new PageError({
      kind: 'retry',
      code: 'RED',
      type: null,
      description: 'No fue posible comunicarse con el servidor (error de red).',
      httpStatus: null,
      operationId: null,
      retryAfterMs: null,
      retryAt: null,
    });
  }
  const handle =
    response.status === 202 ? response.headers.get(PROXY_HEADERS.operationHandle) : null;
  if (handle) {
    // Accepted: the API POSTs the result to the proxy later, which passes it on the stream.
    const remaining = Number(response.headers.get(PROXY_HEADERS.operationRemaining) ?? Number.NaN);
    const accepted = {
      ...acceptedEnvelope(text),
      remainingMs: Number.isFinite(remaining) ? remaining : null,
    };
    const outcome = await awaitOperation(key, handle, accepted, signal);
    return classifyOrThrow(page, {
      status: outcome.status,
      headers: NO_HEADERS,
      text: outcome.text,
    });
  }
  return classifyOrThrow(page, { status: response.status, headers: response.headers, text });
}

const NO_HEADERS = { get: () => null };

/** A header's whole-number value, or null when it is absent or not one. */
function countIn(headers: Headers, name: string): number | null {
  const value = headers.get(name);
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

function classifyOrThrow(page: number, answer: Parameters<typeof classifyResponse>[1]): PageData {
  const result = classifyResponse(page, answer);
  if (result instanceof PageError) throw result;
  return result;
}

function acceptedEnvelope(text: string): { operationId: string | null; lifeSpan: unknown } {
  try {
    const json = JSON.parse(text) as { OperationId?: unknown; LifeSpan?: unknown };
    return {
      operationId: typeof json.OperationId === 'string' ? json.OperationId : null,
      lifeSpan: json.LifeSpan,
    };
  } catch {
    return { operationId: null, lifeSpan: null };
  }
}
