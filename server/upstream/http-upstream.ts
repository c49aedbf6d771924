// The network upstream: one POST over node:http(s) with a keep-alive pool. It replaces
// fetch(), whose web streams, Request/Response objects and AbortSignal cost the proxy more
// CPU per request than all its own work.
import type { NonSharedBuffer } from 'node:buffer';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable, Transform } from 'node:stream';
import type { AnswerMemory } from './answer-memory';
import { decodersFor } from './content-decoding';
import {
  type UpstreamReply,
  type UpstreamRequest,
  UpstreamTimeoutError,
  UpstreamTooLargeError,
} from './upstream-contract';

/** Enough for the browser's parallel page loads of several users without queueing. */
const MAX_SOCKETS = 64;
// Idle sockets close before common server keep-alive timeouts (5 s in Node, more behind
// load balancers), so a request never goes out on a socket the server is closing.
const IDLE_SOCKET_MS = 4_000;

/**
 * POSTs to `url`; the answers being read hold at most `memory`'s bytes together (and each at
 * most its request's `maxResponseBytes`).
 */
export function createHttpPost(
  url: string,
  memory: AnswerMemory,
): (request: UpstreamRequest) => Promise<UpstreamReply> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const agentOptions = { keepAlive: true, maxSockets: MAX_SOCKETS, timeout: IDLE_SOCKET_MS };
  const agent = secure ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const send = secure ? httpsRequest : httpRequest;
  const where = {
    protocol: target.protocol,
    hostname: target.hostname,
    port: target.port,
    path: target.pathname,
    method: 'POST',
    agent,
  };

  return (request) =>
    new Promise<UpstreamReply>((resolve, reject) => {
      const outgoing = send({
        ...where,
        headers: {
          ...request.headers,
          'accept-encoding': 'gzip, deflate, br',
          'content-length': String(Buffer.byteLength(request.body)),
        },
      });
      // The first of these settles the promise; the others are then no-ops.
      const fail = (error: Error) => {
        clearTimeout(timer);
        outgoing.destroy();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new UpstreamTimeoutError(request.timeoutMs)),
        request.timeoutMs,
      );
      outgoing.on('error', fail);
      outgoing.on('response', (incoming) => {
        readBody(incoming, request.maxResponseBytes, memory).then((bytes) => {
          clearTimeout(timer);
          resolve(replyOf(incoming, bytes));
        }, fail);
      });
      outgoing.end(request.body);
    });
}

function replyOf(incoming: IncomingMessage, bytes: NonSharedBuffer): UpstreamReply {
  const retryAfter = incoming.headers['retry-after'];
  return {
    status: incoming.statusCode ?? 502,
    contentType: incoming.headers['content-type'],
    retryAfter: retryAfter ?? null,
    bytes,
  };
}

/** The Content-Length the upstream declared, when it did (and it reads as one). */
function declaredLength(incoming: IncomingMessage): number | undefined {
  const value = incoming.headers['content-length'];
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

/**
 * The whole body, decoded as it streams in, or a rejection: when the connection ends before
 * it does, when it cannot be decoded, or as soon as it goes past `maxBytes` decoded or is
 * the largest when the answers being read go past `memory` (then the connection is dropped
 * and nothing more is read, so an answer never costs more memory).
 */
function readBody(
  incoming: IncomingMessage,
  maxBytes: number,
  memory: AnswerMemory,
): Promise<NonSharedBuffer> {
  return new Promise((resolve, reject) => {
    const status = incoming.statusCode ?? 502;
    const chunks: NonSharedBuffer[] = [];
    let settled = false;
    let decoders: Transform[] = [];
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      share.release();
      incoming.destroy();
      for (const decoder of decoders) decoder.destroy();
      reject(error);
    };
    const share = memory.open(() =>
      fail(new UpstreamTooLargeError(status, 'together', memory.maxBytes)),
    );
    try {
      decoders = decodersFor(incoming.headers['content-encoding']);
    } catch (error) {
      return fail(error as Error);
    }
    // A body sent as is says its size: past the bound it is refused before it is read, and
    // otherwise it is read into one buffer of that size (no list of chunks, no copy of them).
    const declared = decoders.length === 0 ? declaredLength(incoming) : undefined;
    if (declared !== undefined && declared > maxBytes) {
      return fail(new UpstreamTooLargeError(status, 'answer', maxBytes));
    }
    if (declared !== undefined && !share.take(declared)) return;
    const whole = declared === undefined ? undefined : Buffer.allocUnsafe(declared);
    let size = 0;
    let body: Readable = incoming;
    for (const decoder of decoders) {
      body.on('error', fail);
      body = body.pipe(decoder);
    }
    body.on('error', fail);
    body.on('data', (chunk: NonSharedBuffer) => {
      if (settled) return;
      const at = size;
      size += chunk.length;
      if (size > maxBytes) fail(new UpstreamTooLargeError(status, 'answer', maxBytes));
      else if (whole === undefined) {
        if (share.take(chunk.length)) chunks.push(chunk);
      } else if (size > whole.length) fail(new Error('The upstream sent more than it declared.'));
      else chunk.copy(whole, at);
    });
    body.on('end', () => {
      if (settled) return;
      if (!incoming.complete) return fail(new Error('The upstream answer was cut short.'));
      settled = true;
      share.release();
      // A status without a body (204, 304) may still declare a length.
      if (whole !== undefined) return resolve(whole.subarray(0, size));
      resolve(chunks.length === 1 ? (chunks[0] as NonSharedBuffer) : Buffer.concat(chunks, size));
    });
    incoming.on('close', () => {
      if (!incoming.complete) fail(new Error('The upstream connection closed mid-answer.'));
    });
  });
}
