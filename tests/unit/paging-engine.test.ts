// The browser's paging engine, driven through the real chain in-process:
// runPaging → loadPage → queryClient.fetchQuery(pageQueryOptions(…)) → fetchPage → the
// global fetch (stubbed) → the real proxy → the embedded simulator.
import type { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ErrorType, errorEnvelope } from '@/contract/errors';
import { PROXY_PATH } from '@/contract/paths';
import { PageError } from '@/features/fetching/api/page-error';
import type { RetryLimits } from '@/features/fetching/api/retry-policy';
import { pageQueryKey, pageQueryOptions } from '@/features/fetching/engine/page-query';
import {
  type CostQuestion,
  FAST_FIRST_PAGE_MS,
  type PagingDeps,
  type PagingState,
  runPaging,
} from '@/features/fetching/engine/paging-engine';
import { buildRows } from '@/features/rows/case-rows';
import type { PageData } from '@/features/rows/page-data';
import type { SearchInput } from '@/features/search-input/search-input';
import { createQueryClient } from '@/lib/query-client';
import { computeDv } from '@/lib/rut';
import { createServerApp } from '../../server/app';
import { type Env, loadConfig } from '../../server/config';
import type { Simulator } from '../../server/simulator/app';
import { okEnvelope } from '../support/fixtures/pages';
import { pageData } from '../support/fixtures/rows';

const LIMITS: RetryLimits = {
  maxRetries: 2,
  maxRateLimitRetries: 2,
  baseDelayMs: 1,
  maxDelayMs: 5,
  maxRetryAfterMs: 50,
};

const SEED_FROM = '2019-11-14';
const SEED_TO = '2025-11-05';
const SEED_TOTAL = 4575;

function search(body: string, rowsPerPage = 200, from = SEED_FROM, to = SEED_TO): SearchInput {
  return { rut: { body, dv: computeDv(body) }, from, to, rowsPerPage };
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------
// The stubbed global fetch: '/api/…' goes to the real proxy app, in-process
// ---------------------------------------------------------------------------------------

interface SentRequest {
  page: number;
  rut: string;
  /** 1 on the first request of this page (same RUT) in the test. */
  attempt: number;
  /** Answers the stub had already returned when this request was sent. */
  answeredBefore: number;
}

/** Answers a request itself instead of the proxy (undefined = pass through). */
type Override = (request: SentRequest) => Response | Error | undefined;

interface Harness {
  simulator: Simulator;
  requests: SentRequest[];
  inFlight: number;
  maxInFlight: number;
  answered: number;
  override: Override | null;
  /** Pages requested, in the order sent. */
  pages(): number[];
  requestsFor(page: number): number;
}

let pending: Promise<unknown>[] = [];
let queryClients: QueryClient[] = [];

afterEach(async () => {
  vi.unstubAllGlobals();
  for (const client of queryClients) client.clear();
  queryClients = [];
  // Let the simulator's latency timers of abandoned requests run out inside the test.
  await Promise.allSettled(pending);
  pending = [];
});

function freshQueryClient(): QueryClient {
  const client = createQueryClient();
  queryClients.push(client);
  return client;
}

/** Like real fetch: rejects with the signal's reason as soon as it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function startServer(env: Env = {}): Harness {
  const { app, simulator } = createServerApp(
    loadConfig({ SIM_LATENCY_MS: '0', SIM_JITTER_MS: '0', PROXY_CACHE_TTL_MS: '0', ...env }),
    { log: () => {} },
  );
  if (!simulator) throw new Error('expected the embedded simulator');
  simulator.reset();
  const harness: Harness = {
    simulator,
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    answered: 0,
    override: null,
    pages: () => harness.requests.map((r) => r.page),
    requestsFor: (page) => harness.requests.filter((r) => r.page === page).length,
  };
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    if (!url.startsWith('/api/')) throw new TypeError(`unexpected fetch of ${url}`);
    const data = JSON.parse(String(init.body)).RequestData as Record<string, string>;
    const page = Number(data.Paginas);
    const rut = String(data.RutDeudor);
    const sent: SentRequest = {
      page,
      rut,
      attempt: harness.requests.filter((r) => r.page === page && r.rut === rut).length + 1,
      answeredBefore: harness.answered,
    };
    harness.requests.push(sent);
    harness.inFlight++;
    harness.maxInFlight = Math.max(harness.maxInFlight, harness.inFlight);
    try {
      if (init.signal?.aborted) throw init.signal.reason;
      const overridden = harness.override?.(sent);
      if (overridden instanceof Error) throw overridden;
      const answer = Promise.resolve(
        overridden ??
          app.fetch(new Request(`http://127.0.0.1${url}`, { ...init, signal: undefined })),
      );
      pending.push(answer.catch(() => {}));
      const response = await abortable(answer, init.signal);
      harness.answered++;
      return response;
    } finally {
      harness.inFlight--;
    }
  });
  return harness;
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

const khipuFailure = (status: number, code: string, type: string, headers = {}) =>
  jsonResponse(
    status,
    errorEnvelope('test-operation', code, type as ErrorType, `falla ${code}`),
    headers,
  );

const okPage = (total: number, items: unknown[] = []) =>
  jsonResponse(200, okEnvelope(total, items, { OperationId: 'test-operation' }));

// ---------------------------------------------------------------------------------------
// readEverything, as use-nonconformities-search.ts wires it (without the React store)
// ---------------------------------------------------------------------------------------

interface RunOptions {
  concurrency?: number;
  costThreshold?: number;
  confirmCost?: PagingDeps['confirmCost'];
  onUpdate?: (state: PagingState) => void;
  signal?: AbortSignal;
  limits?: RetryLimits;
}

interface RunResult {
  state: PagingState;
  updates: PagingState[];
  /** onRequest calls (one per HTTP request, retries included). */
  onRequestCalls: number;
}

async function readEverything(
  queryClient: QueryClient,
  input: SearchInput,
  options: RunOptions = {},
): Promise<RunResult> {
  const updates: PagingState[] = [];
  let onRequestCalls = 0;
  const state = await runPaging(
    {
      rowsPerPage: input.rowsPerPage,
      concurrency: options.concurrency ?? 3,
      costThreshold: options.costThreshold ?? 1000,
    },
    {
      loadPage: (page, pageSignal) => {
        const query = pageQueryOptions(input, page, {
          limits: options.limits ?? LIMITS,
          onRequest: () => {
            onRequestCalls++;
          },
        });
        const cancel = () => void queryClient.cancelQueries({ queryKey: query.queryKey });
        pageSignal.addEventListener('abort', cancel, { once: true });
        return queryClient
          .fetchQuery(query)
          .finally(() => pageSignal.removeEventListener('abort', cancel));
      },
      isCached: (page) => queryClient.getQueryData(pageQueryKey(input, page)) !== undefined,
      confirmCost: options.confirmCost,
      onUpdate: (update) => {
        updates.push(update);
        options.onUpdate?.(update);
      },
    },
    options.signal ?? new AbortController().signal,
  );
  return { state, updates, onRequestCalls };
}

const loaded = (state: PagingState) =>
  state.pages.filter((page): page is PageData => page !== undefined);

const ids = (pages: readonly PageData[]) => pages.flatMap((p) => p.items.map((i) => i.IdCaso));

function onlyFailure(state: PagingState): PageError {
  expect(state.failures).toHaveLength(1);
  const error = state.failures[0]?.error;
  expect(error).toBeInstanceOf(PageError);
  return error as PageError;
}

// ---------------------------------------------------------------------------------------

describe('runPaging: the seed search', () => {
  it('reads page 0, then the other 22 pages: 23 requests, 4,575 unique rows in API order', async () => {
    const server = startServer();
    const { state, updates, onRequestCalls } = await readEverything(
      freshQueryClient(),
      search('76999999'),
    );

    expect(state.phase).toBe('complete');
    expect(state.total).toBe(SEED_TOTAL);
    expect(state.pageCount).toBe(23);
    expect(state.loadedPages).toBe(23);
    expect(state.failures).toEqual([]);
    expect(state.unrequested).toEqual([]);
    expect(state.totalChanged).toBeNull();
    expect(state.emptyPageBeforeEnd).toBeNull();

    expect(server.requests).toHaveLength(23);
    expect(onRequestCalls).toBe(23);
    expect(server.simulator.requestCount()).toBe(23);
    expect([...server.pages()].sort((a, b) => a - b)).toEqual(range(0, 22));
    // Page 0 first, alone: every other page is asked for after its answer (the total).
    expect(server.requests[0]).toMatchObject({ page: 0, answeredBefore: 0 });
    for (const request of server.requests.slice(1)) {
      expect(request.answeredBefore).toBeGreaterThanOrEqual(1);
    }

    const pages = loaded(state);
    expect(pages.map((p) => p.page)).toEqual(range(0, 22));
    expect(pages.map((p) => p.items.length)).toEqual([...Array(22).fill(200), 175]);
    const { rows, duplicates } = buildRows(state.pages);
    expect(duplicates).toBe(0);
    expect(rows).toHaveLength(SEED_TOTAL);
    expect(new Set(rows.map((r) => r.key)).size).toBe(SEED_TOTAL);
    // API order: page 0's rows first, then page 1's, …
    expect(rows.map((r) => r.key)).toEqual(ids(pages));
    expect(rows.slice(0, 200).map((r) => r.item)).toEqual(pages[0]?.items);

    // Progress: loadedPages never goes back, passes through every count, ends complete.
    const counts = updates.map((u) => u.loadedPages);
    for (let i = 1; i < counts.length; i++) {
      expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1] as number);
    }
    expect(new Set(counts)).toEqual(new Set(range(0, 23)));
    expect(updates.at(-1)).toMatchObject({ phase: 'complete', loadedPages: 23 });
    expect(updates.slice(0, -1).every((u) => u.phase === 'loading')).toBe(true);
  });
});

describe('runPaging: bounded concurrency', () => {
  it.each([
    [1, 1],
    [3, 3],
    [5, 5],
  ])('keeps at most %i request(s) in flight, and reaches the bound', async (concurrency, max) => {
    const server = startServer({ SIM_LATENCY_MS: '15' });
    const { state } = await readEverything(freshQueryClient(), search('92000000', 100), {
      concurrency,
    });
    expect(state.phase).toBe('complete');
    expect(state.pageCount).toBe(10);
    // 92000000's page 2 fails once: its retry stays within the bound too.
    expect(server.requests).toHaveLength(11);
    expect(server.maxInFlight).toBe(max);
  });
});

describe('runPaging: cost confirmation', () => {
  it('asks once before 99 more requests; declining sends nothing more', async () => {
    const server = startServer();
    const questions: CostQuestion[] = [];
    let requestsWhenAsked = -1;
    const { state, updates } = await readEverything(freshQueryClient(), search('99000000', 1000), {
      costThreshold: 50,
      confirmCost: async (question) => {
        questions.push(question);
        requestsWhenAsked = server.requests.length;
        return false;
      },
    });
    expect(questions).toEqual([{ remainingRequests: 99, total: 100_000, pageCount: 100 }]);
    expect(requestsWhenAsked).toBe(1);
    expect(state.phase).toBe('declined');
    expect(state.pendingRequests).toBe(99);
    expect(state.unrequested).toEqual(range(1, 99));
    expect(state.loadedPages).toBe(1);
    expect(server.pages()).toEqual([0]);
    expect(updates.some((u) => u.phase === 'confirming' && u.pendingRequests === 99)).toBe(true);
  });

  it('reads on when the user accepts', async () => {
    const server = startServer();
    const controller = new AbortController();
    const confirmCost = vi.fn(async () => true);
    const { state } = await readEverything(freshQueryClient(), search('99000000', 1000), {
      costThreshold: 50,
      concurrency: 2,
      confirmCost,
      signal: controller.signal,
      // Enough to see it go on; aborting keeps the test fast.
      onUpdate: (update) => {
        if (update.loadedPages >= 4) controller.abort();
      },
    });
    expect(confirmCost).toHaveBeenCalledTimes(1);
    expect(state.phase).toBe('cancelled');
    expect(state.loadedPages).toBeGreaterThanOrEqual(4);
    expect(server.requests.length).toBeGreaterThanOrEqual(4);
    expect(server.requests.length).toBeLessThanOrEqual(6);
  });

  it('does not count cached pages: a second run of a complete search asks nothing, sends nothing', async () => {
    const server = startServer();
    const queryClient = freshQueryClient();
    const input = search('76999999');
    const first = vi.fn(async () => true);
    const one = await readEverything(queryClient, input, { costThreshold: 10, confirmCost: first });
    expect(first).toHaveBeenCalledTimes(1);
    expect(first).toHaveBeenCalledWith(
      { remainingRequests: 22, total: SEED_TOTAL, pageCount: 23 },
      expect.any(AbortSignal),
    );
    expect(one.state.phase).toBe('complete');
    expect(server.requests).toHaveLength(23);

    const second = vi.fn(async () => false);
    const two = await readEverything(queryClient, input, {
      costThreshold: 10,
      confirmCost: second,
    });
    expect(second).not.toHaveBeenCalled();
    expect(two.state.phase).toBe('complete');
    expect(two.onRequestCalls).toBe(0);
    expect(server.requests).toHaveLength(23);
    expect(buildRows(two.state.pages).rows).toHaveLength(SEED_TOTAL);
  });
});

describe('runPaging: cancellation', () => {
  it('stops at once while pages are in flight, and starts no request afterwards', async () => {
    const server = startServer({ SIM_LATENCY_MS: '100' });
    const controller = new AbortController();
    const run = readEverything(freshQueryClient(), search('76999999'), {
      concurrency: 3,
      signal: controller.signal,
    });
    // Page 0 answered, pages 1–3 in flight.
    await vi.waitFor(() => expect(server.requests.length).toBe(4), { interval: 1 });
    expect(server.inFlight).toBe(3);
    const sentBeforeAbort = server.requests.length;
    const abortedAt = performance.now();
    controller.abort();
    const { state } = await run;
    expect(performance.now() - abortedAt).toBeLessThan(50);

    expect(state.phase).toBe('cancelled');
    expect(state.loadedPages).toBe(1);
    expect(state.unrequested).toEqual(range(1, 22));
    expect(server.inFlight).toBe(0);
    // Nothing later either (no retry, no next page).
    await sleep(150);
    expect(server.requests).toHaveLength(sentBeforeAbort);
  });

  it('cancels page 0 in flight', async () => {
    const server = startServer({ SIM_LATENCY_MS: '60' });
    const controller = new AbortController();
    const run = readEverything(freshQueryClient(), search('76999999'), {
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(server.requests.length).toBe(1), { interval: 1 });
    controller.abort();
    const { state } = await run;
    expect(state.phase).toBe('cancelled');
    expect(state.unrequested).toEqual([0]);
    await sleep(80);
    expect(server.requests).toHaveLength(1);
  });

  it('cancels while waiting for the cost confirmation', async () => {
    const server = startServer();
    const controller = new AbortController();
    const { state } = await readEverything(freshQueryClient(), search('76999999'), {
      costThreshold: 10,
      signal: controller.signal,
      confirmCost: (_question, signal) =>
        new Promise<boolean>((resolve) => {
          signal.addEventListener('abort', () => resolve(true), { once: true });
          setTimeout(() => controller.abort(), 5);
        }),
    });
    expect(state.phase).toBe('cancelled');
    expect(state.unrequested).toEqual(range(1, 22));
    expect(server.requests).toHaveLength(1);
  });
});

describe('runPaging: retries and failures', () => {
  it('retries RETRY_IMMEDIATELY (E201 on the first try of every page): each page twice', async () => {
    const server = startServer();
    const { state, onRequestCalls } = await readEverything(freshQueryClient(), search('91000001'));
    expect(state.phase).toBe('complete');
    const pageCount = state.pageCount ?? 0;
    expect(pageCount).toBe(Math.ceil((state.total ?? 0) / 200));
    expect(pageCount).toBeGreaterThan(10);
    for (const page of range(0, pageCount - 1)) expect(server.requestsFor(page)).toBe(2);
    expect(server.requests).toHaveLength(2 * pageCount);
    expect(onRequestCalls).toBe(2 * pageCount);
    expect(buildRows(state.pages).rows).toHaveLength(state.total ?? -1);
  });

  it('retries one HTTP 500 on page 2: one extra request', async () => {
    const server = startServer();
    const { state } = await readEverything(freshQueryClient(), search('92000000'));
    expect(state.phase).toBe('complete');
    expect(state).toMatchObject({ total: 1000, pageCount: 5, loadedPages: 5 });
    expect(server.requests).toHaveLength(6);
    expect(range(0, 4).map((page) => server.requestsFor(page))).toEqual([1, 1, 2, 1, 1]);
  });

  it('stops on DO_NOT_RETRY after one request', async () => {
    const server = startServer();
    const { state } = await readEverything(freshQueryClient(), search('91000002'));
    expect(state.phase).toBe('failed');
    expect(server.pages()).toEqual([0]);
    expect(state.failures[0]?.page).toBe(0);
    expect(onlyFailure(state)).toMatchObject({
      kind: 'stop',
      code: 'E404',
      type: 'DO_NOT_RETRY',
      httpStatus: 400,
    });
  });

  it('stops on WAIT_4_HOURS_BEFORE_RETRY after one request, with the earliest retry time', async () => {
    const server = startServer();
    const before = Date.now();
    const { state } = await readEverything(freshQueryClient(), search('91000003'));
    const after = Date.now();
    expect(state.phase).toBe('failed');
    expect(server.requests).toHaveLength(1);
    const error = onlyFailure(state);
    expect(error.kind).toBe('wait-4-hours');
    expect(error.code).toBe('E202');
    const fourHours = 4 * 60 * 60 * 1000;
    expect(error.retryAt?.getTime()).toBeGreaterThanOrEqual(before + fourHours);
    expect(error.retryAt?.getTime()).toBeLessThanOrEqual(after + fourHours);
  });

  it('stops on RETRY_AFTER_NOTIFICATION after one request', async () => {
    const server = startServer();
    const { state } = await readEverything(freshQueryClient(), search('91000004'));
    expect(state.phase).toBe('failed');
    expect(server.requests).toHaveLength(1);
    expect(onlyFailure(state)).toMatchObject({ kind: 'needs-action', code: 'E101' });
  });

  it('gives up on a page that keeps failing, keeps the others, and a second run reads only it', async () => {
    const server = startServer();
    const queryClient = freshQueryClient();
    const input = search('76999999');
    server.override = ({ page }) =>
      page === 5 ? khipuFailure(500, 'E201', 'RETRY_IMMEDIATELY') : undefined;
    const { state } = await readEverything(queryClient, input);

    expect(state.phase).toBe('failed');
    expect(server.requestsFor(5)).toBe(1 + LIMITS.maxRetries);
    for (const page of range(0, 22).filter((p) => p !== 5))
      expect(server.requestsFor(page)).toBe(1);
    expect(state.failures.map((f) => f.page)).toEqual([5]);
    expect(onlyFailure(state)).toMatchObject({ kind: 'retry', code: 'E201', httpStatus: 500 });
    expect(state.loadedPages).toBe(22);
    expect(state.pages[5]).toBeUndefined();
    expect(state.unrequested).toEqual([]);
    expect(buildRows(state.pages).rows).toHaveLength(SEED_TOTAL - 200);

    server.override = null;
    const before = server.requests.length;
    const confirmCost = vi.fn(async () => true);
    const again = await readEverything(queryClient, input, { costThreshold: 0, confirmCost });
    expect(confirmCost).toHaveBeenCalledWith(
      { remainingRequests: 1, total: SEED_TOTAL, pageCount: 23 },
      expect.any(AbortSignal),
    );
    expect(server.pages().slice(before)).toEqual([5]);
    expect(again.state.phase).toBe('complete');
    expect(again.state.loadedPages).toBe(23);
    expect(buildRows(again.state.pages).rows).toHaveLength(SEED_TOTAL);
  });

  it('retries a network error', async () => {
    const server = startServer();
    server.override = ({ page, attempt }) =>
      page === 1 && attempt === 1 ? new TypeError('fetch failed') : undefined;
    const { state } = await readEverything(freshQueryClient(), search('92000000'));
    expect(state.phase).toBe('complete');
    expect(server.requestsFor(1)).toBe(2);
  });

  it('reports an envelope error (OK with Data null) without retrying', async () => {
    const server = startServer();
    server.override = ({ page }) =>
      page === 0
        ? jsonResponse(200, okEnvelope(0, [], { OperationId: 'op-1', Data: null }))
        : undefined;
    const { state } = await readEverything(freshQueryClient(), search('76999999'));
    expect(state.phase).toBe('failed');
    expect(server.requests).toHaveLength(1);
    expect(onlyFailure(state)).toMatchObject({
      kind: 'stop',
      code: 'RESPUESTA',
      operationId: 'op-1',
    });
  });
});

describe('runPaging: a failure retrying cannot fix, in the middle of a search', () => {
  it.each([
    ['DO_NOT_RETRY', 400, 'DO_NOT_RETRY', {}, 'stop'],
    ['an unknown Type', 500, 'SOMETHING_NEW', {}, 'stop'],
    ['WAIT_4_HOURS_BEFORE_RETRY', 200, 'WAIT_4_HOURS_BEFORE_RETRY', {}, 'wait-4-hours'],
    ['RETRY_AFTER_NOTIFICATION', 200, 'RETRY_AFTER_NOTIFICATION', {}, 'needs-action'],
    // The limit is the client's, not the page's: the next pages would meet it again.
    [
      'HTTP 429 with Retry-After: 3600',
      429,
      'RETRY_IMMEDIATELY',
      { 'retry-after': '3600' },
      'rate-limited',
    ],
  ])('%s on page 1 stops launching pages', async (_name, status, type, headers, kind) => {
    const server = startServer({ SIM_LATENCY_MS: '10' });
    server.override = ({ page }) =>
      page === 1 ? khipuFailure(status, 'E999', type, headers) : undefined;
    const { state } = await readEverything(freshQueryClient(), search('76999999'), {
      concurrency: 3,
    });
    expect(state.phase).toBe('failed');
    expect(server.requestsFor(1)).toBe(1);
    // Pages 2 and 3 were already in flight (and are kept); nothing was launched after.
    expect([...server.pages()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
    expect(state.failures.map((f) => f.page)).toEqual([1]);
    expect(onlyFailure(state).kind).toBe(kind);
    expect(state.loadedPages).toBe(3);
    expect(state.unrequested).toEqual(range(4, 22));
  });
});

describe('runPaging: HTTP 429', () => {
  it('waits for Retry-After: 0 and retries the page', async () => {
    const server = startServer();
    server.override = ({ page, attempt }) =>
      page === 2 && attempt === 1
        ? khipuFailure(429, 'E000', 'DO_NOT_RETRY', { 'retry-after': '0' })
        : undefined;
    const { state } = await readEverything(freshQueryClient(), search('93000000'));
    expect(state.phase).toBe('complete');
    expect(server.requestsFor(2)).toBe(2);
    expect(state.pageCount).toBe(4);
    expect(server.requests).toHaveLength(5);
  });

  it('stops after one request when Retry-After is longer than it will wait', async () => {
    const server = startServer();
    server.override = () =>
      khipuFailure(429, 'E000', 'RETRY_IMMEDIATELY', { 'retry-after': '3600' });
    const { state } = await readEverything(freshQueryClient(), search('76999999'));
    expect(state.phase).toBe('failed');
    expect(server.requests).toHaveLength(1);
    expect(onlyFailure(state)).toMatchObject({ kind: 'rate-limited', retryAfterMs: 3_600_000 });
  });

  it('retries a rate limit without Retry-After at most maxRateLimitRetries times', async () => {
    const server = startServer();
    server.override = ({ page }) =>
      page === 0 ? khipuFailure(429, 'E000', 'RETRY_IMMEDIATELY') : undefined;
    const { state } = await readEverything(freshQueryClient(), search('76999999'));
    expect(state.phase).toBe('failed');
    expect(server.requests).toHaveLength(1 + LIMITS.maxRateLimitRetries);
    expect(onlyFailure(state).kind).toBe('rate-limited');
  });
});

describe('runPaging: drift, short and empty pages', () => {
  it('reports a total that grew while paging and drops the cases read twice', async () => {
    startServer();
    const { state } = await readEverything(freshQueryClient(), search('94000000'));
    const first = state.total ?? -1;
    expect(state.phase).toBe('complete');
    expect(state.totalChanged).toEqual({ first, latest: first + 3 });
    const { rows, duplicates } = buildRows(state.pages);
    expect(duplicates).toBe(3);
    expect(rows).toHaveLength(first);
    expect(new Set(rows.map((r) => r.key)).size).toBe(first);
  });

  it('stops at an empty page before the announced end, launching nothing after it', async () => {
    const server = startServer({ SIM_LATENCY_MS: '20' });
    server.override = ({ page }) => (page === 3 ? okPage(SEED_TOTAL) : undefined);
    let requestsWhenStopSeen: number | null = null;
    const { state } = await readEverything(freshQueryClient(), search('76999999'), {
      concurrency: 3,
      onUpdate: (update) => {
        if (update.emptyPageBeforeEnd !== null && requestsWhenStopSeen === null) {
          requestsWhenStopSeen = server.requests.length;
        }
      },
    });
    expect(state.phase).toBe('stopped');
    expect(state.emptyPageBeforeEnd).toBe(3);
    expect(requestsWhenStopSeen).toBe(4);
    expect(server.requests).toHaveLength(4);
    // Pages 1 and 2 were in flight when page 3 answered: they are kept.
    expect([...server.pages()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
    expect(state.pages.slice(0, 3).every((page) => (page?.items.length ?? 0) === 200)).toBe(true);
    expect(state.unrequested).toEqual(range(4, 22));
    expect(state.failures).toEqual([]);
  });

  it('stops when page 0 is empty under a positive total', async () => {
    const server = startServer();
    server.override = ({ page }) => (page === 0 ? okPage(500) : undefined);
    const { state } = await readEverything(freshQueryClient(), search('76999999'));
    expect(state).toMatchObject({ phase: 'stopped', emptyPageBeforeEnd: 0, pageCount: 3 });
    expect(state.unrequested).toEqual([1, 2]);
    expect(server.requests).toHaveLength(1);
  });

  it('completes a search with no cases in one request', async () => {
    const server = startServer();
    const { state } = await readEverything(freshQueryClient(), search('96000000'));
    expect(state).toMatchObject({ phase: 'complete', total: 0, pageCount: 1, loadedPages: 1 });
    expect(server.requests).toHaveLength(1);
    expect(buildRows(state.pages).rows).toEqual([]);
  });

  it('keeps AdditionalInformation on every page', async () => {
    startServer();
    const { state } = await readEverything(freshQueryClient(), search('93000000'));
    expect(state.phase).toBe('complete');
    const pages = loaded(state);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.additionalInformation).toMatch(/incompletos/);
  });

  it('sends the API path and the page body the proxy expects', async () => {
    startServer();
    const bodies: unknown[] = [];
    const realFetch = globalThis.fetch;
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
      expect(String(input)).toBe(PROXY_PATH);
      bodies.push(JSON.parse(String(init?.body)));
      return realFetch(input, init);
    });
    const { state } = await readEverything(freshQueryClient(), search('92000000', 500));
    expect(state.phase).toBe('complete');
    expect(bodies).toEqual([
      {
        RequestData: {
          FechaCreacionDelCasoDesde: '11/14/2019',
          FechaCreacionDelCasoHasta: '11/05/2025',
          RutDeudor: '92000000',
          Filas: '500',
          Paginas: '0',
        },
      },
      expect.objectContaining({ RequestData: expect.objectContaining({ Paginas: '1' }) }),
    ]);
  });
});

describe('runPaging: the first rows before the rest', () => {
  const fakePage = (page: number): PageData => pageData([{}], { page, total: 300 });

  it('waits for the first rows to paint when page 0 came fast, and not when it came slow', async () => {
    for (const [firstPageMs, waits] of [
      [0, true],
      [FAST_FIRST_PAGE_MS + 20, false],
    ] as const) {
      const events: string[] = [];
      const state = await runPaging(
        { rowsPerPage: 100, concurrency: 2, costThreshold: 100 },
        {
          loadPage: async (page) => {
            if (page === 0) await sleep(firstPageMs);
            events.push(`page ${page}`);
            return fakePage(page);
          },
          nextPaint: async () => {
            events.push('painted');
          },
        },
        new AbortController().signal,
      );
      expect(state.phase).toBe('complete');
      expect(events).toEqual(
        waits ? ['page 0', 'painted', 'page 1', 'page 2'] : ['page 0', 'page 1', 'page 2'],
      );
    }
  });

  it('asks for nothing more when cancelled while the first rows paint', async () => {
    const controller = new AbortController();
    const asked: number[] = [];
    const state = await runPaging(
      { rowsPerPage: 100, concurrency: 2, costThreshold: 100 },
      {
        loadPage: async (page) => {
          asked.push(page);
          return fakePage(page);
        },
        nextPaint: async () => controller.abort(),
      },
      controller.signal,
    );
    expect(state.phase).toBe('cancelled');
    expect(state.unrequested).toEqual([1, 2]);
    expect(asked).toEqual([0]);
  });
});

describe('runPaging: the pages it plans to ask for', () => {
  const fakePage = (page: number): PageData => pageData([{}], { page, total: 1000 });

  it('announces the pages after page 0 not already cached, in the order it asks for them, and ends the plan when done', async () => {
    const planned: number[][] = [];
    const asked: number[] = [];
    let ended = 0;
    const state = await runPaging(
      { rowsPerPage: 100, concurrency: 3, costThreshold: 100 },
      {
        loadPage: async (page) => {
          asked.push(page);
          return fakePage(page);
        },
        isCached: (page) => page === 4 || page === 7,
        planPages: (pages) => {
          planned.push([...pages]);
          return () => ended++;
        },
      },
      new AbortController().signal,
    );
    expect(state.phase).toBe('complete');
    expect(planned).toEqual([[1, 2, 3, 5, 6, 8, 9]]);
    expect(asked.filter((page) => page !== 0 && page !== 4 && page !== 7)).toEqual(planned[0]);
    expect(ended).toBe(1);
  });

  it('keeps the pages array of the last update when the final phase brings no page', async () => {
    const updates: PagingState[] = [];
    const final = await runPaging(
      { rowsPerPage: 100, concurrency: 2, costThreshold: 100 },
      { loadPage: async (page) => fakePage(page), onUpdate: (state) => updates.push(state) },
      new AbortController().signal,
    );
    expect(final.phase).toBe('complete');
    const beforeLast = updates.at(-2) as PagingState;
    expect(beforeLast.loadedPages).toBe(10);
    expect(final.pages).toBe(beforeLast.pages);
    // Every update that brought a page has an array of its own.
    const withPages = updates.filter(
      (u, i) => i === 0 || u.loadedPages !== updates[i - 1]?.loadedPages,
    );
    expect(new Set(withPages.map((u) => u.pages)).size).toBe(withPages.length);
  });

  it('ends the plan as soon as the search is cancelled, and plans nothing when the user declines the cost', async () => {
    let ended = 0;
    let endedAtAbort: number | null = null;
    const controller = new AbortController();
    let release = () => {};
    const inFlight = new Promise<void>((resolve) => {
      release = resolve;
    });
    const running = runPaging(
      { rowsPerPage: 100, concurrency: 2, costThreshold: 100 },
      {
        loadPage: async (page, signal) => {
          if (page === 0) return fakePage(page);
          await inFlight; // pages in flight settle only later
          throw signal.reason;
        },
        planPages: () => () => ended++,
      },
      controller.signal,
    );
    await sleep(5);
    controller.abort();
    endedAtAbort = ended;
    release();
    const cancelled = await running;
    expect(cancelled.phase).toBe('cancelled');
    // At the abort, before the pages in flight settled; once more when the engine is done.
    expect(endedAtAbort).toBe(1);
    expect(ended).toBe(2);

    const planned: number[][] = [];
    const declined = await runPaging(
      { rowsPerPage: 100, concurrency: 2, costThreshold: 1 },
      {
        loadPage: async (page) => fakePage(page),
        confirmCost: async () => false,
        planPages: (pages) => {
          planned.push([...pages]);
          return () => {};
        },
      },
      new AbortController().signal,
    );
    expect(declined.phase).toBe('declined');
    expect(planned).toEqual([]);
  });
});
