// What the page sends to the API, as the end-to-end tests observe it.

import type { Page, Request } from '@playwright/test';
import { PROXY_PATH } from '@/contract/paths';
import { PROXY_HEADERS } from '@/contract/proxy-protocol';

/** Where the page asks for a search: the proxy's path (contract.test pins its text). */
export const API = PROXY_PATH;

/** Every POST the page sends to the API (through the proxy). */
export function recordApiRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === API)
      requests.push(request);
  });
  return requests;
}

/**
 * The requests the API was asked, as the page sees them: a page sent ahead into a search
 * lane (PROXY_HEADERS.searchLane) that the proxy turned away (`closed`), or that the page cancelled
 * before any answer, is left out. In these searches such a page still waited in its lane
 * (the upstream double's own count checks that). Waits for each request's answer.
 */
export async function takenOn(requests: Request[]): Promise<Request[]> {
  const answers = await Promise.all(
    requests.map(async (request) => (await request.response())?.allHeaders()),
  );
  return requests.filter((request, i) => {
    const answer = answers[i];
    if (answer) return answer[PROXY_HEADERS.searchLane] !== 'closed';
    return request.headers()[PROXY_HEADERS.searchLane] === undefined;
  });
}

/** The API page index (`Paginas`) of each request. */
export const pagesOf = (requests: Request[]) =>
  requests.map((r) => Number(r.postDataJSON().RequestData.Paginas));

export const summary = (page: Page) => page.getByTestId('summary');

/** Console errors and uncaught exceptions of the page (a CSP violation shows as one). */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/** Resolves once the page has saved a complete search in IndexedDB (done in idle time). */
export async function persistedSearches(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const opening = indexedDB.open('cen-explorer');
        opening.onerror = () => resolve(0);
        opening.onsuccess = () => {
          const db = opening.result;
          if (!db.objectStoreNames.contains('searches')) return resolve(0);
          const read = db.transaction('searches').objectStore('searches').get('__index__');
          read.onsuccess = () => resolve(Array.isArray(read.result) ? read.result.length : 0);
          read.onerror = () => resolve(0);
        };
      }),
  );
}
