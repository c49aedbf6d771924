// The last step: what the browser is told of a billed request, and what is kept.
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../../../server/proxy/proxy-cache';
import { answerWith, upstreamAnswer } from '../../../server/proxy/steps/answer';
import { UNSENT, type UpstreamOutcome } from '../../../server/proxy/upstream-outcome';
import { answered } from '../../support/fixtures/upstream-outcomes';

const newAnswering = (withLanes = false) => ({
  cache: new ResponseCache({ ttlMs: 60_000, maxBytes: 10_000_000 }),
  withLanes,
});
const answeredWith = (
  status: number,
  body: string,
  page: { items: number; total: number } | null,
  retryAfter: string | null = null,
): UpstreamOutcome => answered(status, page, { body, retryAfter });

describe('answerWith', () => {
  it('answers a request dropped unsent with 499 and keeps nothing', async () => {
    const answering = newAnswering();
    const answer = await answerWith(answering, 'k', UNSENT, 'MISS', undefined);
    expect(answer.status).toBe(499);
    expect(answering.cache.size).toBe(0);
  });

  it("answers a failure with the proxy's own answer, and keeps nothing", async () => {
    const answering = newAnswering();
    const failed: UpstreamOutcome = {
      kind: 'failed',
      upstreamStatus: null,
      code: 'X001',
      response: () => new Response('failed', { status: 502 }),
    };
    const answer = await answerWith(answering, 'k', failed, 'MISS', undefined);
    expect([answer.status, await answer.text()]).toEqual([502, 'failed']);
    expect(answering.cache.size).toBe(0);
  });

  it('passes a checked page on byte for byte with its items and total, and keeps it', async () => {
    const answering = newAnswering(true);
    const outcome = answeredWith(200, '{"page":3}', { items: 200, total: 4575 });
    const answer = await answerWith(answering, 'k', outcome, 'MISS', undefined);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('{"page":3}');
    expect(Object.fromEntries(answer.headers)).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-proxy-cache': 'MISS',
      'x-page-items': '200',
      'x-page-total': '4575',
      'x-search-lanes': '1',
    });
    expect(answering.cache.get('k')).toMatchObject({
      status: 200,
      page: { items: 200, total: 4575 },
    });
  });

  it('passes any other answer on as it came, with Retry-After, and does not keep it', async () => {
    const answering = newAnswering();
    const outcome = answeredWith(503, '{"Status":"ERROR"}', null, '30');
    const answer = await answerWith(answering, 'k', outcome, 'COALESCED', undefined);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('30');
    expect(answer.headers.get('x-proxy-cache')).toBe('COALESCED');
    expect(answer.headers.get('x-page-items')).toBeNull();
    expect(answer.headers.get('x-search-lanes')).toBeNull();
    expect(answering.cache.size).toBe(0);
  });
});

describe('upstreamAnswer', () => {
  it('compresses a large answer for a browser that takes it', async () => {
    const body = JSON.stringify({ rows: Array.from({ length: 2000 }, (_, i) => ({ i })) });
    const bytes = new Uint8Array(Buffer.from(body));
    const plain = await upstreamAnswer(200, bytes, null, 'MISS', { acceptEncoding: undefined });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const compressed = await upstreamAnswer(200, bytes, null, 'MISS', { acceptEncoding: 'br' });
    expect(compressed.headers.get('content-encoding')).toBe('br');
    const decoded = brotliDecompressSync(Buffer.from(await compressed.arrayBuffer()));
    expect(decoded.toString()).toBe(body);
  });
});
