// Compression of API answers: gzip at level 1 on zlib's thread pool. A page of 1,000 cases
// is ~600 KB of JSON; level 1 still shrinks it ~10× while costing a third of the default
// level's time, and it runs off the event loop (hono/compress runs in line at level 6).
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

const gzipAsync = promisify(gzip);
// Below this, compressing costs more than it saves (on loopback and on a LAN alike).
const MIN_BYTES = 16 * 1024;

export function compressJson(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const response = c.res;
    const accepts = /\bgzip\b/i.test(c.req.header('accept-encoding') ?? '');
    if (
      !accepts ||
      response.headers.has('content-encoding') ||
      !/json/i.test(response.headers.get('content-type') ?? '') ||
      response.body === null
    ) {
      return;
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    const headers = new Headers(response.headers);
    headers.append('vary', 'Accept-Encoding');
    if (bytes.byteLength < MIN_BYTES) {
      c.res = new Response(bytes, { status: response.status, headers });
      return;
    }
    const zipped = await gzipAsync(bytes, { level: constants.Z_BEST_SPEED });
    headers.set('content-encoding', 'gzip');
    headers.delete('content-length');
    c.res = new Response(new Uint8Array(zipped), { status: response.status, headers });
  };
}
