// Search lanes: pages the browser sends ahead wait at the proxy for their turn, at most the
// search's concurrency going upstream at once, and none once an earlier page failed.

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROXY_PATH } from '@/contract/paths';
import { PROXY_CODES } from '@/contract/proxy-codes';
import { PROXY_HEADERS } from '@/contract/proxy-protocol';
import { createServerApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { type LaneEntry, type LaneOutcome, SearchLanes } from '../../server/proxy/search-lanes';
import { SEED_BODY, seedPage } from '../support/fixtures/requests';
import { OK_BODY, type Reply, recordingUpstream } from '../support/upstream-double';

/** Enters pages at the given positions and records each entry as it comes (at once or later). */
function enterAll(lanes: SearchLanes, id: string, concurrency: number, positions: number[]) {
  const entries: (LaneEntry | undefined)[] = positions.map(() => undefined);
  positions.forEach((position, i) => {
    const entry = lanes.enter(id, concurrency, position);
    if (entry instanceof Promise) {
      void entry.then((settled) => {
        entries[i] = settled;
      });
    } else {
      entries[i] = entry;
    }
  });
  return entries;
}
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const kinds = (entries: (LaneEntry | undefined)[]) => entries.map((e) => e?.kind ?? 'waiting');
const leave = (entry: LaneEntry | undefined, outcome: LaneOutcome) => {
  if (entry?.kind !== 'go') throw new Error(`not going: ${entry?.kind}`);
  entry.leave(outcome);
};
const range = (count: number) => Array.from({ length: count }, (_, i) => i);

describe('search lanes', () => {
  it('lets the first `concurrency` pages go at once, and each good answer lets the next one go', async () => {
    const lanes = new SearchLanes();
    const entries = enterAll(lanes, 'lane-0001', 2, range(4));
    expect(kinds(entries)).toEqual(['go', 'go', 'waiting', 'waiting']);
    leave(entries[1], 'good');
    await flush();
    expect(kinds(entries)).toEqual(['go', 'go', 'go', 'waiting']);
    leave(entries[0], 'good');
    await flush();
    expect(kinds(entries)).toEqual(['go', 'go', 'go', 'go']);
    // Two good answers so far: positions up to 3 may go, 4 waits for the next one.
    expect(kinds(enterAll(lanes, 'lane-0001', 2, [4]))).toEqual(['waiting']);
  });

  it('goes by the page’s position in the plan, not by which request came first', async () => {
    const lanes = new SearchLanes();
    const entries = enterAll(lanes, 'lane-0001', 1, [1, 0]);
    expect(kinds(entries)).toEqual(['waiting', 'go']);
    leave(entries[1], 'bad');
    await flush();
    // Page 0 failed: page 1, which came first, was never sent.
    expect(kinds(entries)).toEqual(['closed', 'go']);
  });

  it('closes on an answer that is not a good page: what waits, and what comes later, is not sent', async () => {
    const lanes = new SearchLanes();
    const entries = enterAll(lanes, 'lane-0001', 1, range(3));
    leave(entries[0], 'bad');
    await flush();
    expect(kinds(entries)).toEqual(['go', 'closed', 'closed']);
    expect(lanes.enter('lane-0001', 1, 3)).toEqual({ kind: 'closed' });
    // Another lane is not touched.
    expect(lanes.enter('lane-0002', 1, 0)).toMatchObject({ kind: 'go' });
  });

  it('lets nobody else go for a page that went unsent', async () => {
    const lanes = new SearchLanes();
    const entries = enterAll(lanes, 'lane-0001', 1, range(2));
    leave(entries[0], 'unsent');
    await flush();
    expect(kinds(entries)).toEqual(['go', 'waiting']);
  });

  it('lets a page whose browser went away out of the line, unsent', async () => {
    const lanes = new SearchLanes();
    const first = lanes.enter('lane-0001', 1, 0);
    const controller = new AbortController();
    const gone = lanes.enter('lane-0001', 1, 1, () => controller.signal);
    const next = enterAll(lanes, 'lane-0001', 1, [2]);
    controller.abort();
    expect(await gone).toEqual({ kind: 'gone' });
    leave(first as LaneEntry, 'good');
    await flush();
    // Position 2 still waits for a second good answer: the page that left gave none.
    expect(kinds(next)).toEqual(['waiting']);
  });

  it('counts a page answered from the cache: good with cases, closing without', async () => {
    const lanes = new SearchLanes();
    const entries = enterAll(lanes, 'lane-0001', 1, [1]);
    lanes.credit('lane-0001', 1, true);
    await flush();
    expect(kinds(entries)).toEqual(['go']);
    const empty = enterAll(lanes, 'lane-0002', 1, [1]);
    lanes.credit('lane-0002', 1, false);
    await flush();
    expect(kinds(empty)).toEqual(['closed']);
  });

  it('refuses a page whose turn does not come in time, so the browser asks on its own', async () => {
    const lanes = new SearchLanes({ maxWaitMs: 20 });
    const entries = enterAll(lanes, 'lane-0001', 1, [1]);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(kinds(entries)).toEqual(['full']);
  });

  it('refuses a page past eight waiting (a browser sends one beyond its concurrency)', () => {
    const lanes = new SearchLanes();
    const entries = enterAll(lanes, 'lane-0001', 1, range(10));
    expect(kinds(entries)).toEqual(['go', ...Array.from({ length: 8 }, () => 'waiting'), 'full']);
  });

  it('ignores a second leave of the same page', async () => {
    const lanes = new SearchLanes();
    const entries = enterAll(lanes, 'lane-0001', 1, range(3));
    leave(entries[0], 'good');
    leave(entries[0], 'good');
    await flush();
    expect(kinds(entries)).toEqual(['go', 'go', 'waiting']);
  });

  it('forgets idle lanes once there are many, keeps those with a page upstream, and refuses past 10,000', () => {
    let now = 0;
    const lanes = new SearchLanes({ now: () => now });
    for (let i = 0; i < 999; i++) leave(lanes.enter(`lane-${1000 + i}`, 1, 0) as LaneEntry, 'good');
    lanes.enter('lane-busy-one', 1, 0); // upstream, never back
    expect(lanes.size).toBe(1000);
    now = 31_000;
    lanes.enter('lane-new-one', 1, 0);
    expect(lanes.size).toBe(2);
    for (let i = 0; i < 9998; i++) lanes.enter(`lane-${20_000 + i}`, 1, 0);
    expect(lanes.size).toBe(10_000);
    expect(lanes.enter('lane-one-more', 1, 0)).toEqual({ kind: 'full' });
  });
});

describe('search lanes in the proxy', () => {
  let upstream: Awaited<ReturnType<typeof recordingUpstream>>;
  let reply: Reply;
  /** A page with cases (an empty one closes a lane, as it stops the browser). */
  let pageBody: string;
  beforeAll(async () => {
    const simulator = createServerApp(loadConfig({ SIM_LATENCY_MS: '0', SIM_JITTER_MS: '0' }), {
      log: () => {},
    }).app;
    const answer = await simulator.request(PROXY_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SEED_BODY),
    });
    pageBody = await answer.text();
  });
  beforeEach(async () => {
    reply = () => ({ body: pageBody, delayMs: 30 });
    upstream = await recordingUpstream((r) => reply(r));
  });
  afterEach(() => upstream.close());
  const app = () =>
    createServerApp(
      loadConfig({ KHIPU_BASE_URL: upstream.baseUrl, KHIPU_JWT: 't', PROXY_CACHE_TTL_MS: '0' }),
      { log: () => {} },
    ).app;
  /** A page with no cases under `total`: past the end when `total` fits before it. */
  const emptyPageOf = (total: number) =>
    OK_BODY.replace('"TotalDisconformidades":0', `"TotalDisconformidades":${total}`);
  const post = (proxy: ReturnType<typeof app>, n: number, lane?: string) =>
    Promise.resolve(
      proxy.request(PROXY_PATH, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(lane === undefined ? {} : { [PROXY_HEADERS.searchLane]: lane }),
        },
        body: JSON.stringify(seedPage(n)),
      }),
    );

  it("sends a lane's pages upstream at most its concurrency at once, every one answered", async () => {
    const proxy = app();
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => post(proxy, n, `abcdefgh.1:2:${n - 1}`)),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(upstream.load.maxActive).toBe(2);
    expect(upstream.requests).toHaveLength(5);
    // The answers say the proxy keeps lanes: the browser then sends one page ahead.
    expect(answers[0]?.headers.get(PROXY_HEADERS.searchLanes)).toBe('1');
  });

  it('after a page that failed, a page waiting in its lane is answered X010 and never billed', async () => {
    reply = (recorded) =>
      recorded.body.includes('"Paginas":"1"')
        ? { status: 500, body: '{}', delayMs: 30 }
        : { body: pageBody, delayMs: 30 };
    const proxy = app();
    const [failed, waiting] = await Promise.all([
      post(proxy, 1, 'abcdefgh.1:1:0'),
      post(proxy, 2, 'abcdefgh.1:1:1'),
    ]);
    expect(failed.status).toBe(500);
    expect(waiting.status).toBe(409);
    expect(await waiting.json()).toMatchObject({ Error: { Code: PROXY_CODES.laneClosed.code } });
    expect(waiting.headers.get(PROXY_HEADERS.searchLane)).toBe('closed');
    expect(upstream.requests).toHaveLength(1);
    // Without a lane (the browser asking on its own), the same page goes upstream.
    expect((await post(proxy, 2)).status).toBe(200);
  });

  it('says it keeps lanes on every synchronous page answer, a cached one too; the asynchronous mode keeps none', async () => {
    const cached = createServerApp(
      loadConfig({ KHIPU_BASE_URL: upstream.baseUrl, KHIPU_JWT: 't' }),
      { log: () => {} },
    ).app;
    const billed = await post(cached, 1);
    const hit = await post(cached, 1);
    expect(hit.headers.get('x-proxy-cache')).toBe('HIT');
    expect([billed, hit].map((a) => a.headers.get(PROXY_HEADERS.searchLanes))).toEqual(['1', '1']);

    const asyncApp = createServerApp(loadConfig({ KHIPU_ASYNC: '1', SIM_LATENCY_MS: '0' }), {
      log: () => {},
    }).app;
    const accepted = await asyncApp.request(PROXY_PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-operation-stream': 'abcdefghijklmnopqrstuvwx',
        [PROXY_HEADERS.searchLane]: 'abcdefgh.1:1:0',
      },
      body: JSON.stringify(SEED_BODY),
    });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get(PROXY_HEADERS.searchLanes)).toBeNull();
  });

  it('closes on an empty page before the announced end, as the browser stops at one', async () => {
    reply = () => ({ body: emptyPageOf(4575), delayMs: 30 });
    const proxy = app();
    const answers = await Promise.all([1, 2].map((n) => post(proxy, n, `abcdefgh.1:1:${n - 1}`)));
    expect(answers.map((a) => a.status)).toEqual([200, 409]);
    expect(upstream.requests).toHaveLength(1);
  });

  it('closes on an empty page whose own total shrank: the next page is not billed', async () => {
    // Page 0 announced 4,575 cases; page 1 says 150 and holds none.
    reply = () => ({ body: emptyPageOf(150), delayMs: 30 });
    const proxy = app();
    const answers = await Promise.all([1, 2].map((n) => post(proxy, n, `abcdefgh.1:1:${n - 1}`)));
    expect(answers.map((a) => a.status)).toEqual([200, 409]);
    expect(upstream.requests).toHaveLength(1);
  });

  it("counts a lane's pages answered from the proxy's cache, so the pages after them go", async () => {
    const proxy = createServerApp(
      loadConfig({ KHIPU_BASE_URL: upstream.baseUrl, KHIPU_JWT: 't' }),
      { log: () => {} },
    ).app;
    // A search cancelled earlier left pages 1 and 2 in the proxy's cache.
    await Promise.all([post(proxy, 1), post(proxy, 2)]);
    const answers = await Promise.all(
      [1, 2, 3].map((n) => post(proxy, n, `abcdefgh.9:1:${n - 1}`)),
    );
    expect(answers.map((a) => [a.status, a.headers.get('x-proxy-cache')])).toEqual([
      [200, 'HIT'],
      [200, 'HIT'],
      [200, 'MISS'],
    ]);
    expect(upstream.requests).toHaveLength(3);
  });

  it('treats a malformed lane as none: no wait, no refusal', async () => {
    const proxy = app();
    const answers = await Promise.all([1, 2, 3].map((n) => post(proxy, n, `short:1:${n}`)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(upstream.load.maxActive).toBe(3);
  });

  it('keeps no lanes with SEARCH_LANES=0 (several instances), and says so', async () => {
    const proxy = createServerApp(
      loadConfig({
        KHIPU_BASE_URL: upstream.baseUrl,
        KHIPU_JWT: 't',
        PROXY_CACHE_TTL_MS: '0',
        SEARCH_LANES: '0',
      }),
      { log: () => {} },
    ).app;
    const answers = await Promise.all([1, 2, 3].map((n) => post(proxy, n, `abcdefgh.1:1:${n}`)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[0]?.headers.get(PROXY_HEADERS.searchLanes)).toBeNull();
    expect(upstream.load.maxActive).toBe(3);
    expect(() => loadConfig({ SEARCH_LANES: 'yes' })).toThrow('SEARCH_LANES must be 0 or 1');
  });

  it('drops a page whose browser went away while it waited, over a real connection', async () => {
    const proxy = app();
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const started = serve({ fetch: proxy.fetch, port: 0, hostname: '127.0.0.1' }, () =>
        resolve(started),
      );
    });
    const { port } = server.address() as AddressInfo;
    const send = (n: number, signal?: AbortSignal) =>
      fetch(`http://127.0.0.1:${port}${PROXY_PATH}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [PROXY_HEADERS.searchLane]: `abcdefgh.1:1:${n}`,
        },
        body: JSON.stringify(seedPage(n + 1)),
        signal,
      }).then(
        (answer) => answer.status,
        (error: Error) => error.name,
      );
    try {
      const cancel = new AbortController();
      const first = send(0);
      await new Promise((resolve) => setTimeout(resolve, 10));
      const gone = send(1, cancel.signal);
      await new Promise((resolve) => setTimeout(resolve, 10));
      cancel.abort();
      expect(await Promise.all([first, gone])).toEqual([200, 'AbortError']);
      // Page 2 left the line when its browser went: the upstream saw page 1 only.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(upstream.requests.map((r) => JSON.parse(r.body).RequestData.Paginas)).toEqual(['1']);
    } finally {
      server.close();
    }
  });
});
