import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseResponseEnvelope } from '@/contract/response';
import { inspectUpstreamJson } from '../../server/upstream/upstream-json';

/** The reference: a strict UTF-8 decoding (BOM dropped), then JSON.parse. */
function reference(bytes: Uint8Array) {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  const envelope = value as { Status?: unknown; Data?: unknown } | null;
  return {
    worthKeeping:
      envelope?.Status === 'OK' && envelope.Data != null && parseResponseEnvelope(value).ok,
  };
}

/** Whether the proxy keeps the answer (a page the contract accepts); undefined: not JSON. */
const kept = (bytes: Uint8Array) => {
  const json = inspectUpstreamJson(Buffer.from(bytes));
  return json === undefined ? undefined : { worthKeeping: json.page !== null };
};

/** A whole envelope around a `NonconformitiesList`, as JSON text. */
const envelope = (list: string, status = '"OK"') =>
  `{"OperationId":"op","Status":${status},"Data":{"NonconformitiesList":${list}},"AdditionalInformation":null,"Error":null,"LifeSpan":null}`;

describe('inspectUpstreamJson', () => {
  const items = '[{"IdCaso":"C-1","Descripcion":"Café \\"ñandú\\"","MontoNeto":"1.234"}]';
  it.each([
    [
      'an OK answer with data',
      envelope(`{"TotalDisconformidades":1,"Disconformidades":${items}}`),
      true,
    ],
    ['an OK answer without data', '{"Status":"OK","Data":null}', false],
    [
      'an error answer',
      envelope('{"TotalDisconformidades":0,"Disconformidades":[]}', '"ERROR"'),
      false,
    ],
    [
      'an escaped OK',
      envelope('{"TotalDisconformidades":0,"Disconformidades":[]}', '"\\u004fK"'),
      true,
    ],
    [
      'a non-ASCII status',
      envelope('{"TotalDisconformidades":0,"Disconformidades":[]}', '"OKé"'),
      false,
    ],
    ['JSON null', 'null', false],
    // Answers the browser refuses: kept, they would be served after the API recovers.
    ['an OK answer with no envelope around Data', '{"Status":"OK","Data":{"x":1}}', false],
    [
      'Disconformidades not a list',
      envelope('{"TotalDisconformidades":1,"Disconformidades":{}}'),
      false,
    ],
    ['a negative total', envelope('{"TotalDisconformidades":-1,"Disconformidades":[]}'), false],
    ['a total as text', envelope('{"TotalDisconformidades":"1","Disconformidades":[]}'), false],
    [
      'an item of wrong types',
      envelope('{"TotalDisconformidades":1,"Disconformidades":[{"MontoNeto":"mucho"}]}'),
      false,
    ],
  ])('reads %s', (_name, text, worthKeeping) => {
    expect(kept(Buffer.from(text))?.worthKeeping).toBe(worthKeeping);
  });

  it('accepts a leading byte order mark, as browsers do', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"Status":"OK"}')]);
    expect(kept(bytes)?.worthKeeping).toBe(false);
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
      // Whole envelopes with any text in an item, some bytes possibly broken.
      fc
        .tuple(fc.string({ unit: 'grapheme' }), fc.nat(), fc.integer({ min: 0x80, max: 0xff }))
        .map(([text, at, byte]) => {
          const item = JSON.stringify({ IdCaso: text, MontoNeto: '1.234', Descripcion: text });
          const bytes = Buffer.from(
            envelope(`{"TotalDisconformidades":1,"Disconformidades":[${item}]}`),
          );
          if (at % 3 === 0) return bytes;
          bytes[at % bytes.length] = byte;
          return bytes;
        }),
    );
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        expect(kept(bytes)).toEqual(reference(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it("reads an accepted operation's OperationId and LifeSpan", () => {
    const accepted = Buffer.from(
      '{"OperationId":"op-7","Status":"OK","Data":null,"LifeSpan":"2030-01-01T00:00:00Z"}',
    );
    expect(inspectUpstreamJson(accepted)).toMatchObject({
      page: null,
      operation: { operationId: 'op-7', lifeSpan: '2030-01-01T00:00:00Z' },
    });
    const failed = Buffer.from('{"OperationId":"op-8","Status":"ERROR","Data":null}');
    expect(inspectUpstreamJson(failed)?.operation).toBeNull();
    // Data the contract refuses: not kept, no item count.
    expect(inspectUpstreamJson(Buffer.from('{"Status":"OK","Data":{}}'))?.page).toBeNull();
  });

  it('counts the items of a page the contract accepts, and of no other', () => {
    const item = '{"IdCaso":"DC-1","MontoNeto":"1.234"}';
    const page = (items: string[]) =>
      Buffer.from(envelope(`{"TotalDisconformidades":9,"Disconformidades":[${items.join(',')}]}`));
    expect(inspectUpstreamJson(page([item, item, item]))?.page).toEqual({ items: 3, total: 9 });
    expect(inspectUpstreamJson(page([]))?.page).toEqual({ items: 0, total: 9 });
    expect(inspectUpstreamJson(page([item, '{"MontoNeto":"mucho"}']))?.page).toBeNull();
  });
});
