// The fault matrix (tests/support/fault-matrix.ts) through the real proxy, towards an
// upstream double on loopback: (1) what the proxy answers for each fault, (2) what the
// browser's chain does with it (runPaging → react-query → fetchPage → classifyResponse →
// the proxy in-process → the double), with the browser's own retry limits, so request
// counts and waits are the ones Chromium sees.
import type { QueryClient } from '@tanstack/react-query';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROXY_PATH } from '@/contract/paths';
import { classifyResponse } from '@/features/fetching/api/classify-response';
import { describePageError, PageError } from '@/features/fetching/api/page-error';
import { pageQueryKey, pageQueryOptions } from '@/features/fetching/engine/page-query';
import { type PagingState, runPaging } from '@/features/fetching/engine/paging-engine';
import { buildRows } from '@/features/rows/case-rows';
import type { SearchInput } from '@/features/search-input/search-input';
import { createQueryClient } from '@/lib/query-client';
import { computeDv } from '@/lib/rut';
import { createServerApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import {
  type FaultDouble,
  PAGE_COUNT,
  ROWS_PER_PAGE,
  startFaultDouble,
  TOTAL_CASES,
} from '../support/fault-double';
import { browserRequests, FAULT_ROWS, type FaultRow } from '../support/fault-matrix';
import { requestBody } from '../support/fixtures/requests';

/** Short enough for tests; long enough for a 5 MB answer on a loaded machine's loopback. */
const PROXY_TIMEOUT_MS = 1000;

/** The production proxy (cache on, as deployed) towards a double of its own. */
async function proxyTowardsDouble(row: FaultRow): Promise<{ app: Hono; double: FaultDouble }> {
  const double = await startFaultDouble();
  double.setBehavior(row.rut, row.behavior);
  const config = loadConfig({
    KHIPU_BASE_URL: double.baseUrl,
    KHIPU_JWT: 'jwt-de-prueba',
    KHIPU_TIMEOUT_MS: String(PROXY_TIMEOUT_MS),
  });
  return { app: createServerApp(config, { log: () => {} }).app, double };
}

const postPage = (app: Hono, rut: string, page: number) =>
  app.request(PROXY_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      requestBody({
        FechaCreacionDelCasoDesde: '01/01/2021',
        FechaCreacionDelCasoHasta: '12/31/2021',
        RutDeudor: rut,
        Filas: String(ROWS_PER_PAGE),
        Paginas: String(page),
      }),
    ),
  });

describe.concurrent('fault matrix: what the proxy answers', () => {
  it.each(FAULT_ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const { app, double } = await proxyTowardsDouble(row);
    try {
      // The pages before the faulty one first, as the browser reads them (conc=1).
      for (let page = 0; page < row.probePage; page++) {
        expect((await postPage(app, row.rut, page)).status).toBe(200);
      }
      const answer = await postPage(app, row.rut, row.probePage);
      const text = await answer.text();
      expect(answer.status).toBe(row.proxy.status);
      // Whatever the upstream sent, the browser gets JSON.
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      const body = JSON.parse(text);
      if (row.proxy.code === undefined) {
        expect(answer.headers.get('x-proxy-cache')).toBe('MISS');
      } else {
        expect(body).toMatchObject({
          Status: 'ERROR',
          Data: null,
          Error: { Code: row.proxy.code, Type: row.proxy.type },
        });
        if (row.proxy.says) expect(body.Error.Description).toContain(row.proxy.says);
      }
      // The proxy vouches for a page (x-page-items: the browser may send its next request
      // before reading it) exactly when the browser accepts it, with its item count and total.
      const browserView = classifyResponse(row.probePage, {
        status: answer.status,
        headers: answer.headers,
        text,
      });
      expect(answer.headers.get('x-page-items')).toBe(
        browserView instanceof PageError ? null : String(browserView.items.length),
      );
      // With its total, from which the browser plans the pages after page 0.
      expect(answer.headers.get('x-page-total')).toBe(
        browserView instanceof PageError ? null : String(browserView.total),
      );
      // One request per page asked, none retried by the proxy (a refused one never arrives).
      expect(double.count(row.rut)).toBe(row.probePage + (row.proxy.neverArrives ? 0 : 1));
    } finally {
      await double.close();
    }
  });
});

// ---------------------------------------------------------------------------------------
// The browser's chain: fetch is stubbed to hand '/api/…' to the row's proxy app in-process.
// ---------------------------------------------------------------------------------------

const appsByRut = new Map<string, Hono>();
const browserPagesByRut = new Map<string, number[]>();

beforeAll(() => {
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const data = JSON.parse(String(init.body)).RequestData as Record<string, string>;
    const rut = String(data.RutDeudor);
    browserPagesByRut.get(rut)?.push(Number(data.Paginas));
    const app = appsByRut.get(rut);
    if (!app) throw new TypeError(`no proxy for ${rut}`);
    return app.fetch(new Request(`http://127.0.0.1${String(input)}`, init));
  });
});
afterAll(() => vi.unstubAllGlobals());

function searchFor(row: FaultRow): SearchInput {
  return {
    rut: { body: row.rut, dv: computeDv(row.rut) },
    from: '2021-01-01',
    to: '2021-12-31',
    rowsPerPage: ROWS_PER_PAGE,
  };
}

/** readEverything as use-nonconformities-search.ts wires it, one page at a time (conc=1). */
function readAllPages(queryClient: QueryClient, search: SearchInput): Promise<PagingState> {
  return runPaging(
    { rowsPerPage: search.rowsPerPage, concurrency: 1, costThreshold: 1000 },
    {
      loadPage: (page) => queryClient.fetchQuery(pageQueryOptions(search, page)),
      isCached: (page) => queryClient.getQueryData(pageQueryKey(search, page)) !== undefined,
    },
    new AbortController().signal,
  );
}

const countByPage = (pages: readonly number[]) =>
  Array.from({ length: PAGE_COUNT }, (_, page) => pages.filter((p) => p === page).length);

const uniqueRows = (state: PagingState) => buildRows(state.pages).rows.length;

// The browser's real waits (400 ms backoff doubling, Retry-After 1 s): up to ~9 s a row.
const BROWSER_ROW_TIMEOUT_MS = 20_000;

describe.concurrent("fault matrix: the browser's paging through the proxy", () => {
  it.each(FAULT_ROWS.map((row) => [row.name, row] as const))(
    '%s',
    { timeout: BROWSER_ROW_TIMEOUT_MS },
    async (_name, row) => {
      const { app, double } = await proxyTowardsDouble(row);
      const sent: number[] = [];
      appsByRut.set(row.rut, app);
      browserPagesByRut.set(row.rut, sent);
      const queryClient = createQueryClient();
      const expected = row.browser;
      try {
        const state = await readAllPages(queryClient, searchFor(row));

        expect(state.phase).toBe(expected.phase);
        expect(countByPage(sent)).toEqual(expected.requestsByPage);
        expect(sent).toHaveLength(browserRequests(row));
        expect(double.count(row.rut)).toBe(expected.upstreamRequests);
        // The rows read before the fault stay.
        expect(uniqueRows(state)).toBe(expected.rows);

        if (expected.minGapMs !== undefined) {
          const arrivals = double.arrivals(row.rut, row.probePage);
          // Every try reached the double: the gaps below are all of them.
          expect(arrivals).toHaveLength(expected.requestsByPage[row.probePage] as number);
          const gaps = arrivals.slice(1).map((at, i) => at - (arrivals[i] as number));
          // Timers may fire a millisecond early against performance.now().
          expect(Math.min(...gaps)).toBeGreaterThanOrEqual(expected.minGapMs - 5);
        }

        if (expected.failure) {
          const failure = state.failures[0];
          expect(failure?.page).toBe(row.probePage);
          expect(failure?.error).toMatchObject({
            kind: expected.failure.kind,
            code: expected.failure.code,
          });
          const message = describePageError(failure?.error as NonNullable<typeof failure>['error']);
          expect(message).toContain(expected.failure.lead);
          expect(message).toContain(`(${expected.failure.code}: `);

          // "Reintentar" once the API is healthy again: only the pages still missing.
          await double.heal(row.rut);
          sent.length = 0;
          const again = await readAllPages(queryClient, searchFor(row));
          expect(again.phase).toBe('complete');
          expect([...sent].sort()).toEqual(expected.retryPages);
          expect(uniqueRows(again)).toBe(TOTAL_CASES);
        } else {
          expect(state.failures).toEqual([]);
        }
      } finally {
        queryClient.clear();
        await double.close();
      }
    },
  );
});
