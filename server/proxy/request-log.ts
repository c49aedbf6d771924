// One line per API request: method, path, status and time; never a header or a body (they
// hold secrets and personal data).
import type { MiddlewareHandler } from 'hono';

/**
 * The URL's path as sent, query left out. It stays percent-encoded (c.req.path decodes it),
 * so an encoded line break cannot forge a log line; and it costs no `new URL()`.
 */
function encodedPath(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  const end = url.slice(start).search(/[?#]/);
  return end === -1 ? url.slice(start) : url.slice(start, start + end);
}

/** The part of an asynchronous-mode path that works as a key: a token, stream id or handle. */
const SECRET_PATH_PART = /(\/api\/(?:callbacks\/cenhub|operations(?:\/stream)?)\/)[^/]+/;

export function logRequests(log: (line: string) => void): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const ms = (performance.now() - started).toFixed(1);
    // A callback token is a secret until used: never in a log.
    // Stream ids and handles act as keys to results: not in a log either.
    const path = encodedPath(c.req.url).replace(SECRET_PATH_PART, '$1…');
    log(`${c.req.method} ${path} ${c.res.status} ${ms}ms`);
  };
}
