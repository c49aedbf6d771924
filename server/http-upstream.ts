// The network upstream: one POST over node:http(s) with a keep-alive pool. It replaces
// fetch(), whose web streams, Request/Response objects and AbortSignal cost the proxy more
// CPU per request than all its own work.
import type { NonSharedBuffer } from 'node:buffer';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { decodeContent } from './content-decoding';
import {
  type UpstreamReply,
  type UpstreamRequest,
  UpstreamTimeoutError,
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
        readBody(incoming)
          .then((raw) => decodeContent(raw, incoming.headers['content-encoding']))
          .then((bytes) => {
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

/** The whole body, or a rejection when the connection ends before it does. */
function readBody(incoming: IncomingMessage): Promise<NonSharedBuffer> {
  return new Promise((resolve, reject) => {
    const chunks: NonSharedBuffer[] = [];
    let ended = false;
    incoming.on('data', (chunk: NonSharedBuffer) => chunks.push(chunk));
    incoming.on('error', reject);
    incoming.on('end', () => {
      ended = true;
      if (incoming.complete)
        resolve(chunks.length === 1 ? (chunks[0] as NonSharedBuffer) : Buffer.concat(chunks));
      else reject(new Error('The upstream answer was cut short.'));
    });
    incoming.on('close', () => {
      if (!ended) reject(new Error('The upstream connection closed mid-answer.'));
    });
  });
}
