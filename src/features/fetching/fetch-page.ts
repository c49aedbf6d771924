// One HTTP request for one page through the proxy, read and checked. It runs in the page
// worker (page-worker.ts), and on the main thread where there is no worker.
import { classifyResponse, type PageData } from './classify-response';
import { PageError } from './page-error';
import { pageRequestBody, type SearchInput } from './search-input';

export const API_PATH = '/api/v1/cl/services/cenhub.cl/hub/nonconformities-list';

export interface FetchPageOptions {
  signal?: AbortSignal;
  /** Ask the proxy for a fresh upstream answer ("Actualizar"). */
  bypassCache?: boolean;
  /** Called once per HTTP request sent (retries included), for the query details. */
  onRequest?: () => void;
}

/** One HTTP request for one page; throws a PageError (or the AbortError of a cancel). */
export async function fetchPage(
  search: SearchInput,
  page: number,
  { signal, bypassCache = false, onRequest }: FetchPageOptions = {},
): Promise<PageData> {
  let response: Response;
  let text: string;
  onRequest?.();
  try {
    response = await fetch(API_PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(bypassCache ? { 'cache-control': 'no-cache' } : {}),
      },
      body: JSON.stringify(pageRequestBody(search, page)),
      signal,
      // No `cache: 'no-store'`: Chromium would send Cache-Control: no-cache with it, which
      // the proxy reads as "Actualizar". Browsers never answer a POST from their cache.
    });
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
  const result = classifyResponse(page, {
    status: response.status,
    headers: response.headers,
    text,
  });
  if (result instanceof PageError) throw result;
  return result;
}
