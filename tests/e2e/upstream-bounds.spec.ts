// What the built server spends and holds for the upstream, over real connections: a request
// whose browser left while it waited for an upstream slot is never sent (nor billed), an
// answer past KHIPU_MAX_RESPONSE_MB is cut off as it streams in, in bounded memory, and so
// is the largest of many answers that go past KHIPU_RESPONSES_MEMORY_MB together.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { auditLines, type BuiltServer, startBuiltServer } from '../support/built-server';
import { seedPage } from '../support/fixtures/requests';
import { OK_BODY, recordingUpstream } from '../support/upstream-double';
import { API } from './api-requests';

const pageBody = (n: number) => JSON.stringify(seedPage(n));

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
    const audit = auditLines(server);
    expect(audit).toHaveLength(1);
  } finally {
    await server?.stop();
    await upstream.close();
  }
});

/** The server's peak resident memory so far, MB (VmHWM). */
function peakRssMb(server: BuiltServer): number {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]) / 1024;
}

const MB = 1024 * 1024;

test('an answer past KHIPU_MAX_RESPONSE_MB is refused with 502 X015, in bounded memory', async () => {
  // 600 gzip members of 1 MB of spaces each: ~600 KB that decode to 600 MB.
  const bomb = Buffer.concat(Array(600).fill(gzipSync(Buffer.alloc(MB, 0x20), { level: 9 })));
  // A plain body twice the default limit (32 MB).
  const large = Buffer.alloc(64 * MB, 0x20);
  const upstream = await recordingUpstream((request) => {
    const page = JSON.parse(request.body).RequestData.Paginas;
    if (page === '0') return { body: bomb, headers: { 'content-encoding': 'gzip' } };
    if (page === '1') return { body: large };
    return { body: OK_BODY };
  });
  let server: BuiltServer | undefined;
  try {
    server = await startBuiltServer({ KHIPU_BASE_URL: upstream.baseUrl, KHIPU_JWT: 'x' });
    const post = (n: number) =>
      fetch(`${server?.url}${API}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: pageBody(n),
      });
    for (const n of [0, 1]) {
      const answer = await post(n);
      expect(answer.status).toBe(502);
      expect(await answer.json()).toMatchObject({
        Status: 'ERROR',
        Error: { Code: 'X015', Type: 'DO_NOT_RETRY' },
      });
    }
    // Still serving, with room to spare.
    expect((await post(2)).status).toBe(200);
    const peak = peakRssMb(server);
    console.log(`server peak RSS: ${peak.toFixed(0)} MB`);
    expect(peak).toBeLessThan(400);
    const audit = auditLines(server);
    expect(audit.slice(0, 2).map((line) => / status=200 code=X015 /.test(line))).toEqual([
      true,
      true,
    ]);
  } finally {
    await server?.stop();
    await upstream.close();
  }
});

test('sixteen large answers at once stay within the memory the answers share', async () => {
  // Each decodes to 30 MB of JSON (within KHIPU_MAX_RESPONSE_MB), ~30 KB on the wire: 480 MB
  // together, past KHIPU_RESPONSES_MEMORY_MB (64 MB by default).
  const large = gzipSync(
    Buffer.concat([
      Buffer.from('{"Status":"OK","Relleno":"'),
      Buffer.alloc(30 * MB, 0x78),
      Buffer.from('"}'),
    ]),
  );
  const upstream = await recordingUpstream(() => ({
    body: large,
    headers: { 'content-encoding': 'gzip' },
  }));
  let server: BuiltServer | undefined;
  try {
    server = await startBuiltServer({ KHIPU_BASE_URL: upstream.baseUrl, KHIPU_JWT: 'x' });
    const url = `${server.url}${API}`;
    const answers = await Promise.all(
      Array.from({ length: 16 }, async (_, n) => {
        const answer = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: pageBody(n),
        });
        const body = await answer.text();
        return { status: answer.status, code: answer.ok ? null : JSON.parse(body).Error?.Code };
      }),
    );
    const cut = answers.filter((answer) => answer.status === 502);
    const peak = peakRssMb(server);
    console.log(`server peak RSS: ${peak.toFixed(0)} MB, ${cut.length} of 16 cut`);
    expect(upstream.requests).toHaveLength(16);
    // The largest are cut with X015; the others go through whole.
    expect(cut.every((answer) => answer.code === 'X015')).toBe(true);
    expect(cut.length).toBeGreaterThan(0);
    expect(answers.filter((answer) => answer.status === 200).length).toBe(16 - cut.length);
    expect(answers.length - cut.length).toBeGreaterThan(0);
    expect(peak).toBeLessThan(400);
  } finally {
    await server?.stop();
    await upstream.close();
  }
});
