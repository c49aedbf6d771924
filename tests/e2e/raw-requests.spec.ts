// No open proxy: request-line, path and header tricks sent byte for byte (node:net) to the
// built server, pointed at an upstream double on loopback. Whatever the request, the
// upstream only ever sees POST of the one allow-listed path, on its own host.
import { expect, test } from '@playwright/test';
import { NONCONFORMITIES_PATH } from '@/contract/paths';
import { type BuiltServer, startBuiltServer } from '../support/built-server';
import { SEED_BODY } from '../support/fixtures/requests';
import { seedPostHead, sendRaw } from '../support/raw-http';
import { OK_BODY, recordingUpstream, type UpstreamDouble } from '../support/upstream-double';
import { API } from './api-requests';

const BODY = JSON.stringify(SEED_BODY);

/** The head of a POST of the seed's search to `target`, with `headers` added. */
const post = (target: string, headers: string[] = []) =>
  seedPostHead(target, [
    'Host: 127.0.0.1',
    // Past the proxy's cache: every request that is let through reaches the upstream.
    'Cache-Control: no-cache',
    ...headers,
  ]);

test.describe('request tricks against the built server', () => {
  test.describe.configure({ mode: 'serial' });
  let upstream: UpstreamDouble;
  let server: BuiltServer;

  test.beforeAll(async () => {
    upstream = await recordingUpstream(() => ({
      body: OK_BODY,
      // What must never reach the browser.
      headers: {
        'set-cookie': 'upstream-session=1; Path=/',
        'proxy-authenticate': 'Basic realm="upstream"',
        'x-upstream-internal': 'z',
        'keep-alive': 'timeout=99',
      },
    }));
    server = await startBuiltServer({ KHIPU_BASE_URL: upstream.baseUrl, KHIPU_JWT: 'e2e-token' });
  });
  test.afterAll(async () => {
    await server?.stop();
    await upstream?.close();
  });

  test.afterEach(() => {
    // The invariant, after every trick.
    const upstreamHost = new URL(upstream.baseUrl).host;
    for (const seen of upstream.requests) {
      expect(seen.method).toBe('POST');
      expect(seen.url).toBe(NONCONFORMITIES_PATH);
      expect(seen.headers.host).toBe(upstreamHost);
      expect(seen.headers.authorization).toBe('Bearer e2e-token');
      for (const name of Object.keys(seen.headers)) {
        expect(name).toMatch(
          /^(host|content-type|accept|authorization|accept-encoding|content-length|connection)$/,
        );
      }
      expect(JSON.parse(seen.body)).toEqual({ RequestData: SEED_BODY.RequestData });
    }
  });

  const served: Array<[string, string, string[]]> = [
    ['an absolute URL naming another host', `http://evil.example${API}`, []],
    [
      'dot segments that resolve to the API path',
      `/api/v1/cl/services/cenhub.cl/hub/x/../nonconformities-list`,
      [],
    ],
    [
      'Host, X-Forwarded-*, Forwarded and URL-override headers',
      API,
      [
        'X-Forwarded-Host: evil.example',
        'X-Forwarded-Proto: https',
        'X-Forwarded-For: 10.9.9.9',
        'Forwarded: host=evil.example;proto=https',
        'X-Original-URL: /v1/other',
        'X-Rewrite-URL: /v1/other',
        'X-HTTP-Method-Override: DELETE',
        'Cookie: session=browser',
        'Authorization: Bearer from-the-browser',
        'X-Api-Key: browser-key',
      ],
    ],
  ];
  for (const [name, target, headers] of served) {
    test(`${name}: answered, and the upstream sees only the allow-listed request`, async () => {
      const before = upstream.requests.length;
      const { status, text } = await sendRaw(server.port, post(target, headers), BODY);
      expect(status).toBe(200);
      expect(upstream.requests.length).toBe(before + 1);
      // Nothing of the upstream's own headers comes back but what the proxy chose.
      expect(text).not.toMatch(
        /set-cookie|proxy-authenticate|x-upstream-internal|keep-alive: timeout=99/i,
      );
      expect(text).toMatch(/^content-security-policy: /im);
    });
  }

  const refused: Array<[string, string, number]> = [
    ['an encoded slash', '/api/v1/cl/services/cenhub.cl%2Fhub%2Fnonconformities-list', 404],
    ['encoded dot segments after the path', `${API}%2F..%2F..%2Fother`, 404],
    [
      'double-encoded dot segments',
      '/api/v1/cl/services/cenhub.cl/hub/%252e%252e/nonconformities-list',
      404,
    ],
    ['dot segments that climb out of /api', `/api/..${NONCONFORMITIES_PATH}`, 404],
    ['dot segments to another upstream path', `${API}/../../other`, 404],
    ['a path with a query', `${API}?url=http://evil.example`, 200],
    ['a backslash', '/api\\v1/cl/services/cenhub.cl/hub/nonconformities-list', 400],
    ['an absolute URL to another path', `http://127.0.0.1/api/v1/other`, 404],
  ];
  for (const [name, target, status] of refused) {
    test(`${name} (${target}): ${status}`, async () => {
      const before = upstream.requests.length;
      const answer = await sendRaw(server.port, post(target), BODY);
      expect(answer.status).toBe(status);
      expect(upstream.requests.length).toBe(before + (status === 200 ? 1 : 0));
      expect(answer.text).toMatch(/^referrer-policy: no-referrer/im);
    });
  }

  for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE']) {
    test(`${method} on the API path: 405, nothing billed`, async () => {
      const before = upstream.requests.length;
      const answer = await sendRaw(server.port, post(API).replace(/^POST/, method), BODY);
      expect(answer.status).toBe(405);
      expect(answer.text).toMatch(/^allow: POST/im);
      expect(upstream.requests.length).toBe(before);
    });
  }

  test('CONNECT to another host: no tunnel, nothing billed', async () => {
    const before = upstream.requests.length;
    const answer = await sendRaw(
      server.port,
      'CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443',
    );
    expect(answer.status === 0 || answer.status >= 400).toBe(true);
    expect(answer.text).not.toMatch(/^HTTP\/1\.1 200/);
    expect(upstream.requests.length).toBe(before);
  });

  test('an invalid Host header: 400 with the security headers', async () => {
    const answer = await sendRaw(
      server.port,
      post(API).replace('Host: 127.0.0.1', 'Host: evil.example/x'),
      BODY,
    );
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/^content-security-policy: default-src 'self'/im);
  });

  // Refused by Node's parser before the app sees them: answered with the security headers.
  const unparsable: Array<[string, string, string, number]> = [
    ['a malformed request line', 'GARBAGE / NOT-HTTP', '', 400],
    [
      'both Content-Length and Transfer-Encoding (request smuggling)',
      `${post(API)}\r\nTransfer-Encoding: chunked`,
      `${BODY.length.toString(16)}\r\n${BODY}\r\n0\r\n\r\n`,
      400,
    ],
    [
      'a bad chunk size',
      post(API).replace(/Content-Length: \d+/, 'Transfer-Encoding: chunked'),
      `zz\r\n${BODY}\r\n0\r\n\r\n`,
      400,
    ],
    ['headers over 16 KiB', `${post(API)}\r\nX-Padding: ${'x'.repeat(20_000)}`, BODY, 431],
  ];
  for (const [name, head, body, status] of unparsable) {
    test(`${name}: ${status} with the security headers, connection closed, nothing billed`, async () => {
      const before = upstream.requests.length;
      const answer = await sendRaw(server.port, head, body);
      expect(answer.status).toBe(status);
      expect(answer.text).toMatch(/^content-security-policy: default-src 'self'/im);
      expect(answer.text).toMatch(/^x-content-type-options: nosniff/im);
      expect(answer.text).toMatch(/^referrer-policy: no-referrer/im);
      expect(answer.text).toMatch(/^connection: close/im);
      expect(upstream.requests.length).toBe(before);
    });
  }

  test('a chunked body over 16 KiB (no Content-Length): 413, nothing billed', async () => {
    const before = upstream.requests.length;
    const big = JSON.stringify({ ...SEED_BODY, padding: 'x'.repeat(20_000) });
    const chunk = `${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`;
    const head = [
      `POST ${API} HTTP/1.1`,
      'Host: 127.0.0.1',
      'Content-Type: application/json',
      'Transfer-Encoding: chunked',
    ].join('\r\n');
    const answer = await sendRaw(server.port, head, chunk);
    expect(answer.status).toBe(413);
    expect(upstream.requests.length).toBe(before);
  });

  test('a declared Content-Length over 16 KiB: 413 before the body is read', async () => {
    const before = upstream.requests.length;
    const head = post(API).replace(/Content-Length: \d+/, 'Content-Length: 100000000');
    const answer = await sendRaw(server.port, head, BODY);
    expect(answer.status).toBe(413);
    expect(upstream.requests.length).toBe(before);
  });
});
