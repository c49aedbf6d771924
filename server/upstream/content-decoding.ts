// Undoes an HTTP Content-Encoding (gzip, deflate, br) as the body streams in, on zlib's
// thread pool. A corrupt, truncated or wrong-length body errors: it never becomes an answer.
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

// Each output chunk is a trip to the thread pool and back: 64 KiB rather than zlib's 16
// make a large page a few trips instead of dozens.
const options = { chunkSize: 64 * 1024 };
const decoders: Record<string, () => Transform> = {
  gzip: () => createGunzip(options),
  'x-gzip': () => createGunzip(options),
  deflate: () => createInflate(options),
  br: () => createBrotliDecompress(options),
};

export class UnsupportedEncodingError extends Error {
  override name = 'UnsupportedEncodingError';
}

/**
 * The streams that undo every listed coding, in the order the body goes through them (the
 * last applied is undone first); none when the body is not encoded.
 */
export function decodersFor(encoding: string | undefined): Transform[] {
  if (encoding === undefined) return [];
  const codings = encoding
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  return codings.reverse().map((coding) => {
    const decoder = decoders[coding];
    if (decoder === undefined) throw new UnsupportedEncodingError(`Content-Encoding ${coding}`);
    return decoder();
  });
}
