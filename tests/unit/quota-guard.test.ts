import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServerApp } from '../../server/app';
import { ClientBudget } from '../../server/client-budget';
import { ConcurrencyLimiter } from '../../server/concurrency-limiter';
import { DEFAULT_CLIENT_BUDGET_PER_MINUTE, type Env, loadConfig } from '../../server/config';
import { PROXY_PATH } from '../../server/proxy';
import { errorEnvelope } from '../../src/contract/errors';
import {
  OK_BODY,
  recordingUpstream,
  SEED_BODY,
  type UpstreamDouble,
} from '../support/upstream-double';

const page = (n: number) => ({ RequestData: { ...SEED_BODY.RequestData, Paginas: String(n) } });

/** The bindings @hono/node-server passes: the peer address the budget is keyed on. */
const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

function appFor(env: Env, log: string[] = []) {
  return createServerApp(loadConfig(env), { log: (line) => log.push(line) }).app;
}

async function post(
  app: ReturnType<typeof appFor>,
  body: unknown,
  address = '10.0.0.1',
): Promise<Response> {
  return app.request(
    PROXY_PATH,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
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
    (limiter.acquire() as Promise<void>).then(() => order.push('third'));
    (limiter.acquire() as Promise<void>).then(() => order.push('fourth'));
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
    const answers = await Promise.all([0, 1, 2, 3, 4, 5].map((n) => post(app, page(n))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(upstream.requests).toHaveLength(6);
    expect(upstream.load.maxActive).toBe(2);
  });

  it('refuses past PROXY_QUEUE_LIMIT with 429 X004, RETRY_IMMEDIATELY and Retry-After, billing nothing', async () => {
    const app = appFor(env({ PROXY_MAX_CONCURRENT: '1', PROXY_QUEUE_LIMIT: '1' }));
    const answers = await Promise.all([0, 1, 2].map((n) => post(app, page(n))));
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
    for (const n of [0, 1, 2]) expect((await post(app, page(n))).status).toBe(200);
    const over = await post(app, page(3));
    expect(over.status).toBe(429);
    // 3 a minute: one request comes back every 20 s.
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(19);
    expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(20);
    expect(await over.json()).toMatchObject({
      Status: 'ERROR',
      Error: { Code: 'X005', Type: 'RETRY_IMMEDIATELY' },
    });
    // Another client has a budget of its own.
    expect((await post(app, page(3), '10.0.0.2')).status).toBe(200);
    expect(upstream.requests).toHaveLength(4);
  });

  it('spends no budget on cache hits or on coalesced requests (they are not billed)', async () => {
    const app = appFor(env({ PROXY_CLIENT_BUDGET_PER_MINUTE: '1' }));
    const together = await Promise.all([1, 2, 3].map(() => post(app, page(0))));
    expect(together.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(together.map((a) => a.headers.get('x-proxy-cache')).sort()).toEqual([
      'COALESCED',
      'COALESCED',
      'MISS',
    ]);
    const again = await post(app, page(0));
    expect([again.status, again.headers.get('x-proxy-cache')]).toEqual([200, 'HIT']);
    expect((await post(app, page(1))).status).toBe(429);
    expect(upstream.requests).toHaveLength(1);
  });

  it('gives the slot back when the upstream fails, so failures cannot wedge the proxy', async () => {
    const app = appFor(env({ PROXY_MAX_CONCURRENT: '1', PROXY_QUEUE_LIMIT: '0' }));
    await upstream.close();
    for (const n of [0, 1, 2]) expect((await post(app, page(n))).status).toBe(502);
  });
});
