// Opens the browser's connections to this server before a search needs them. A search has
// up to `concurrency` page requests in flight, plus one whose body is still arriving when
// the next one leaves; a connection opened then costs a handshake in the middle of a round
// (10–25 ms measured on loopback here; one or more network round trips, TLS included, when
// deployed). A browser opens at most 6 connections to one host: 6 light requests at once
// open them all, and the server keeps idle ones for 65 s (server/main.ts).

const CONNECTIONS = 6;
/** Sooner than the server's keep-alive, so the connections are still open when used. */
const FRESH_MS = 50_000;

let warmedAt = Number.NEGATIVE_INFINITY;

export function warmConnections(now = performance.now()): void {
  if (now - warmedAt < FRESH_MS || typeof fetch !== 'function') return;
  warmedAt = now;
  for (let i = 0; i < CONNECTIONS; i++) {
    fetch('/api/health', { cache: 'no-store' })
      .then((response) => response.body?.cancel())
      .catch(() => {
        // Only a warm-up: the search will open what it needs.
      });
  }
}
