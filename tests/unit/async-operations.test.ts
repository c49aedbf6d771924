import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PROXY_PATH } from '@/contract/paths';
import { createServerApp } from '../../server/app';
import { type AsyncConfig, loadAsyncConfig } from '../../server/async/async-config';
import { AsyncOperations, type OperationEvent } from '../../server/async/async-operations';
import { asyncRoutes } from '../../server/async/async-routes';
import { MemoryOperationStore } from '../../server/async/operation-store';
import { ConfigError, loadConfig } from '../../server/config';
import { createProxyApp } from '../../server/proxy/proxy';
import { createUpstream } from '../../server/upstream/upstream';
import { acceptedEnvelope, okEnvelope } from '../support/fixtures/pages';
import { requestBody, SEED_BODY } from '../support/fixtures/requests';

const CONFIG: AsyncConfig = {
  publicBaseUrl: 'https://explorer.example.cl',
  operationTtlMs: 60_000,
  callbackMaxBytes: 8 * 1024 * 1024,
  maxOperations: 3,
};
const STREAM = 'stream-aaaaaaaaaaaaaaaa';

/** A callback's body: an empty page of operation `operationId`. */
const envelope = (operationId: string, extra: Record<string, unknown> = {}) =>
  Buffer.from(JSON.stringify(okEnvelope(0, [], { OperationId: operationId, ...extra })));

function setup() {
  let now = 1_000_000;
  const logs: string[] = [];
  const operations = new AsyncOperations(new MemoryOperationStore(CONFIG.maxOperations), CONFIG, {
    log: (line) => logs.push(line),
    now: () => now,
  });
  const events: OperationEvent[] = [];
  operations.subscribe(STREAM, (event) => events.push(event));
  const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
  return {
    operations,
    events,
    logs,
    tokenOf,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
}

describe('asynchronous operations', () => {
  it('sends a CallbackUrl of at most 255 characters with an unguessable single-use token', () => {
    const { operations, tokenOf } = setup();
    const a = operations.begin(STREAM, 'k1');
    const b = operations.begin(STREAM, 'k2');
    expect(a?.callbackUrl).toMatch(
      /^https:\/\/explorer\.example\.cl\/api\/callbacks\/cenhub\/[\w-]{43}$/,
    );
    expect((a?.callbackUrl.length ?? 999) <= 255).toBe(true);
    expect(tokenOf(a?.callbackUrl ?? '')).not.toBe(tokenOf(b?.callbackUrl ?? ''));
    // The handle the browser sees is not the token.
    expect(a?.callbackUrl).not.toContain(a?.operation.handle);
  });

  it('delivers a checked result to the search stream once, and refuses the token after', () => {
    const { operations, events, tokenOf } = setup();
    const begun = operations.begin(STREAM, 'k');
    if (!begun) throw new Error('full');
    operations.accepted(begun.operation, 'op-1', '2999-01-01T00:00:00Z');
    const token = tokenOf(begun.callbackUrl);
    expect(operations.receive(token, envelope('op-1')).status).toBe(200);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ handle: begun.operation.handle, status: 200 });
    // Reused: refused (and nothing more reaches the browser).
    expect(operations.receive(token, envelope('op-1')).status).toBe(410);
    expect(events).toHaveLength(1);
    // Kept until the browser says it has it (a reconnection would replay it), then gone.
    expect(operations.size()).toBe(1);
    expect(operations.cancel(begun.operation.handle)).toBe(true);
    expect(operations.size()).toBe(0);
    expect(operations.admit(token)?.status).toBe(410);
  });

  it('refuses an unknown or malformed token', () => {
    const { operations, events } = setup();
    expect(operations.receive('x'.repeat(43), envelope('op')).status).toBe(404);
    expect(operations.receive('../../etc', envelope('op')).status).toBe(404);
    expect(events).toHaveLength(0);
  });

  it('refuses a forged body or a foreign OperationId: nothing reaches the browser', () => {
    const { operations, events, tokenOf } = setup();
    const begun = operations.begin(STREAM, 'k');
    if (!begun) throw new Error('full');
    operations.accepted(begun.operation, 'op-1', null);
    const token = tokenOf(begun.callbackUrl);
    expect(operations.receive(token, Buffer.from('<html>no</html>')).status).toBe(400);
    expect(operations.receive(token, Buffer.from('{"Status":"OK"}')).status).toBe(422);
    expect(
      operations.receive(token, envelope('op-1', { Data: { NonconformitiesList: 5 } })).status,
    ).toBe(422);
    expect(operations.receive(token, envelope('op-FOREIGN')).status).toBe(409);
    expect(events).toHaveLength(0);
    // The real result can still land.
    expect(operations.receive(token, envelope('op-1')).status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it('expires an operation at its LifeSpan, tells the stream, and refuses a late callback', () => {
    const { operations, events, tokenOf, advance, now } = setup();
    const begun = operations.begin(STREAM, 'k');
    if (!begun) throw new Error('full');
    operations.accepted(begun.operation, 'op-1', new Date(now() + 5_000).toISOString());
    advance(6_000);
    operations.sweep();
    expect(events).toEqual([{ handle: begun.operation.handle, expired: true }]);
    expect(operations.receive(tokenOf(begun.callbackUrl), envelope('op-1')).status).toBe(410);
    // Forgotten a while after it settled, whether or not a browser came for it.
    advance(61_000);
    operations.sweep();
    expect(operations.size()).toBe(0);
  });

  it('reads a LifeSpan that is not a timestamp as the configured time to live', () => {
    const { operations, events, advance } = setup();
    const begun = operations.begin(STREAM, 'k');
    if (!begun) throw new Error('full');
    operations.accepted(begun.operation, 'op-1', 'PT10M');
    advance(CONFIG.operationTtlMs - 1);
    operations.sweep();
    expect(events).toHaveLength(0);
    advance(2);
    operations.sweep();
    expect(events).toHaveLength(1);
  });

  it('takes a callback that beats its 202, once the 202 confirms the OperationId', () => {
    const { operations, events, tokenOf } = setup();
    const early = operations.begin(STREAM, 'k');
    const foreign = operations.begin(STREAM, 'k2');
    if (!early || !foreign) throw new Error('full');
    expect(operations.receive(tokenOf(early.callbackUrl), envelope('op-1')).status).toBe(202);
    expect(operations.receive(tokenOf(foreign.callbackUrl), envelope('op-X')).status).toBe(202);
    expect(events).toHaveLength(0);
    operations.accepted(early.operation, 'op-1', null);
    operations.accepted(foreign.operation, 'op-2', null);
    expect(events.map((e) => e.handle)).toEqual([early.operation.handle]);
  });

  it('keeps results for a browser that reconnects, and forgets a cancelled operation', () => {
    const { operations, tokenOf } = setup();
    const begun = operations.begin('other-stream-aaaaaaaa', 'k');
    const cancelled = operations.begin('other-stream-aaaaaaaa', 'k2');
    if (!begun || !cancelled) throw new Error('full');
    operations.accepted(begun.operation, 'op-1', null);
    operations.accepted(cancelled.operation, 'op-2', null);
    operations.receive(tokenOf(begun.callbackUrl), envelope('op-1'));
    expect(operations.cancel(cancelled.operation.handle)).toBe(true);
    expect(operations.receive(tokenOf(cancelled.callbackUrl), envelope('op-2')).status).toBe(410);
    const replayed: OperationEvent[] = [];
    operations.subscribe('other-stream-aaaaaaaa', (event) => replayed.push(event));
    expect(replayed.map((e) => e.handle)).toEqual([begun.operation.handle]);
    // A second reconnection gets it again until the browser acknowledges it.
    const again: OperationEvent[] = [];
    operations.subscribe('other-stream-aaaaaaaa', (event) => again.push(event));
    expect(again).toHaveLength(1);
  });

  it("never gives one user's results or cancellations to another", () => {
    const { operations, tokenOf } = setup();
    const begun = operations.begin('shared-stream-aaaaaaaa', 'k', 'ana');
    if (!begun) throw new Error('full');
    operations.accepted(begun.operation, 'op-1', null);
    const luis: OperationEvent[] = [];
    operations.subscribe('shared-stream-aaaaaaaa', (event) => luis.push(event), 'luis');
    const ana: OperationEvent[] = [];
    operations.subscribe('shared-stream-aaaaaaaa', (event) => ana.push(event), 'ana');
    operations.receive(tokenOf(begun.callbackUrl), envelope('op-1'));
    expect(luis).toHaveLength(0);
    expect(ana).toHaveLength(1);
    expect(operations.cancel(begun.operation.handle, 'luis')).toBe(false);
    expect(operations.cancel(begun.operation.handle, 'ana')).toBe(true);
  });

  it('is bounded: past its size a new operation is refused', () => {
    const { operations } = setup();
    for (let i = 0; i < CONFIG.maxOperations; i++)
      expect(operations.begin(STREAM, `k${i}`)).not.toBeNull();
    expect(operations.begin(STREAM, 'one-more')).toBeNull();
  });
});

describe('the webhook answers a replayed callback', () => {
  const post = (
    app: ReturnType<typeof asyncRoutes>,
    url: string,
    body: ReturnType<typeof envelope>,
  ) =>
    app.request(new URL(url).pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });

  it('410 while its operation lives (held, then taken by the browser), 404 once its LifeSpan ends', async () => {
    const { operations, advance, now, logs } = setup();
    const app = asyncRoutes(operations, CONFIG);
    const begun = operations.begin(STREAM, 'k');
    if (!begun) throw new Error('full');
    operations.accepted(begun.operation, 'op-1', new Date(now() + 30_000).toISOString());
    expect((await post(app, begun.callbackUrl, envelope('op-1'))).status).toBe(200);
    // Replayed while the result waits for its browser.
    expect((await post(app, begun.callbackUrl, envelope('op-1'))).status).toBe(410);
    // The browser has it: the operation is forgotten, its token is not.
    expect(operations.cancel(begun.operation.handle)).toBe(true);
    expect((await post(app, begun.callbackUrl, envelope('op-1'))).status).toBe(410);
    advance(30_001);
    operations.sweep();
    expect((await post(app, begun.callbackUrl, envelope('op-1'))).status).toBe(404);
    expect(logs.filter((line) => line.startsWith('async callback 410'))).toHaveLength(2);
  });

  it('410 for a cancelled operation until its LifeSpan, 404 for a token never issued', async () => {
    const { operations, advance } = setup();
    const app = asyncRoutes(operations, CONFIG);
    const begun = operations.begin(STREAM, 'k');
    if (!begun) throw new Error('full');
    operations.accepted(begun.operation, 'op-1', null);
    operations.cancel(begun.operation.handle);
    expect((await post(app, begun.callbackUrl, envelope('op-1'))).status).toBe(410);
    const never = `${CONFIG.publicBaseUrl}/api/callbacks/cenhub/${'z'.repeat(43)}`;
    expect((await post(app, never, envelope('op-1'))).status).toBe(404);
    advance(CONFIG.operationTtlMs + 1);
    expect((await post(app, begun.callbackUrl, envelope('op-1'))).status).toBe(404);
  });
});

describe('the webhook refuses a callback past the size bound', () => {
  const small: AsyncConfig = { ...CONFIG, callbackMaxBytes: 1024 };
  const tooLarge = envelope('op-1', { AdditionalInformation: 'x'.repeat(2048) });

  it.each([
    ['declares', { 'content-length': String(tooLarge.length) }, tooLarge],
    [
      'streams',
      {},
      new ReadableStream({
        start(controller) {
          controller.enqueue(new Uint8Array(tooLarge));
          controller.close();
        },
      }),
    ],
  ])(
    'that %s it: 413, and its operation ends with X015 (not retried), not an expiry',
    async (_how, headers, body) => {
      let now = 1_000_000;
      const logs: string[] = [];
      const operations = new AsyncOperations(new MemoryOperationStore(3), small, {
        log: (line) => logs.push(line),
        now: () => now,
      });
      const events: OperationEvent[] = [];
      operations.subscribe(STREAM, (event) => events.push(event));
      const app = asyncRoutes(operations, small);
      const begun = operations.begin(STREAM, 'k');
      if (!begun) throw new Error('full');
      operations.accepted(begun.operation, 'op-1', null);
      const answer = await app.request(new URL(begun.callbackUrl).pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(answer.status).toBe(413);
      expect(events).toHaveLength(1);
      const event = events[0] as { status: number; body: string };
      expect(event.status).toBe(502);
      expect(JSON.parse(event.body)).toMatchObject({
        OperationId: 'op-1',
        Status: 'ERROR',
        Error: { Code: 'X015', Type: 'DO_NOT_RETRY' },
      });
      expect(logs).toContainEqual(expect.stringMatching(/^async callback 413: .*X015/));
      // Over for good: a replay is refused, and its LifeSpan ends without an expiry event.
      const replay = await app.request(new URL(begun.callbackUrl).pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: envelope('op-1'),
      });
      expect(replay.status).toBe(410);
      now += CONFIG.operationTtlMs + 1;
      operations.sweep();
      expect(events).toHaveLength(1);
    },
  );
});

describe('asynchronous mode settings', () => {
  it('is off unless KHIPU_ASYNC=1, and needs PUBLIC_BASE_URL towards Khipu', () => {
    expect(
      loadAsyncConfig(
        {},
        { simulator: false, localBaseUrl: 'http://127.0.0.1:1', maxResultBytes: 1024 },
      ),
    ).toBeNull();
    expect(() =>
      loadConfig({ KHIPU_ASYNC: '1', KHIPU_BASE_URL: 'https://api.khipu.com', KHIPU_JWT: 't' }),
    ).toThrow(ConfigError);
    expect(loadConfig({ KHIPU_ASYNC: '1', PORT: '8181' }).async?.publicBaseUrl).toBe(
      'http://127.0.0.1:8181',
    );
  });

  it('bounds a callback result as any upstream answer (KHIPU_MAX_RESPONSE_MB)', () => {
    const env = { KHIPU_ASYNC: '1', PORT: '8181' };
    expect(loadConfig(env).async?.callbackMaxBytes).toBe(32 * 1024 * 1024);
    expect(loadConfig({ ...env, KHIPU_MAX_RESPONSE_MB: '5' }).async?.callbackMaxBytes).toBe(
      5 * 1024 * 1024,
    );
    // The setting that used to differ is refused, not silently ignored.
    expect(() => loadConfig({ ...env, ASYNC_CALLBACK_MAX_BYTES: '8388608' })).toThrow(
      /ASYNC_CALLBACK_MAX_BYTES is no longer read: .* KHIPU_MAX_RESPONSE_MB/,
    );
  });

  it('refuses a PUBLIC_BASE_URL that would make the callback URL longer than 255', () => {
    expect(() =>
      loadConfig({ KHIPU_ASYNC: '1', PUBLIC_BASE_URL: `https://${'a'.repeat(200)}.cl` }),
    ).toThrow(/255/);
  });
});

describe('proxy in asynchronous mode', () => {
  let upstream: Server | null = null;
  afterEach(() => upstream?.close());

  it('answers 202 with a handle, sends its own CallbackUrl, and the webhook refuses an unknown token', async () => {
    const received: Record<string, unknown>[] = [];
    upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end(JSON.stringify(acceptedEnvelope('op-9', '2999-01-01T00:00:00Z')));
      });
    });
    await new Promise<void>((resolve) => upstream?.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    const logs: string[] = [];
    const { app } = createServerApp(
      loadConfig({
        KHIPU_BASE_URL: `http://127.0.0.1:${port}`,
        KHIPU_JWT: 't',
        KHIPU_ASYNC: '1',
        PUBLIC_BASE_URL: 'https://explorer.example.cl',
      }),
      { log: (line) => logs.push(line) },
    );
    const answer = await app.request(PROXY_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-operation-stream': STREAM },
      body: JSON.stringify(requestBody({}, { CallbackUrl: 'https://attacker.example/steal' })),
    });
    expect(answer.status).toBe(202);
    const handle = answer.headers.get('x-operation-handle');
    expect(handle).toMatch(/^[\w-]+$/);
    expect(received[0]?.CallbackUrl).toMatch(
      /^https:\/\/explorer\.example\.cl\/api\/callbacks\/cenhub\/[\w-]{43}$/,
    );
    const unknown = await app.request(`/api/callbacks/cenhub/${'z'.repeat(43)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: envelope('op-9'),
    });
    expect(unknown.status).toBe(404);
    // Only what the browser needs, with the server's remaining time.
    expect(Object.keys(await answer.json()).sort()).toEqual(
      [
        'AdditionalInformation',
        'Data',
        'Error',
        'Handle',
        'LifeSpan',
        'OperationId',
        'Status',
      ].sort(),
    );
    expect(Number(answer.headers.get('x-operation-remaining-ms'))).toBeGreaterThan(0);
    const token = String(received[0]?.CallbackUrl).split('/').pop() ?? '';
    const tooBig = await app.request(`/api/callbacks/cenhub/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(33 * 1024 * 1024) },
      body: '{}',
    });
    expect(tooBig.status).toBe(413);
    try {
      await app.request(`/api/operations/stream/${STREAM}`, { signal: AbortSignal.timeout(50) });
    } catch {
      // the stream is cut on purpose: only its log line matters here
    }
    // Neither the token nor the stream id nor the handle appears in the log.
    const log = logs.join('\n');
    expect(log).not.toContain(token);
    expect(log).not.toContain(STREAM);
    expect(log).not.toContain(String(handle));
    const cancelled = await app.request(`/api/operations/${handle}`, { method: 'DELETE' });
    expect(cancelled.status).toBe(204);
  });

  /** A proxy in asynchronous mode whose upstream accepts every request as `op-5`. */
  async function asyncProxy(jwt: string) {
    const callbackUrls: string[] = [];
    upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        callbackUrls.push(JSON.parse(body).CallbackUrl);
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end(JSON.stringify(acceptedEnvelope('op-5', null)));
      });
    });
    await new Promise<void>((resolve) => upstream?.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    const config = loadConfig({
      KHIPU_BASE_URL: `http://127.0.0.1:${port}`,
      KHIPU_JWT: jwt,
      KHIPU_ASYNC: '1',
      PUBLIC_BASE_URL: 'https://explorer.example.cl',
    });
    const operations = new AsyncOperations(new MemoryOperationStore(3), CONFIG, {
      log: () => {},
    });
    const events: OperationEvent[] = [];
    operations.subscribe(STREAM, (event) => events.push(event));
    const app = createProxyApp(config, {
      upstream: createUpstream(config).upstream,
      upstreamKind: 'khipu',
      log: () => {},
      asyncOperations: operations,
    });
    const search = () =>
      app.request(PROXY_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-operation-stream': STREAM },
        body: JSON.stringify(SEED_BODY),
      });
    /** The last request's callback, with `body`. */
    const callBack = (body: ReturnType<typeof envelope>) =>
      app.request(new URL(callbackUrls.at(-1) ?? '').pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    return { search, callBack, events, callbackUrls };
  }

  it('redacts the credential from a callback result before it is kept or streamed', async () => {
    const jwt = 'eyJ.async-canary.sig';
    const { search, callBack, events } = await asyncProxy(jwt);
    expect((await search()).status).toBe(202);
    const delivered = await callBack(
      envelope('op-5', { AdditionalInformation: `eco: Bearer ${jwt}` }),
    );
    expect(delivered.status).toBeLessThan(300);
    const streamed = JSON.stringify(events);
    expect(streamed).toContain('[oculto]');
    expect(streamed).not.toContain(jwt);
    const kept = await search();
    expect(kept.headers.get('x-proxy-cache')).toBe('HIT');
    expect(JSON.parse(await kept.text()).AdditionalInformation).toBe('eco: Bearer [oculto]');
  });

  it('does not keep a callback result that the redaction takes out of the contract', async () => {
    const { search, callBack, events, callbackUrls } = await asyncProxy('123456');
    expect((await search()).status).toBe(202);
    const list = {
      TotalDisconformidades: 1,
      Disconformidades: [{ IdCaso: 'DC-1', MontoNeto: '9123456' }],
    };
    const delivered = await callBack(envelope('op-5', { Data: { NonconformitiesList: list } }));
    expect(delivered.status).toBe(200);
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).toContain('9[oculto]');
    // Not kept: the same search is billed again.
    expect((await search()).status).toBe(202);
    expect(callbackUrls).toHaveLength(2);
  });
});
