// Requests another site makes a browser send, as they reach the built server byte for byte:
// a page whose name is rebound to 127.0.0.1 (its own name in Host), and a page of another
// origin (its name in Origin). Neither is answered nor billed; the simulator counts what
// the proxy asked of it (SIM_CONTROL=1).
import { expect, test } from '@playwright/test';
import { type BuiltServer, startBuiltServer } from '../support/built-server';
import { SEED_BODY } from '../support/fixtures/requests';
import { type RawAnswer, seedPostHead, sendRaw } from '../support/raw-http';
import { billedRequests } from '../support/simulator-stats';
import { API } from './api-requests';

const BODY = JSON.stringify(SEED_BODY);

const send = (port: number, head: string[], body = '') => sendRaw(port, head.join('\r\n'), body);

/** A POST of the seed's search, past the proxy's cache (each one let through is billed). */
const search = (port: number, headers: string[]) =>
  sendRaw(port, seedPostHead(API, ['Cache-Control: no-cache', ...headers]), BODY);

const errorCode = (answer: RawAnswer) =>
  JSON.parse(answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4)).Error.Code;

test.describe('without access control (loopback only)', () => {
  test.describe.configure({ mode: 'serial' });
  let server: BuiltServer;

  test.beforeAll(async () => {
    server = await startBuiltServer({ SIM_CONTROL: '1', SIM_LATENCY_MS: '0', SIM_JITTER_MS: '0' });
  });
  test.afterAll(() => server?.stop());

  test('a rebound name in Host: 421 X013 on the API and the SPA, nothing billed', async () => {
    const host = `Host: rebind.attacker.example:${server.port}`;
    const api = await search(server.port, [
      host,
      `Origin: http://rebind.attacker.example:${server.port}`,
    ]);
    expect(api.status).toBe(421);
    expect(errorCode(api)).toBe('X013');
    expect(api.text).toMatch(/^content-security-policy: default-src 'self'/im);
    const spa = await send(server.port, ['GET / HTTP/1.1', host]);
    expect(spa.status).toBe(421);
    expect(spa.text).toMatch(/^content-type: text\/plain/im);
    expect(spa.text).toMatch(/^x-content-type-options: nosniff/im);
    expect(spa.text).not.toContain('<!doctype html>');
    expect(await billedRequests(server)).toBe(0);
  });

  test('loopback names are answered: localhost, 127.x.x.x, [::1], with the port', async () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]']) {
      const answer = await search(server.port, [`Host: ${host}:${server.port}`]);
      expect(answer.status, host).toBe(200);
    }
    expect(await billedRequests(server)).toBe(4);
  });

  test('Origin of another site, or null: 403 X014, nothing billed; same origin or none: answered', async () => {
    const before = await billedRequests(server);
    const host = `Host: 127.0.0.1:${server.port}`;
    for (const origin of ['http://evil.example', `http://localhost:${server.port}`, 'null']) {
      const answer = await search(server.port, [host, `Origin: ${origin}`]);
      expect(answer.status, origin).toBe(403);
      expect(errorCode(answer)).toBe('X014');
    }
    // The result stream too (an EventSource from another site).
    const stream = await send(server.port, [
      'GET /api/operations/stream/aaaaaaaaaaaaaaaa HTTP/1.1',
      host,
      'Origin: http://evil.example',
    ]);
    expect(stream.status).toBe(403);
    expect(await billedRequests(server)).toBe(before);
    const same = await search(server.port, [host, `Origin: http://127.0.0.1:${server.port}`]);
    expect(same.status).toBe(200);
    const none = await search(server.port, [host]);
    expect(none.status).toBe(200);
    expect(await billedRequests(server)).toBe(before + 2);
  });
});

test('the asynchronous callback is exempt: Khipu calls it under the public name', async () => {
  const server = await startBuiltServer({
    KHIPU_ASYNC: '1',
    PUBLIC_BASE_URL: 'https://cen.example.cl',
  });
  try {
    const answer = await send(
      server.port,
      [
        `POST /api/callbacks/cenhub/${'z'.repeat(43)} HTTP/1.1`,
        'Host: cen.example.cl',
        'Origin: https://khipu.example',
        'Content-Type: application/json',
        'Content-Length: 2',
      ],
      '{}',
    );
    // Past both checks: the webhook itself refuses a token it never issued.
    expect(answer.status).toBe(404);
  } finally {
    await server.stop();
  }
});
