// What the page sends to the API, as the end-to-end tests observe it.
import type { Page, Request } from '@playwright/test';

export const API = '/api/v1/cl/services/cenhub.cl/hub/nonconformities-list';

/** Every POST the page sends to the API (through the proxy). */
export function recordApiRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === API)
      requests.push(request);
  });
  return requests;
}

/** The API page index (`Paginas`) of each request. */
export const pagesOf = (requests: Request[]) =>
  requests.map((r) => Number(r.postDataJSON().RequestData.Paginas));

export const summary = (page: Page) => page.locator('.summary');

/** Console errors and uncaught exceptions of the page (a CSP violation shows as one). */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}
