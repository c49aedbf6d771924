import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, compressIfWorthIt } from '../../server/proxy/compress-json';

describe('chooseEncoding', () => {
  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['GZIP;q=0.5', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', null],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    ['identity', null],
    ['deflate', null],
    ['', null],
    [undefined, null],
    ['br;q=abc, gzip', 'gzip'],
  ])('%s → %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});

describe('compressIfWorthIt', () => {
  const large = Buffer.from(JSON.stringify({ text: 'Ñuble '.repeat(5000) }));

  it('compresses losslessly in the chosen encoding', async () => {
    const br = await compressIfWorthIt(large, 'gzip, br');
    expect(br?.encoding).toBe('br');
    expect(brotliDecompressSync(br?.bytes as Buffer).equals(large)).toBe(true);
    const gzip = await compressIfWorthIt(large, 'gzip');
    expect(gzip?.encoding).toBe('gzip');
    expect(gunzipSync(gzip?.bytes as Buffer).equals(large)).toBe(true);
  });

  it('compresses a body over 256 KB too (off the event loop), losslessly', async () => {
    const page = Buffer.from(
      JSON.stringify(
        Array.from({ length: 8000 }, (_, i) => ({ IdCaso: `DC-${i}`, Texto: 'Ñuble' })),
      ),
    );
    expect(page.byteLength).toBeGreaterThan(256 * 1024);
    const br = await compressIfWorthIt(page, 'br');
    expect(br?.encoding).toBe('br');
    expect(brotliDecompressSync(br?.bytes as Buffer).equals(page)).toBe(true);
    const gzip = await compressIfWorthIt(page, 'gzip');
    expect(gunzipSync(gzip?.bytes as Buffer).equals(page)).toBe(true);
  });

  it('leaves small bodies and clients without an encoding alone', async () => {
    expect(await compressIfWorthIt(Buffer.from('{"a":1}'), 'br')).toBeUndefined();
    expect(await compressIfWorthIt(large, undefined)).toBeUndefined();
  });
});
