// Opens the browser's connections to this server before a search needs them. A search has
// up to `concurrency` page requests in flight (4 by default), plus one whose body is still
// arriving when the next one leaves; a connection opened then costs a handshake in the
// middle of a round (one or more network round trips, TLS included, when deployed). Light requests at once open them; the server keeps idle
// ones for 65 s (SERVER_KEEP_ALIVE_TIMEOUT_MS, server/config.ts).

/** The default concurrency and one more; a browser opens at most 6 to one host. */
const CONNECTIONS = 5;
/** Sooner than the server's keep-alive, so the connections are still open when used. */
const FRESH_MS = 50_000;

let warmedAt = Number.NEGATIVE_INFINITY;

/**
 * One light request: the server's health, uncached, at low priority (a page request that
 * leaves meanwhile goes first). Never fails: it only warms.
 */
export function lightRequest(): void {
  fetch('/api/health', { cache: 'no-store', priority: 'low' })
    .then((response) => response.body?.cancel())
    .catch(() => {
      // Only a warm-up: a search opens what it needs.
    });
}

export function warmConnections(now = performance.now()): void {
  if (now - warmedAt < FRESH_MS || typeof fetch !== 'function') return;
  warmedAt = now;
  for (let i = 0; i < CONNECTIONS; i++) lightRequest();
}
