// What the built server spends on the upstream's account, over real connections: a request
// whose browser left while it waited for an upstream slot is never sent (nor billed).
import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';
import { type BuiltServer, startBuiltServer } from '../support/built-server';
import { OK_BODY, recordingUpstream, SEED_BODY } from '../support/upstream-double';
import { API } from './api-requests';

const pageBody = (n: number) =>
  JSON.stringify({ RequestData: { ...SEED_BODY.RequestData, Paginas: String(n) } });

/** POSTs page `n` and closes the connection after `leaveAfterMs`, as a browser that gave up. */
function postAndLeave(server: BuiltServer, n: number, leaveAfterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const body = pageBody(n);
    const outgoing = httpRequest(`${server.url}${API}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    outgoing.on('error', () => resolve());
    outgoing.on('close', () => resolve());
    outgoing.end(body);
    setTimeout(() => outgoing.destroy(), leaveAfterMs);
  });
}

test('requests abandoned while they wait for an upstream slot are never sent', async () => {
  const upstream = await recordingUpstream(() => ({ body: OK_BODY, delayMs: 1500 }));
  let server: BuiltServer | undefined;
  try {
    server = await startBuiltServer({
      KHIPU_BASE_URL: upstream.baseUrl,
      KHIPU_JWT: 'x',
      PROXY_MAX_CONCURRENT: '1',
    });
    const started = server;
    await Promise.all([0, 1, 2, 3, 4, 5].map((n) => postAndLeave(started, n, 400)));
    // Past the one request that held the slot: a request sent after it would show by now.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(upstream.requests).toHaveLength(1);
    const audit = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('audit '));
    expect(audit).toHaveLength(1);
  } finally {
    await server?.stop();
    await upstream.close();
  }
});
