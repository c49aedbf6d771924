// Slow clients against the built server, with short limits set for the test: one that
// trickles its headers or its body is answered 408 and cut off (the security headers on the
// answer, nothing billed); an idle keep-alive connection and a long result stream are not
// cut by those limits; past SERVER_MAX_CONNECTIONS a new connection is closed at once.
import { expect, test } from '@playwright/test';
import { type BuiltServer, startBuiltServer } from '../support/built-server';
import { SEED_BODY } from '../support/fixtures/requests';
import { openRaw, seedPostHead, trickle } from '../support/raw-http';
import { billedRequests } from '../support/simulator-stats';
import { API } from './api-requests';

const BODY = JSON.stringify(SEED_BODY);
const LIMITS = {
  SERVER_HEADERS_TIMEOUT_MS: '500',
  SERVER_REQUEST_TIMEOUT_MS: '1000',
  SIM_CONTROL: '1',
  SIM_LATENCY_MS: '0',
  SIM_JITTER_MS: '0',
};
/** A byte every 100 ms: a whole request would take seconds, past every limit above. */
const TRICKLE_MS = 100;

const head = (port: number) => `${seedPostHead(API, [`Host: 127.0.0.1:${port}`])}\r\n\r\n`;

test.describe('request timeouts', () => {
  test.describe.configure({ mode: 'serial' });
  let server: BuiltServer;

  test.beforeAll(async () => {
    server = await startBuiltServer({
      ...LIMITS,
      KHIPU_ASYNC: '1',
      PUBLIC_BASE_URL: 'http://127.0.0.1:1',
    });
  });
  test.afterAll(() => server?.stop());

  test('a body sent slowly after the headers: 408 with the security headers, cut off, nothing billed', async () => {
    const connection = openRaw(server.port);
    const started = performance.now();
    connection.socket.write(head(server.port));
    void trickle(connection.socket, BODY, TRICKLE_MS);
    const answer = await connection.closed;
    test.info().annotations.push({
      type: 'cut after',
      description: `${Math.round(performance.now() - started)} ms (SERVER_REQUEST_TIMEOUT_MS=1000)`,
    });
    expect(answer.closedByServer).toBe(true);
    expect(answer.status).toBe(408);
    expect(answer.text).toMatch(/^content-security-policy: default-src 'self'/im);
    expect(answer.text).toMatch(/^connection: close/im);
    expect(await billedRequests(server)).toBe(0);
  });

  test('headers sent slowly: 408, cut off', async () => {
    const connection = openRaw(server.port);
    void trickle(connection.socket, head(server.port), TRICKLE_MS);
    const answer = await connection.closed;
    expect(answer.closedByServer).toBe(true);
    expect(answer.status).toBe(408);
    expect(answer.text).toMatch(/^x-content-type-options: nosniff/im);
  });

  test('an idle keep-alive connection outlives those limits and serves its next request', async () => {
    const connection = openRaw(server.port);
    const health = `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`;
    connection.socket.write(health);
    await expect.poll(() => connection.received()).toContain('"status":"ok"');
    // Idle past the headers and request timeouts (the keep-alive one is 65 s).
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    connection.socket.write(health);
    await expect.poll(() => connection.received().match(/HTTP\/1\.1 200/g)?.length).toBe(2);
    connection.socket.destroy();
  });

  test('a result stream lasts past the request timeout: it bounds the request, not the answer', async () => {
    const connection = openRaw(server.port);
    connection.socket.write(
      `GET /api/operations/stream/aaaaaaaaaaaaaaaa HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`,
    );
    await expect.poll(() => connection.received()).toContain('event: ready');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(connection.socket.destroyed).toBe(false);
    expect(connection.received()).not.toContain('408');
    connection.socket.destroy();
  });
});

test('past SERVER_MAX_CONNECTIONS a new connection is closed unanswered, and logged', async () => {
  const server = await startBuiltServer({ SERVER_MAX_CONNECTIONS: '2' });
  try {
    const health = `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`;
    const open = [openRaw(server.port), openRaw(server.port)];
    for (const connection of open) {
      connection.socket.write(health);
      await expect.poll(() => connection.received()).toContain('"status":"ok"');
    }
    const third = openRaw(server.port);
    third.socket.write(health);
    const refused = await third.closed;
    expect(refused.closedByServer).toBe(true);
    expect(refused.status).toBe(0);
    await expect
      .poll(() => server.output())
      .toMatch(/connections refused: 1 since the last report, SERVER_MAX_CONNECTIONS \(2\) open/);
    // One leaves: room for another (once the server has seen it go).
    open[0]?.socket.destroy();
    await expect
      .poll(async () => {
        const next = openRaw(server.port);
        next.socket.write(health.replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n'));
        return (await next.closed).status;
      })
      .toBe(200);
    open[1]?.socket.destroy();
  } finally {
    await server.stop();
  }
});
