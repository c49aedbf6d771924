// Undoes an HTTP Content-Encoding (gzip, deflate, br) off the event loop, on zlib's thread
// pool. A corrupt, truncated or wrong-length body rejects: it never becomes an answer.
import type { NonSharedBuffer } from 'node:buffer';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';

const decoders: Record<string, (bytes: Uint8Array) => Promise<NonSharedBuffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

export class UnsupportedEncodingError extends Error {
  override name = 'UnsupportedEncodingError';
}

/** The body with every listed coding undone (last applied, first undone). */
export async function decodeContent(
  bytes: NonSharedBuffer,
  encoding: string | undefined,
): Promise<NonSharedBuffer> {
  if (encoding === undefined) return bytes;
  const codings = encoding
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  let decoded = bytes;
  for (const coding of codings.reverse()) {
    const decode = decoders[coding];
    if (decode === undefined) throw new UnsupportedEncodingError(`Content-Encoding ${coding}`);
    decoded = await decode(decoded);
  }
  return decoded;
}
