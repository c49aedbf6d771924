// Compression of API answers: gzip at level 1 on zlib's thread pool. A page of 1,000 cases
// is ~600 KB of JSON; level 1 still shrinks it ~10× while costing a third of the default
// level's time, and it runs off the event loop (hono/compress runs in line at level 6).
import type { NonSharedBuffer } from 'node:buffer';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
// Below this, compressing costs more than it saves (on loopback and on a LAN alike).
const MIN_BYTES = 16 * 1024;

/** The gzipped bytes when the client accepts gzip and the body is worth it; else undefined. */
export async function gzipIfWorthIt(
  bytes: Uint8Array,
  acceptEncoding: string | undefined,
): Promise<NonSharedBuffer | undefined> {
  if (bytes.byteLength < MIN_BYTES || !/\bgzip\b/i.test(acceptEncoding ?? '')) return undefined;
  return gzipAsync(bytes, { level: constants.Z_BEST_SPEED });
}
