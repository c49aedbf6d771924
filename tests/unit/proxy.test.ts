import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  brotliCompressSync,
  brotliDecompressSync,
  deflateSync,
  gunzipSync,
  gzipSync,
} from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROXY_PATH } from '@/contract/paths';
import { parseResponseEnvelope } from '@/contract/response';
import { createServerApp } from '../../server/app';
import { ConfigError, type Env, loadConfig } from '../../server/config';
import { MAX_BODY_BYTES } from '../../server/proxy/body-limit';
import { failureEnvelope, okEnvelope } from '../support/fixtures/pages';
import { requestBody, SEED_BODY, seedPage } from '../support/fixtures/requests';
import { OK_BODY, type Recorded, type Reply, recordingUpstream } from '../support/upstream-double';

const MB = 1024 * 1024;

function proxyFor(env: Env, log: string[] = []) {
  const config = loadConfig(env);
  return createServerApp(config, { log: (line) => log.push(line) }).app;
}

function post(
  app: ReturnType<typeof proxyFor>,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    app.request(PROXY_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

describe('proxy on the embedded simulator (no KHIPU_BASE_URL)', () => {
  const app = proxyFor({ SIM_LATENCY_MS: '0', SIM_JITTER_MS: '0' });

  it("answers the seed's example with 4,575 cases and 200 items that pass the contract", async () => {
    const response = await post(app, SEED_BODY);
    expect(response.status).toBe(200);
    const parsed = parseResponseEnvelope(await response.json());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.Status).toBe('OK');
    expect(parsed.value.Data?.NonconformitiesList.TotalDisconformidades).toBe(4575);
    expect(parsed.value.Data?.NonconformitiesList.Disconformidades).toHaveLength(200);
  });

  it('gives the last 175 cases on page 22', async () => {
    const response = await post(app, requestBody({ Paginas: '22' }));
    const body = await response.json();
    expect(body.Data.NonconformitiesList.Disconformidades).toHaveLength(175);
  });

  it('accepts the RUT as a person writes it, check digit included', async () => {
    const response = await post(app, requestBody({ RutDeudor: '76.999.999-K' }));
    const body = await response.json();
    expect(body.Data.NonconformitiesList.TotalDisconformidades).toBe(4575);
  });

  it('answers 504 X002 when the simulator takes longer than KHIPU_TIMEOUT_MS', async () => {
    const slow = proxyFor({ SIM_LATENCY_MS: '2000', SIM_JITTER_MS: '0', KHIPU_TIMEOUT_MS: '50' });
    const response = await post(slow, SEED_BODY);
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ Error: { Code: 'X002' } });
  });

  it('says which upstream it uses, and nothing more', async () => {
    const response = await app.request('/api/health');
    expect(await response.json()).toEqual({ status: 'ok', upstream: 'simulator' });
  });
});

describe('proxy towards a Khipu base URL', () => {
  let upstream: Awaited<ReturnType<typeof recordingUpstream>>;
  let reply: Reply;

  beforeEach(async () => {
    reply = () => ({ body: OK_BODY });
    upstream = await recordingUpstream((r) => reply(r));
  });
  afterEach(() => upstream.close());

  const jwtEnv = () => ({ KHIPU_BASE_URL: upstream.baseUrl, KHIPU_JWT: 't' });
  const apiKeyEnv = () => ({
    KHIPU_BASE_URL: upstream.baseUrl,
    KHIPU_API_KEY: 'k',
    KHIPU_ACCOUNT_CREDENTIAL: '{"usuario":"analista@example.cl","clave":"s3creta"}',
  });

  const browserExtras = {
    headers: {
      authorization: 'Bearer from-the-browser',
      'x-api-key': 'browser-key',
      cookie: 'session=browser-cookie',
    },
    body: {
      ...SEED_BODY,
      AccountCredential: { usuario: 'intruso', clave: 'x' },
      CallbackUrl: 'https://attacker.example/hook',
    },
  };

  it('in API-key mode the upstream sees x-api-key and the configured AccountCredential only', async () => {
    const app = proxyFor(apiKeyEnv());
    const response = await post(app, browserExtras.body, browserExtras.headers);
    expect(response.status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
    const seen = upstream.requests[0] as Recorded;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/v1/cl/services/cenhub.cl/hub/nonconformities-list');
    expect(seen.headers['x-api-key']).toBe('k');
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers.cookie).toBeUndefined();
    const body = JSON.parse(seen.body);
    expect(body.AccountCredential).toEqual({ usuario: 'analista@example.cl', clave: 's3creta' });
    expect(body.CallbackUrl).toBeUndefined();
    expect(body.RequestData).toEqual(SEED_BODY.RequestData);
    expect(seen.body).not.toContain('intruso');
    expect(seen.body).not.toContain('attacker');
  });

  it('in JWT mode the upstream sees Authorization: Bearer t and no AccountCredential', async () => {
    const app = proxyFor(jwtEnv());
    await post(app, browserExtras.body, browserExtras.headers);
    const seen = upstream.requests[0] as Recorded;
    expect(seen.headers.authorization).toBe('Bearer t');
    expect(seen.headers['x-api-key']).toBeUndefined();
    expect(seen.headers.cookie).toBeUndefined();
    const body = JSON.parse(seen.body);
    expect(body).toEqual({ RequestData: SEED_BODY.RequestData });
  });

  it("returns the upstream's decoded body byte for byte, with its status", async () => {
    // Odd spacing, key order and escapes: a re-serialization would change them.
    const original =
      '{ "OperationId":"x-1",\n  "Status" : "OK", "Data":{"NonconformitiesList":{"TotalDisconformidades":1,"Disconformidades":[{"Descripcion":"Caf\\u00e9 \\"ñandú\\", 1;2","Zeta":1,"Alfa":2.50}]}},"AdditionalInformation":null,"Error":null,"LifeSpan":null}';
    reply = () => ({
      body: gzipSync(Buffer.from(original)),
      headers: { 'content-encoding': 'gzip' },
    });
    const app = proxyFor(jwtEnv());
    const response = await post(app, SEED_BODY);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(original);
  });

  it('passes Retry-After back, but not Set-Cookie or hop-by-hop headers', async () => {
    reply = () => ({
      status: 429,
      headers: {
        'retry-after': '7',
        'set-cookie': 'upstream=1',
        connection: 'close',
        'x-upstream-secret': 'z',
      },
      body: JSON.stringify(
        failureEnvelope({
          Code: 'I002',
          Type: 'RETRY_IMMEDIATELY',
          Description: 'Demasiadas solicitudes',
        }),
      ),
    });
    const response = await post(proxyFor(jwtEnv()), SEED_BODY);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('x-upstream-secret')).toBeNull();
  });

  it('joins a base URL with a trailing slash without doubling it', async () => {
    const app = proxyFor({ ...jwtEnv(), KHIPU_BASE_URL: `${upstream.baseUrl}/` });
    await post(app, SEED_BODY);
    expect((upstream.requests[0] as Recorded).url).toBe(
      '/v1/cl/services/cenhub.cl/hub/nonconformities-list',
    );
  });

  it('sends the RUT body by default, and body+DV with KHIPU_RUT_WITH_DV=1', async () => {
    await post(proxyFor(jwtEnv()), requestBody({ RutDeudor: '76.999.999-k' }));
    await post(proxyFor({ ...jwtEnv(), KHIPU_RUT_WITH_DV: '1' }), SEED_BODY);
    const [plain, withDv] = upstream.requests.map((r) => JSON.parse(r.body).RequestData.RutDeudor);
    expect(plain).toBe('76999999');
    expect(withDv).toBe('76999999K');
  });

  it.each([
    ['not JSON', '{"RequestData":', 400, 'P001'],
    ['an array', '[]', 400, 'P001'],
    ['no RequestData', {}, 400, 'P001'],
    [
      'a missing field',
      { RequestData: { ...SEED_BODY.RequestData, Filas: undefined } },
      400,
      'P001',
    ],
    ['a number instead of text', requestBody({ Paginas: 0 }), 400, 'P002'],
    ['a wrong check digit', requestBody({ RutDeudor: '76999999-1' }), 400, 'E401'],
    ['an impossible date', requestBody({ FechaCreacionDelCasoDesde: '02/30/2024' }), 400, 'E402'],
    ['an ISO date', requestBody({ FechaCreacionDelCasoDesde: '2019-11-14' }), 400, 'P002'],
    ['Desde after Hasta', requestBody({ FechaCreacionDelCasoDesde: '11/06/2025' }), 400, 'E403'],
    ['Filas 0', requestBody({ Filas: '0' }), 400, 'P003'],
    ['Filas 1001', requestBody({ Filas: '1001' }), 400, 'P003'],
    ['Paginas -1', requestBody({ Paginas: '-1' }), 400, 'P003'],
  ])(
    'refuses %s with %i in the Khipu error shape, and bills nothing',
    async (_name, body, status, code) => {
      const response = await post(proxyFor(jwtEnv()), body);
      expect(response.status).toBe(status);
      const envelope = await response.json();
      expect(parseResponseEnvelope(envelope).ok).toBe(true);
      expect(envelope).toMatchObject({
        Status: 'ERROR',
        Data: null,
        Error: { Code: code, Type: 'DO_NOT_RETRY' },
      });
      expect(envelope.Error.Description).toMatch(/\S{3,}/);
      expect(upstream.requests).toHaveLength(0);
    },
  );

  it.each([
    ['synchronous', {}, {}],
    ['in a search lane', {}, { 'x-search-lane': 'lane-left-1:2:0' }],
    [
      'asynchronous',
      { KHIPU_ASYNC: '1', PUBLIC_BASE_URL: 'https://explorer.example.cl' },
      { 'x-operation-stream': 'stream-aaaaaaaaaaaaaaaa' },
    ],
  ])(
    'sends nothing for a browser that left right after its body (%s), and answers 499',
    async (_mode, extraEnv, headers) => {
      const app = proxyFor({ ...jwtEnv(), ...extraEnv });
      const left = new AbortController();
      left.abort();
      const response = await app.request(PROXY_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(SEED_BODY),
        signal: left.signal,
      });
      expect(response.status).toBe(499);
      expect(upstream.requests).toHaveLength(0);
      // Not a failure: a later request of the same lane still goes.
      const next = await post(app, requestBody({ Paginas: '1' }), headers);
      expect(next.status).toBeLessThan(300);
      expect(upstream.requests).toHaveLength(1);
    },
  );

  it('refuses a body over 16 KiB with 413, and a non-JSON content type with 415', async () => {
    const app = proxyFor(jwtEnv());
    const big = JSON.stringify({ ...SEED_BODY, padding: 'x'.repeat(MAX_BODY_BYTES) });
    const tooBig = await post(app, big);
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).Status).toBe('ERROR');
    const form = await app.request(PROXY_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'RequestData=1',
    });
    expect(form.status).toBe(415);
    expect(upstream.requests).toHaveLength(0);
  });

  it('answers 404 for any other /api path and 405 for another method', async () => {
    const app = proxyFor(jwtEnv());
    const other = await app.request('/api/v1/cl/services/cenhub.cl/hub/other', { method: 'POST' });
    expect(other.status).toBe(404);
    expect((await other.json()).Status).toBe('ERROR');
    const get = await app.request(PROXY_PATH);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(upstream.requests).toHaveLength(0);
  });

  it('answers a timeout in the Khipu shape with its own code, and RETRY_IMMEDIATELY', async () => {
    reply = () => ({ hang: true });
    const response = await post(proxyFor({ ...jwtEnv(), KHIPU_TIMEOUT_MS: '150' }), SEED_BODY);
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({
      Status: 'ERROR',
      Error: { Code: 'X002', Type: 'RETRY_IMMEDIATELY' },
    });
  });

  it('answers an upstream that is not there with 502, its own code and RETRY_IMMEDIATELY', async () => {
    const app = proxyFor(jwtEnv());
    await upstream.close();
    const response = await post(app, SEED_BODY);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({
      Error: { Code: 'X001', Type: 'RETRY_IMMEDIATELY' },
    });
  });

  it.each([
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('decodes a %s upstream body too', async (encoding, encode) => {
    reply = () => ({
      body: encode(Buffer.from(OK_BODY)),
      headers: { 'content-encoding': encoding },
    });
    const response = await post(proxyFor(jwtEnv()), SEED_BODY);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(OK_BODY);
  });

  it.each([
    ['corrupt', () => Buffer.from('this is not gzip')],
    ['cut short', () => gzipSync(Buffer.from(OK_BODY)).subarray(0, 30)],
    [
      'of the wrong length',
      () => {
        const zipped = gzipSync(Buffer.from(OK_BODY));
        zipped.writeUInt32LE(OK_BODY.length + 1, zipped.length - 4); // the trailer's size
        return zipped;
      },
    ],
  ])('answers a %s gzip body with 502 X001 in the Khipu shape', async (_name, body) => {
    reply = () => ({ body: body(), headers: { 'content-encoding': 'gzip' } });
    const response = await post(proxyFor(jwtEnv()), SEED_BODY);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({
      Status: 'ERROR',
      Error: { Code: 'X001', Type: 'RETRY_IMMEDIATELY' },
    });
  });

  it.each([
    ['plain', () => ({ body: Buffer.alloc(3 * 1024 * 1024, 0x20) })],
    [
      'gzip',
      () => ({
        body: gzipSync(Buffer.alloc(3 * 1024 * 1024, 0x20)),
        headers: { 'content-encoding': 'gzip' },
      }),
    ],
  ])(
    'answers a %s body past KHIPU_MAX_RESPONSE_MB with 502 X015, and audits the upstream 200',
    async (_name, answer) => {
      reply = answer;
      const log: string[] = [];
      const app = proxyFor({ ...jwtEnv(), KHIPU_MAX_RESPONSE_MB: '2' }, log);
      const response = await post(app, SEED_BODY);
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({
        Status: 'ERROR',
        Error: { Code: 'X015', Type: 'DO_NOT_RETRY', Description: expect.stringContaining('2 MB') },
      });
      expect(log.find((line) => line.startsWith('audit '))).toMatch(/ status=200 code=X015 /);
      // Up to the limit, an answer goes through.
      reply = () => ({
        body: gzipSync(Buffer.from(OK_BODY)),
        headers: { 'content-encoding': 'gzip' },
      });
      expect((await post(app, requestBody({ Paginas: '1' }))).status).toBe(200);
    },
  );

  it('answers JSON that is not valid UTF-8 with X003, and does not keep it', async () => {
    const bytes = Buffer.from(OK_BODY);
    bytes[bytes.indexOf('OK')] = 0xff;
    reply = () => ({ body: bytes });
    const app = proxyFor(jwtEnv());
    const first = await post(app, SEED_BODY);
    expect(first.status).toBe(502);
    expect(await first.json()).toMatchObject({ Error: { Code: 'X003' } });
    await post(app, SEED_BODY);
    expect(upstream.requests).toHaveLength(2);
  });

  it('compresses a large answer for a browser that accepts it (brotli first), and only then', async () => {
    const items = Array.from({ length: 800 }, (_, i) => ({ Descripcion: `Caso ñandú ${i}` }));
    const large = JSON.stringify(okEnvelope(800, items));
    expect(large.length).toBeGreaterThan(16 * 1024);
    reply = () => ({ body: large });
    const app = proxyFor(jwtEnv());
    const brotli = await post(app, SEED_BODY, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotli.headers.get('vary')).toBe('Accept-Encoding');
    const unbrotli = brotliDecompressSync(Buffer.from(await brotli.arrayBuffer()));
    expect(unbrotli.toString('utf8')).toBe(large);
    const zipped = await post(app, SEED_BODY, { 'accept-encoding': 'gzip, br;q=0' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8')).toBe(large);
    const plain = await post(app, SEED_BODY);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(large);
  });

  it('answers an HTML error page with 502 in the Khipu shape, never passing the HTML on', async () => {
    reply = () => ({
      status: 503,
      headers: { 'content-type': 'text/html' },
      body: '<html><script>alert(1)</script></html>',
    });
    const response = await post(proxyFor(jwtEnv()), SEED_BODY);
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(text).not.toContain('<script>');
    expect(JSON.parse(text)).toMatchObject({ Error: { Code: 'X003', Type: 'RETRY_IMMEDIATELY' } });
  });

  it('redacts the credential from a page of data before it is kept or sent', async () => {
    const token = 'eyJ.redaction-canary.sig';
    const page = JSON.stringify(
      okEnvelope(1, [{ IdCaso: 'DC-1' }], {
        AdditionalInformation: `Solicitud recibida con Bearer ${token}`,
      }),
    );
    reply = () => ({ body: page });
    const app = proxyFor({ KHIPU_BASE_URL: upstream.baseUrl, KHIPU_JWT: token });
    for (const cacheState of ['MISS', 'HIT']) {
      const response = await post(app, SEED_BODY);
      expect(response.headers.get('x-proxy-cache')).toBe(cacheState);
      const text = await response.text();
      expect(text).not.toContain(token);
      expect(JSON.parse(text).AdditionalInformation).toBe('Solicitud recibida con Bearer [oculto]');
    }
  });

  it('checks a page as redacted: one the redaction takes out of the contract is not kept', async () => {
    // A numeric string that holds the secret: redacted, it is not a number any more.
    const page = (amount: string) =>
      JSON.stringify(okEnvelope(1, [{ IdCaso: 'DC-1', MontoNeto: amount }]));
    reply = () => ({ body: page('9123456') });
    const app = proxyFor({ KHIPU_BASE_URL: upstream.baseUrl, KHIPU_JWT: '123456' });
    for (const _ of [1, 2]) {
      const response = await post(app, SEED_BODY);
      expect(response.headers.get('x-proxy-cache')).toBe('MISS');
      expect(response.headers.get('x-page-items')).toBeNull();
      expect(await response.text()).toBe(page('9[oculto]'));
    }
    expect(upstream.requests).toHaveLength(2);
  });

  it('keeps and sends a page whole when an escape is followed by digits of the secret', async () => {
    const page = OK_BODY.replace(
      '"AdditionalInformation":null',
      '"AdditionalInformation":"x\\u002012"',
    );
    reply = () => ({ body: page });
    const app = proxyFor({ KHIPU_BASE_URL: upstream.baseUrl, KHIPU_JWT: '002012' });
    for (const cacheState of ['MISS', 'HIT']) {
      const response = await post(app, SEED_BODY);
      expect(response.headers.get('x-proxy-cache')).toBe(cacheState);
      expect(await response.text()).toBe(page);
    }
  });

  it('redacts a secret that an error echoes in \\u escapes', async () => {
    const key = 'apikey-canary-1';
    const escaped = [...key]
      .map((char, i) => (i % 2 ? char : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`))
      .join('');
    reply = () => ({
      status: 401,
      body: `{"OperationId":"op","Status":"ERROR","Data":null,"AdditionalInformation":null,"LifeSpan":null,"Error":{"Code":"E101","Type":"RETRY_AFTER_NOTIFICATION","Description":"x-api-key ${escaped} no válida"}}`,
    });
    const app = proxyFor({ ...apiKeyEnv(), KHIPU_API_KEY: key });
    const response = await post(app, SEED_BODY);
    expect(response.status).toBe(401);
    const error = (await response.json()).Error;
    expect(error.Description).toBe('x-api-key [oculto] no válida');
  });

  it("audits the upstream's status and the proxy's own code apart", async () => {
    const log: string[] = [];
    const app = proxyFor(jwtEnv(), log);
    const audited = () => log.filter((line) => line.startsWith('audit ')).at(-1);
    await post(app, SEED_BODY);
    expect(audited()).toMatch(/ page=0 status=200 ms=\d+$/);
    // A 200 whose body is not JSON: the upstream said 200, the browser got 502 X003.
    reply = () => ({ body: '<html></html>', headers: { 'content-type': 'text/html' } });
    expect((await post(app, requestBody({ Paginas: '1' }))).status).toBe(502);
    expect(audited()).toMatch(/ page=1 status=200 code=X003 ms=\d+$/);
    // No upstream status at all: the network failed.
    await upstream.close();
    expect((await post(app, requestBody({ Paginas: '2' }))).status).toBe(502);
    expect(audited()).toMatch(/ page=2 status=- code=X001 ms=\d+$/);
  });

  it('logs the path still percent-encoded, so it cannot forge a log line', async () => {
    const log: string[] = [];
    const app = proxyFor(jwtEnv(), log);
    await app.request('/api/x%0AGET%20/api/forged?q=%0A');
    expect(log).toEqual([
      expect.stringMatching(/^GET \/api\/x%0AGET%20\/api\/forged 404 [\d.]+ms$/),
    ]);
  });

  it('logs one line per request with method, path, status and duration, and no secret', async () => {
    const log: string[] = [];
    const app = proxyFor(apiKeyEnv(), log);
    await post(app, SEED_BODY, { authorization: 'Bearer from-the-browser' });
    await post(app, '{');
    const access = log.filter((line) => !line.startsWith('audit '));
    expect(access).toHaveLength(2);
    expect(access[0]).toMatch(
      /^POST \/api\/v1\/cl\/services\/cenhub\.cl\/hub\/nonconformities-list 200 \d+(\.\d+)?ms$/,
    );
    expect(access[1]).toMatch(/ 400 /);
    const all = log.join('\n');
    for (const secret of ['s3creta', 'analista', 'from-the-browser', ' k ']) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('bounds on what the upstream sends, over real connections', () => {
  let server: Server | undefined;
  afterEach(
    () =>
      new Promise<void>((resolve) => {
        server?.closeAllConnections();
        server?.close(() => resolve());
        if (!server) resolve();
      }),
  );

  /** An upstream that answers each request as `answer` says, with the requests so far. */
  async function upstreamAnswering(answer: (res: ServerResponse, seen: number) => void) {
    let seen = 0;
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => answer(res, ++seen));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('refuses an answer whose declared length is past KHIPU_MAX_RESPONSE_MB before reading it', async () => {
    // Headers say 3 MB; the body never comes. Waiting for it would end in the timeout (X002).
    const baseUrl = await upstreamAnswering((res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 3 * MB });
      res.write('{"Status":');
    });
    const log: string[] = [];
    const app = proxyFor(
      {
        KHIPU_BASE_URL: baseUrl,
        KHIPU_JWT: 't',
        KHIPU_MAX_RESPONSE_MB: '2',
        KHIPU_TIMEOUT_MS: '5000',
      },
      log,
    );
    const response = await post(app, SEED_BODY);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({
      Error: { Code: 'X015', Type: 'DO_NOT_RETRY', Description: expect.stringContaining('2 MB') },
    });
    expect(log.find((line) => line.startsWith('audit '))).toMatch(/ status=200 code=X015 /);
  });

  it.each([
    ['declared', true],
    ['chunked', false],
  ])(
    'cuts the largest answer (%s) when those being read go past KHIPU_RESPONSES_MEMORY_MB together',
    async (_how, declared) => {
      // Three answers of 0.9 MB, each within KHIPU_MAX_RESPONSE_MB (1), 2.7 MB together (> 2).
      const body = Buffer.from(
        JSON.stringify({ ...JSON.parse(OK_BODY), AdditionalInformation: 'x'.repeat(0.9 * MB) }),
      );
      const rest: Array<() => void> = [];
      const baseUrl = await upstreamAnswering((res, seen) => {
        res.writeHead(200, {
          'content-type': 'application/json',
          ...(declared ? { 'content-length': body.length } : {}),
        });
        res.write(body.subarray(0, 0.6 * MB));
        rest.push(() => res.end(body.subarray(0.6 * MB)));
        // Once all three are being read, each sends the rest (a later one at once).
        if (seen >= 3) {
          setTimeout(() => {
            for (const send of rest.splice(0)) send();
          }, 200);
        }
      });
      const app = proxyFor({
        KHIPU_BASE_URL: baseUrl,
        KHIPU_JWT: 't',
        KHIPU_MAX_RESPONSE_MB: '1',
        KHIPU_RESPONSES_MEMORY_MB: '2',
      });
      const answers = await Promise.all([0, 1, 2].map((n) => post(app, seedPage(n))));
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 502]);
      const cut = answers.find((answer) => answer.status === 502);
      expect(await cut?.json()).toMatchObject({
        Error: { Code: 'X015', Type: 'DO_NOT_RETRY', Description: expect.stringContaining('2 MB') },
      });
      // What they held was given back: one more answer alone goes through.
      expect((await post(app, seedPage(3))).status).toBe(200);
    },
  );
});

describe('proxy cache: no billed request twice', () => {
  let upstream: Awaited<ReturnType<typeof recordingUpstream>>;
  let reply: Reply;
  beforeEach(async () => {
    reply = () => ({ body: OK_BODY });
    upstream = await recordingUpstream((r) => reply(r));
  });
  afterEach(() => upstream.close());
  const env = (extra: Env = {}) => ({ KHIPU_BASE_URL: upstream.baseUrl, KHIPU_JWT: 't', ...extra });

  it('answers a repeated request from its cache, and says so', async () => {
    const app = proxyFor(env());
    const first = await post(app, SEED_BODY);
    const second = await post(app, SEED_BODY);
    expect(first.headers.get('x-proxy-cache')).toBe('MISS');
    expect(second.headers.get('x-proxy-cache')).toBe('HIT');
    expect(await second.text()).toBe(OK_BODY);
    // The page checked against the contract, and its items (0 here), on the billed answer.
    expect(first.headers.get('x-page-items')).toBe('0');
    expect(first.headers.get('x-page-total')).toBe('0');
    expect(second.headers.get('x-page-items')).toBeNull();
    expect(second.headers.get('x-page-total')).toBeNull();
    expect(upstream.requests).toHaveLength(1);
  });

  it('keys on what is billed: another page, or the same RUT spelled otherwise', async () => {
    const app = proxyFor(env());
    await post(app, SEED_BODY);
    await post(app, requestBody({ RutDeudor: '76.999.999-K' }));
    await post(app, requestBody({ Paginas: '1' }));
    expect(upstream.requests).toHaveLength(2);
  });

  it('coalesces identical requests in flight into one upstream request', async () => {
    const app = proxyFor(env());
    const answers = await Promise.all([1, 2, 3].map(() => post(app, SEED_BODY)));
    expect(upstream.requests).toHaveLength(1);
    const states = answers.map((a) => a.headers.get('x-proxy-cache')).sort();
    expect(states).toEqual(['COALESCED', 'COALESCED', 'MISS']);
    for (const answer of answers) expect(await answer.text()).toBe(OK_BODY);
  });

  it('never keeps errors', async () => {
    reply = () => ({
      status: 500,
      body: JSON.stringify(
        failureEnvelope({ Code: 'E201', Type: 'RETRY_IMMEDIATELY', Description: 'CEN caído' }),
      ),
    });
    const app = proxyFor(env());
    await post(app, SEED_BODY);
    await post(app, SEED_BODY);
    expect(upstream.requests).toHaveLength(2);
  });

  it('reads the upstream again on Cache-Control: no-cache ("Actualizar"), and keeps the fresh answer', async () => {
    const app = proxyFor(env());
    await post(app, SEED_BODY);
    const fresh = await post(app, SEED_BODY, { 'cache-control': 'no-cache' });
    expect(fresh.headers.get('x-proxy-cache')).toBe('BYPASS');
    const after = await post(app, SEED_BODY);
    expect(after.headers.get('x-proxy-cache')).toBe('HIT');
    expect(upstream.requests).toHaveLength(2);
  });

  it('forgets answers after PROXY_CACHE_TTL_MS, and keeps none with 0', async () => {
    const short = proxyFor(env({ PROXY_CACHE_TTL_MS: '30' }));
    await post(short, SEED_BODY);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await post(short, SEED_BODY);
    expect(upstream.requests).toHaveLength(2);
    const off = proxyFor(env({ PROXY_CACHE_TTL_MS: '0' }));
    await post(off, SEED_BODY);
    await post(off, SEED_BODY);
    expect(upstream.requests).toHaveLength(4);
  });
});

describe('start-up configuration', () => {
  it.each([
    [{ KHIPU_BASE_URL: 'https://api.khipu.com' }, /no credential/],
    [{ KHIPU_BASE_URL: 'https://api.khipu.com', KHIPU_JWT: 't', KHIPU_API_KEY: 'k' }, /not both/],
    [
      { KHIPU_BASE_URL: 'https://api.khipu.com', KHIPU_API_KEY: 'k' },
      /needs KHIPU_ACCOUNT_CREDENTIAL/,
    ],
    [
      { KHIPU_BASE_URL: 'https://api.khipu.com', KHIPU_JWT: 't', KHIPU_ACCOUNT_CREDENTIAL: '{}' },
      /only used with KHIPU_API_KEY/,
    ],
    [
      {
        KHIPU_BASE_URL: 'https://api.khipu.com',
        KHIPU_API_KEY: 'k',
        KHIPU_ACCOUNT_CREDENTIAL: '["a"]',
      },
      /must be a JSON object/,
    ],
    [
      {
        KHIPU_BASE_URL: 'https://api.khipu.com',
        KHIPU_API_KEY: 'k',
        KHIPU_ACCOUNT_CREDENTIAL: 'clave-secreta-123',
      },
      /not valid JSON/,
    ],
    [{ KHIPU_JWT: 't' }, /KHIPU_BASE_URL is not/],
    [{ KHIPU_BASE_URL: 'ftp://api.khipu.com', KHIPU_JWT: 't' }, /http or https/],
    [{ KHIPU_BASE_URL: 'not a url', KHIPU_JWT: 't' }, /absolute http\(s\) URL/],
    [{ KHIPU_TIMEOUT_MS: '0' }, /KHIPU_TIMEOUT_MS/],
    [{ KHIPU_MAX_RESPONSE_MB: '0' }, /KHIPU_MAX_RESPONSE_MB must be an integer between 1 and 512/],
    [
      { KHIPU_MAX_RESPONSE_MB: '64', KHIPU_RESPONSES_MEMORY_MB: '32' },
      /KHIPU_RESPONSES_MEMORY_MB \(32\) must be at least KHIPU_MAX_RESPONSE_MB \(64\)/,
    ],
    [{ PORT: '70000' }, /PORT/],
    [{ SIM_LATENCY_MS: '-5' }, /SIM_LATENCY_MS/],
    [{ KHIPU_RUT_WITH_DV: 'yes' }, /KHIPU_RUT_WITH_DV/],
  ])('refuses %o with a message saying what to change', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes the account credential in its message', () => {
    const env = {
      KHIPU_BASE_URL: 'https://api.khipu.com',
      KHIPU_API_KEY: 'k',
      KHIPU_ACCOUNT_CREDENTIAL: 'clave-secreta-123',
    };
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).not.toContain('clave-secreta-123');
    }
  });

  it('defaults to the embedded simulator on 127.0.0.1:8080 with a 120 s timeout', () => {
    const config = loadConfig({});
    expect(config.upstream.kind).toBe('simulator');
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8080);
    expect(config.upstreamTimeoutMs).toBe(120_000);
    expect(config.upstreamMaxResponseBytes).toBe(32 * MB);
    // Two answers of the largest size, and never under 64 MB.
    expect(config.upstreamResponsesMemoryBytes).toBe(64 * MB);
    expect(loadConfig({ KHIPU_MAX_RESPONSE_MB: '1' }).upstreamResponsesMemoryBytes).toBe(64 * MB);
    expect(loadConfig({ KHIPU_MAX_RESPONSE_MB: '100' }).upstreamResponsesMemoryBytes).toBe(
      200 * MB,
    );
    expect(config.rutWithDv).toBe(false);
  });
});
