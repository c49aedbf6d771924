// How the upstream's answer, or its failure, becomes the proxy's outcome.
import type { NonSharedBuffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { callUpstream } from '../../../server/proxy/upstream-outcome';
import {
  type Upstream,
  type UpstreamReply,
  UpstreamTimeoutError,
  UpstreamTooLargeError,
} from '../../../server/upstream/upstream-contract';
import { OK_BODY } from '../../support/upstream-double';

const request = { headers: {}, body: '{}', timeoutMs: 500, maxResponseBytes: 2 * 1024 * 1024 };
const keep = (bytes: NonSharedBuffer) => bytes;
const upstreamOf = (post: () => Promise<UpstreamReply>): Upstream => ({
  auth: { mode: 'jwt', token: 't' },
  post,
});
const reply = (status: number, body: string, contentType = 'application/json'): UpstreamReply => ({
  status,
  contentType,
  retryAfter: status === 503 ? '7' : null,
  bytes: Buffer.from(body),
});

async function errorOf(outcome: Awaited<ReturnType<typeof callUpstream>>) {
  if (outcome.kind !== 'failed') throw new Error(`answered ${outcome.status}`);
  const answer = outcome.response();
  return {
    status: answer.status,
    retryAfter: answer.headers.get('retry-after'),
    ...(await answer.json()).Error,
  };
}

describe('callUpstream', () => {
  it('gives a checked page with its items and total', async () => {
    const outcome = await callUpstream(
      upstreamOf(async () => reply(200, OK_BODY)),
      request,
      keep,
    );
    expect(outcome).toMatchObject({ kind: 'answered', status: 200, page: { items: 0, total: 0 } });
  });

  it('passes other JSON on unchecked: no page facts', async () => {
    const outcome = await callUpstream(
      upstreamOf(async () => reply(503, '{"Status":"ERROR"}')),
      request,
      keep,
    );
    expect(outcome).toMatchObject({ kind: 'answered', status: 503, retryAfter: '7', page: null });
  });

  it('checks the body as redacted', async () => {
    const outcome = await callUpstream(
      upstreamOf(async () => reply(200, OK_BODY)),
      request,
      () => Buffer.from('not json'),
    );
    expect(await errorOf(outcome)).toMatchObject({ status: 502, Code: 'X003' });
  });

  it('answers a timeout 504 X002, naming the seconds waited', async () => {
    const outcome = await callUpstream(
      upstreamOf(async () => {
        throw new UpstreamTimeoutError(500);
      }),
      request,
      keep,
    );
    expect(await errorOf(outcome)).toMatchObject({
      status: 504,
      Code: 'X002',
      Type: 'RETRY_IMMEDIATELY',
      Description: expect.stringContaining('0,5 s'),
    });
  });

  it('answers an answer cut off as too large 502 X015, DO_NOT_RETRY', async () => {
    const outcome = await callUpstream(
      upstreamOf(async () => {
        throw new UpstreamTooLargeError(200, 'answer', 2 * 1024 * 1024);
      }),
      request,
      keep,
    );
    expect(outcome).toMatchObject({ upstreamStatus: 200 });
    expect(await errorOf(outcome)).toMatchObject({
      status: 502,
      Code: 'X015',
      Type: 'DO_NOT_RETRY',
    });
  });

  it('answers a network failure 502 X001', async () => {
    const outcome = await callUpstream(
      upstreamOf(async () => {
        throw new Error('ECONNRESET');
      }),
      request,
      keep,
    );
    expect(await errorOf(outcome)).toMatchObject({
      status: 502,
      Code: 'X001',
      Type: 'RETRY_IMMEDIATELY',
    });
  });

  it('answers what is not JSON with X003: 502 for a 5xx, the status of a 4xx', async () => {
    const html = await callUpstream(
      upstreamOf(async () => reply(500, '<html>', 'text/html')),
      request,
      keep,
    );
    expect(await errorOf(html)).toMatchObject({
      status: 502,
      Code: 'X003',
      Type: 'RETRY_IMMEDIATELY',
    });
    const refused = await callUpstream(
      upstreamOf(async () => reply(404, '', 'text/plain')),
      request,
      keep,
    );
    expect(await errorOf(refused)).toMatchObject({
      status: 404,
      Code: 'X003',
      Type: 'DO_NOT_RETRY',
    });
    const slowDown = await callUpstream(
      upstreamOf(async () => reply(429, 'busy', 'text/plain')),
      request,
      keep,
    );
    expect(await errorOf(slowDown)).toMatchObject({ status: 429, Type: 'RETRY_IMMEDIATELY' });
    const unavailable = await callUpstream(
      upstreamOf(async () => reply(503, '', 'text/plain')),
      request,
      keep,
    );
    expect(await errorOf(unavailable)).toMatchObject({ status: 502, retryAfter: '7' });
  });
});
