import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectUpstreamJson } from '../../server/upstream-json';

/** The reference: a strict UTF-8 decoding (BOM dropped), then JSON.parse. */
function reference(bytes: Uint8Array) {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  const envelope = value as { Status?: unknown; Data?: unknown } | null;
  return { okWithData: envelope?.Status === 'OK' && envelope.Data != null };
}

describe('inspectUpstreamJson', () => {
  it.each([
    ['an OK answer with data', '{"Status":"OK","Data":{"Descripcion":"Café \\"ñandú\\""}}', true],
    ['an OK answer without data', '{"Status":"OK","Data":null}', false],
    ['an error answer', '{"Status":"ERROR","Data":{}}', false],
    ['an escaped OK', '{"St\\u0061tus":"\\u004fK","Data":[]}', true],
    ['a non-ASCII status', '{"Status":"OKé","Data":{}}', false],
    ['JSON null', 'null', false],
  ])('reads %s', (_name, text, okWithData) => {
    expect(inspectUpstreamJson(Buffer.from(text))).toEqual({ okWithData });
  });

  it('accepts a leading byte order mark, as browsers do', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"Status":"OK"}')]);
    expect(inspectUpstreamJson(bytes)).toEqual({ okWithData: false });
  });

  it.each([
    ['truncated JSON', Buffer.from('{"Status":"OK","Data":{')],
    ['HTML', Buffer.from('<html></html>')],
    ['invalid UTF-8 inside a string', Buffer.from([0x22, 0xc3, 0x28, 0x22])],
    ['a lone continuation byte', Buffer.from([0x22, 0x80, 0x22])],
    ['empty', Buffer.alloc(0)],
  ])('refuses %s', (_name, bytes) => {
    expect(inspectUpstreamJson(bytes)).toBeUndefined();
  });

  it('agrees with strict UTF-8 decoding and JSON.parse, for any JSON, text or bytes', () => {
    const anyBytes = fc.oneof(
      fc.json().map((text) => Buffer.from(text)),
      fc.string({ unit: 'grapheme' }).map((text) => Buffer.from(text)),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
      fc
        .tuple(fc.json(), fc.nat(), fc.integer({ min: 0x80, max: 0xff }))
        .map(([text, at, byte]) => {
          const bytes = Buffer.from(`{"Status":"OK","Data":${text}}`);
          bytes[at % bytes.length] = byte;
          return bytes;
        }),
    );
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        expect(inspectUpstreamJson(bytes)).toEqual(reference(bytes));
      }),
      { numRuns: 3000 },
    );
  });
});
