// The network upstream: one POST over node:http(s) with a keep-alive pool. It replaces
// fetch(), whose web streams, Request/Response objects and AbortSignal cost the proxy more
// CPU per request than all its own work.
import type { NonSharedBuffer } from 'node:buffer';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable, Transform } from 'node:stream';
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

export function createHttpPost(url: string): (request: UpstreamRequest) => Promise<UpstreamReply> {
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
        readBody(incoming, request.maxResponseBytes).then((bytes) => {
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

/**
 * The whole body, decoded as it streams in, or a rejection: when the connection ends before
 * it does, when it cannot be decoded, or as soon as it goes past `maxBytes` decoded (then
 * the connection is dropped and nothing more is read, so an answer never costs more memory).
 */
function readBody(incoming: IncomingMessage, maxBytes: number): Promise<NonSharedBuffer> {
  return new Promise((resolve, reject) => {
    const chunks: NonSharedBuffer[] = [];
    let size = 0;
    let settled = false;
    let decoders: Transform[] = [];
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      incoming.destroy();
      for (const decoder of decoders) decoder.destroy();
      reject(error);
    };
    try {
      decoders = decodersFor(incoming.headers['content-encoding']);
    } catch (error) {
      return fail(error as Error);
    }
    let body: Readable = incoming;
    for (const decoder of decoders) {
      body.on('error', fail);
      body = body.pipe(decoder);
    }
    body.on('error', fail);
    body.on('data', (chunk: NonSharedBuffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) fail(new UpstreamTooLargeError(incoming.statusCode ?? 502, maxBytes));
      else chunks.push(chunk);
    });
    body.on('end', () => {
      if (settled) return;
      if (!incoming.complete) return fail(new Error('The upstream answer was cut short.'));
      settled = true;
      resolve(chunks.length === 1 ? (chunks[0] as NonSharedBuffer) : Buffer.concat(chunks, size));
    });
    incoming.on('close', () => {
      if (!incoming.complete) fail(new Error('The upstream connection closed mid-answer.'));
    });
  });
}
