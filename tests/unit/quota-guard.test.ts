import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorEnvelope } from '@/contract/errors';
import { PROXY_PATH } from '@/contract/paths';
import { PROXY_HEADERS } from '@/contract/proxy-protocol';
import { createServerApp } from '../../server/app';
import { DEFAULT_CLIENT_BUDGET_PER_MINUTE, type Env, loadConfig } from '../../server/config';
import { ClientBudget } from '../../server/quota/client-budget';
import { ConcurrencyLimiter, type QueuedPlace } from '../../server/quota/concurrency-limiter';
import { QuotaGuard } from '../../server/quota/quota-guard';
import { seedPage } from '../support/fixtures/requests';
import { OK_BODY, recordingUpstream, type UpstreamDouble } from '../support/upstream-double';

/** The bindings @hono/node-server passes: the peer address the budget is keyed on. */
const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

function appFor(env: Env, log: string[] = []) {
  return createServerApp(loadConfig(env), { log: (line) => log.push(line) }).app;
}

async function post(
  app: ReturnType<typeof appFor>,
  body: unknown,
  address = '10.0.0.1',
  signal?: AbortSignal,
  headers: Record<string, string> = {},
): Promise<Response> {
  return app.request(
    PROXY_PATH,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal,
    },
    from(address),
  );
}

describe('ConcurrencyLimiter', () => {
  it('runs at most max at once, queues up to the limit, refuses past it, first in first out', () => {
    const limiter = new ConcurrencyLimiter(2, 2);
    expect(limiter.acquire()).toBeUndefined();
    expect(limiter.acquire()).toBeUndefined();
    const order: string[] = [];
    (limiter.acquire() as QueuedPlace).turn.then(() => order.push('third'));
    (limiter.acquire() as QueuedPlace).turn.then(() => order.push('fourth'));
    expect(limiter.full).toBe(true);
    expect(limiter.acquire()).toBe(false);
    expect([limiter.active, limiter.queued]).toEqual([2, 2]);
    limiter.release();
    limiter.release();
    return Promise.resolve().then(() => {
      expect(order).toEqual(['third', 'fourth']);
      expect([limiter.active, limiter.queued]).toEqual([2, 0]);
      limiter.release();
      limiter.release();
      expect(limiter.active).toBe(0);
    });
  });

  it('frees the place of one who leaves the queue, and passes slots to those still in it', async () => {
    const limiter = new ConcurrencyLimiter(1, 2);
    expect(limiter.acquire()).toBeUndefined();
    const second = limiter.acquire() as QueuedPlace;
    const third = limiter.acquire() as QueuedPlace;
    expect(limiter.full).toBe(true);
    expect(second.leave()).toBe(true);
    expect(await second.turn).toBe(false);
    expect([limiter.active, limiter.queued, limiter.full]).toEqual([1, 1, false]);
    limiter.release();
    expect(await third.turn).toBe(true);
    // Its turn came: it holds the slot, leaving is too late.
    expect(third.leave()).toBe(false);
    limiter.release();
    expect([limiter.active, limiter.queued]).toEqual([0, 0]);
  });
});

describe('QuotaGuard', () => {
  it("cancelling a queued admission frees its place and refunds the client's budget", async () => {
    const guard = new QuotaGuard(
      { maxConcurrent: 1, queueLimit: 1, clientBudgetPerMinute: 2 },
      () => 0,
    );
    expect(guard.admit('ana')).toEqual({ ok: true });
    const waiting = guard.admit('ana');
    if (!waiting.ok || waiting.queued === undefined) throw new Error('expected to wait');
    expect(guard.admit('luis')).toMatchObject({ ok: false, code: 'X004' });
    waiting.queued.cancel();
    expect(await waiting.queued.turn).toBe(false);
    expect(guard.queued).toBe(0);
    // Her budget of 2 holds one request again (else X005), and the queue has room (else X004).
    const again = guard.admit('ana');
    expect(again.ok && again.queued !== undefined).toBe(true);
  });
});

describe('ClientBudget', () => {
  it('lets a burst of the whole budget through, then refills at the budget a minute', () => {
    let now = 0;
    const budget = new ClientBudget(60, () => now);
    for (let i = 0; i < 60; i++) expect(budget.spend('ana')).toBe(0);
    // One request a second comes back: the 61st waits a second.
    expect(budget.spend('ana')).toBe(1000);
    expect(budget.spend('luis')).toBe(0);
    now += 1000;
    expect(budget.spend('ana')).toBe(0);
    expect(budget.spend('ana')).toBe(1000);
    budget.refund('ana');
    expect(budget.spend('ana')).toBe(0);
  });

  it('by default lets one analyst read 100,000 cases (100 pages of 1,000) with retries to spare', () => {
    const budget = new ClientBudget(DEFAULT_CLIENT_BUDGET_PER_MINUTE, () => 0);
    const spent = Array.from({ length: 100 + 3 * 100 }, () => budget.spend('ana'));
    expect(spent.every((wait) => wait === 0)).toBe(true);
  });
});

describe('quota guard in the proxy (a slow upstream double)', () => {
  let upstream: UpstreamDouble;
  let delayMs = 300;
  beforeEach(async () => {
    delayMs = 300;
    upstream = await recordingUpstream(() => ({ body: OK_BODY, delayMs }));
  });
  afterEach(() => upstream.close());
  const env = (extra: Env) => ({ KHIPU_BASE_URL: upstream.baseUrl, KHIPU_JWT: 't', ...extra });

  it('never has more than PROXY_MAX_CONCURRENT upstream requests at once; the queue waits its turn', async () => {
    const app = appFor(env({ PROXY_MAX_CONCURRENT: '2', PROXY_QUEUE_LIMIT: '10' }));
    const answers = await Promise.all([0, 1, 2, 3, 4, 5].map((n) => post(app, seedPage(n))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(upstream.requests).toHaveLength(6);
    expect(upstream.load.maxActive).toBe(2);
  });

  it('refuses past PROXY_QUEUE_LIMIT with 429 X004, RETRY_IMMEDIATELY and Retry-After, billing nothing', async () => {
    const app = appFor(env({ PROXY_MAX_CONCURRENT: '1', PROXY_QUEUE_LIMIT: '1' }));
    const answers = await Promise.all([0, 1, 2].map((n) => post(app, seedPage(n))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    const refused = answers[2] as Response;
    expect(refused.headers.get('retry-after')).toBe('1');
    const envelope = await refused.json();
    expect(envelope).toEqual({
      ...errorEnvelope(envelope.OperationId, 'X004', 'RETRY_IMMEDIATELY', expect.any(String)),
    });
    expect(upstream.requests).toHaveLength(2);
  });

  it('holds each client to PROXY_CLIENT_BUDGET_PER_MINUTE with 429 X005 and the wait in Retry-After', async () => {
    delayMs = 0;
    const log: string[] = [];
    const app = appFor(env({ PROXY_CLIENT_BUDGET_PER_MINUTE: '3' }), log);
    for (const n of [0, 1, 2]) expect((await post(app, seedPage(n))).status).toBe(200);
    const over = await post(app, seedPage(3));
    expect(over.status).toBe(429);
    // 3 a minute: one request comes back every 20 s.
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(19);
    expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(20);
    expect(await over.json()).toMatchObject({
      Status: 'ERROR',
      Error: { Code: 'X005', Type: 'RETRY_IMMEDIATELY' },
    });
    // Another client has a budget of its own.
    expect((await post(app, seedPage(3), '10.0.0.2')).status).toBe(200);
    expect(upstream.requests).toHaveLength(4);
  });

  it('behind a reverse proxy (FORWARDED_FOR_PROXIES), gives each client its own budget and audit address', async () => {
    delayMs = 0;
    const log: string[] = [];
    const app = appFor(
      env({ PROXY_CLIENT_BUDGET_PER_MINUTE: '1', FORWARDED_FOR_PROXIES: '127.0.0.1' }),
      log,
    );
    const via = (client: string) => ({ 'x-forwarded-for': client });
    const peer = '127.0.0.1';
    expect((await post(app, seedPage(0), peer, undefined, via('198.51.100.1'))).status).toBe(200);
    expect((await post(app, seedPage(1), peer, undefined, via('198.51.100.1'))).status).toBe(429);
    expect((await post(app, seedPage(2), peer, undefined, via('198.51.100.2'))).status).toBe(200);
    // From any other peer the header is not believed: the peer's own budget.
    expect((await post(app, seedPage(3), '10.0.0.7', undefined, via('198.51.100.3'))).status).toBe(
      200,
    );
    expect((await post(app, seedPage(4), '10.0.0.7', undefined, via('198.51.100.4'))).status).toBe(
      429,
    );
    const audited = log
      .filter((line) => line.startsWith('audit '))
      .map((line) => /addr=\S+/.exec(line)?.[0]);
    expect(audited).toEqual(['addr=198.51.100.1', 'addr=198.51.100.2', 'addr=10.0.0.7']);
  });

  it('spends no budget on cache hits or on coalesced requests (they are not billed)', async () => {
    const app = appFor(env({ PROXY_CLIENT_BUDGET_PER_MINUTE: '1' }));
    const together = await Promise.all([1, 2, 3].map(() => post(app, seedPage(0))));
    expect(together.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(together.map((a) => a.headers.get('x-proxy-cache')).sort()).toEqual([
      'COALESCED',
      'COALESCED',
      'MISS',
    ]);
    const again = await post(app, seedPage(0));
    expect([again.status, again.headers.get('x-proxy-cache')]).toEqual([200, 'HIT']);
    expect((await post(app, seedPage(1))).status).toBe(429);
    expect(upstream.requests).toHaveLength(1);
  });

  it('never sends a request whose browser left while it waited for a slot, nor bills it', async () => {
    const log: string[] = [];
    const app = appFor(
      env({ PROXY_MAX_CONCURRENT: '1', PROXY_CLIENT_BUDGET_PER_MINUTE: '4' }),
      log,
    );
    const first = post(app, seedPage(0));
    const left = [1, 2, 3].map((n) => post(app, seedPage(n), '10.0.0.1', AbortSignal.timeout(50)));
    expect((await Promise.all(left)).map((a) => a.status)).toEqual([499, 499, 499]);
    expect((await first).status).toBe(200);
    expect(upstream.requests.map((r) => JSON.parse(r.body).RequestData.Paginas)).toEqual(['0']);
    expect(log.filter((line) => line.startsWith('audit '))).toHaveLength(1);
    // Refunded: of a budget of 4, three requests are still there to spend.
    delayMs = 0;
    for (const n of [4, 5, 6]) expect((await post(app, seedPage(n))).status).toBe(200);
    expect((await post(app, seedPage(7))).status).toBe(429);
  });

  it('keeps a coalesced request waiting for its slot while one browser that wants it remains', async () => {
    const app = appFor(env({ PROXY_MAX_CONCURRENT: '1' }));
    const blocking = post(app, seedPage(0));
    const leaving = post(app, seedPage(1), '10.0.0.1', AbortSignal.timeout(50));
    const staying = post(app, seedPage(1), '10.0.0.2');
    // The browser that started it left; the request still goes, for the one that stayed.
    await leaving;
    const stayed = await staying;
    expect([stayed.status, stayed.headers.get('x-proxy-cache')]).toEqual([200, 'COALESCED']);
    expect((await blocking).status).toBe(200);
    expect(upstream.requests.map((r) => JSON.parse(r.body).RequestData.Paginas)).toEqual([
      '0',
      '1',
    ]);
  });

  it('leaves a search lane open when its page is dropped from the queue (it was not sent)', async () => {
    const app = appFor(env({ PROXY_MAX_CONCURRENT: '1' }));
    const blocking = post(app, seedPage(0));
    const lane = { [PROXY_HEADERS.searchLane]: 'abcdefgh.1:1:0' };
    const dropped = await post(app, seedPage(1), '10.0.0.1', AbortSignal.timeout(50), lane);
    expect(dropped.status).toBe(499);
    await blocking;
    // Asked again, the page goes: the lane was not closed as by a failed page (409 X010).
    expect((await post(app, seedPage(1), '10.0.0.1', undefined, lane)).status).toBe(200);
  });

  it('gives the slot back when the upstream fails, so failures cannot wedge the proxy', async () => {
    const app = appFor(env({ PROXY_MAX_CONCURRENT: '1', PROXY_QUEUE_LIMIT: '0' }));
    await upstream.close();
    for (const n of [0, 1, 2]) expect((await post(app, seedPage(n))).status).toBe(502);
  });
});
