// One HTTP request for one page through the proxy, read and checked. It runs in the page
// worker (page-worker.ts), and on the main thread where there is no worker.

import {
  OPERATION_HANDLE_HEADER,
  OPERATION_REMAINING_HEADER,
  OPERATION_STREAM_HEADER,
} from '@/contract/proxy-protocol';
import { classifyResponse, type PageData } from './classify-response';
import { awaitOperation, streamIdFor } from './operation-stream';
import { PageError } from './page-error';
import { pageRequestBody, type SearchInput, searchKey } from './search-input';

export const API_PATH = '/api/v1/cl/services/cenhub.cl/hub/nonconformities-list';

export interface FetchPageOptions {
  signal?: AbortSignal;
  /** Ask the proxy for a fresh upstream answer ("Actualizar"). */
  bypassCache?: boolean;
  /** Called once per HTTP request sent (retries included), for the query details. */
  onRequest?: () => void;
  /**
   * Called once the API has answered: when the proxy's answer starts, before its body is read
   * and parsed (for an asynchronous page: once its result came); `ok` when it is a 200.
   * Frees the prefetcher's network slot.
   */
  onReceived?: (ok: boolean) => void;
}

/** One HTTP request for one page; throws a PageError (or the AbortError of a cancel). */
export async function fetchPage(
  search: SearchInput,
  page: number,
  { signal, bypassCache = false, onRequest, onReceived }: FetchPageOptions = {},
): Promise<PageData> {
  let response: Response;
  let handle: string | null;
  let text: string;
  const key = searchKey(search);
  onRequest?.();
  try {
    response = await fetch(API_PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // Where an asynchronous page's result will come (ignored in synchronous mode).
        [OPERATION_STREAM_HEADER]: streamIdFor(key),
        ...(bypassCache ? { 'cache-control': 'no-cache' } : {}),
      },
      body: JSON.stringify(pageRequestBody(search, page)),
      signal,
      // No `cache: 'no-store'`: Chromium would send Cache-Control: no-cache with it, which
      // the proxy reads as "Actualizar". Browsers never answer a POST from their cache.
    });
    handle = response.status === 202 ? response.headers.get(OPERATION_HANDLE_HEADER) : null;
    // The proxy answers once the API has: the API's request is over, its body on the way.
    if (!handle) onReceived?.(response.status === 200);
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
  if (handle) {
    // Accepted: the API POSTs the result to the proxy later, which passes it on the stream.
    const remaining = Number(response.headers.get(OPERATION_REMAINING_HEADER) ?? Number.NaN);
    const accepted = {
      ...acceptedEnvelope(text),
      remainingMs: Number.isFinite(remaining) ? remaining : null,
    };
    const outcome = await awaitOperation(key, handle, accepted, signal);
    onReceived?.(outcome.status === 200);
    return classifyOrThrow(page, {
      status: outcome.status,
      headers: NO_HEADERS,
      text: outcome.text,
    });
  }
  return classifyOrThrow(page, { status: response.status, headers: response.headers, text });
}

const NO_HEADERS = { get: () => null };

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
