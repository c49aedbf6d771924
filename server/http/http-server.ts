// The production HTTP server around the app's request listener: how long a client may take
// to send a request, how long an idle connection is kept, how many connections at once, and
// the answer to requests Node's parser refuses.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { ConnectionLimits } from '../config';
import { answerClientError } from './client-error';

/** Node's own interval; shorter timeouts are checked more often, or they would run late. */
const MAX_CHECK_INTERVAL_MS = 30_000;
const MIN_CHECK_INTERVAL_MS = 50;
/** At most one line a minute about refused connections, however many there are. */
const DROP_LOG_INTERVAL_MS = 60_000;

/**
 * How often Node looks for requests past their headers or request timeout: a quarter of the
 * shorter one, so a slow client is cut within a quarter of its timeout beyond it.
 */
export function checkIntervalMs(limits: ConnectionLimits): number {
  const shorter = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return Math.min(MAX_CHECK_INTERVAL_MS, Math.max(MIN_CHECK_INTERVAL_MS, Math.floor(shorter / 4)));
}

export function createHttpServer(
  listener: RequestListener,
  limits: ConnectionLimits,
  log: (line: string) => void = console.log,
): Server {
  // requestTimeout bounds receiving the request (headers and body), never the answer: a
  // result stream (GET /api/operations/stream/…) or a slow upstream call is not cut by it.
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: checkIntervalMs(limits),
    },
    listener,
  );
  server.maxConnections = limits.maxConnections;
  server.on('clientError', answerClientError);
  let dropped = 0;
  let reportedAt = Number.NEGATIVE_INFINITY;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const report = () => {
    pending = undefined;
    log(
      `connections refused: ${dropped} since the last report, SERVER_MAX_CONNECTIONS (${limits.maxConnections}) open`,
    );
    dropped = 0;
    reportedAt = Date.now();
  };
  server.on('drop', () => {
    dropped++;
    if (pending !== undefined) return;
    const waitMs = reportedAt + DROP_LOG_INTERVAL_MS - Date.now();
    if (waitMs <= 0) report();
    // The drops within the minute are reported at its end, even if none follow.
    else pending = setTimeout(report, waitMs).unref();
  });
  return server;
}
