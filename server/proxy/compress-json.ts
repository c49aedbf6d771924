// Compression of API answers: in line when small, else on zlib's thread pool (hono/compress
// runs in line at gzip level 6 whatever the size). Brotli at quality 1 when the client takes
// it: a page of 1,000 cases (~600 KB of JSON) takes ~0.9 ms and ~53 KB, where gzip at its
// fastest level takes ~2.4 ms and ~67 KB. On this 2-core machine the server shares the cores
// with the browser it answers.
import type { NonSharedBuffer } from 'node:buffer';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';

// Below this, compressing costs more than it saves (on loopback and on a LAN alike).
const MIN_BYTES = 16 * 1024;
/**
 * Below this, in line: brotli takes ~0.3 ms for 120 KB, while the thread pool's round trip
 * adds ~0.5 ms and, when the cores are busy, several more before the answer can leave.
 */
const IN_LINE_MAX_BYTES = 256 * 1024;

export type ContentEncoding = 'br' | 'gzip';

/**
 * The encoding to answer with, from an Accept-Encoding header: brotli, else gzip, each only
 * when the header accepts it (by name, or by `*`, with a q-value above 0).
 */
export function chooseEncoding(acceptEncoding: string | undefined): ContentEncoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (name === '') continue;
    const q = params.find((param) => param.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const accepts = (name: string) => (weights.get(name) ?? weights.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return null;
}

type Compress = (bytes: Uint8Array, sizeHint: number) => NonSharedBuffer;
type CompressAsync = (bytes: Uint8Array, sizeHint: number) => Promise<NonSharedBuffer>;

const brotliOptions = (sizeHint: number) => ({
  params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_SIZE_HINT]: sizeHint },
});
const gzipOptions = { level: constants.Z_BEST_SPEED };
const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Each encoding in line and on the thread pool, with the same settings. */
const CODECS: Record<ContentEncoding, { inLine: Compress; pooled: CompressAsync }> = {
  br: {
    inLine: (bytes, size) => brotliCompressSync(bytes, brotliOptions(size)),
    pooled: (bytes, size) => brotliAsync(bytes, brotliOptions(size)),
  },
  gzip: {
    inLine: (bytes) => gzipSync(bytes, gzipOptions),
    pooled: (bytes) => gzipAsync(bytes, gzipOptions),
  },
};

/** The compressed bytes and their encoding, when the client takes one and it is worth it. */
export async function compressIfWorthIt(
  bytes: Uint8Array,
  acceptEncoding: string | undefined,
): Promise<{ bytes: NonSharedBuffer; encoding: ContentEncoding } | undefined> {
  if (bytes.byteLength < MIN_BYTES) return undefined;
  const encoding = chooseEncoding(acceptEncoding);
  if (encoding === null) return undefined;
  const codec = CODECS[encoding];
  const size = bytes.byteLength;
  const compressed =
    size <= IN_LINE_MAX_BYTES ? codec.inLine(bytes, size) : await codec.pooled(bytes, size);
  return { bytes: compressed, encoding };
}
