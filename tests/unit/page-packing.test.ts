// A page as it crosses from the page worker to the main thread (columns, repeated texts sent
// once): the page that comes out is the page that went in, field for field, in order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NonconformityItem } from '@/contract/item';
import { KNOWN_ITEM_FIELDS } from '@/contract/item-fields';
import {
  packColumn,
  packPage,
  unpackColumn,
  unpackPage,
} from '@/features/fetching/worker/page-packing';
import type { PageData } from '@/features/rows/page-data';
import { pageDates } from '@/features/rows/page-dates';
import { pageData } from '../support/fixtures/rows';

/** Same prototype, same fields in the same order, same values (Object.is: -0 and NaN count). */
function sameItem(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keys = Object.keys(a);
  const otherKeys = Object.keys(b);
  if (keys.length !== otherKeys.length || keys.some((key, i) => key !== otherKeys[i])) {
    return false;
  }
  return keys.every((key) => sameValue(a[key], b[key]));
}
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null) return Object.is(a, b);
  if (typeof b !== 'object' || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  return sameItem(a as Record<string, unknown>, b as Record<string, unknown>);
}

const page = (items: Record<string, unknown>[]): PageData =>
  pageData(items, { page: 3, total: 9_999, operationId: 'op-1', additionalInformation: 'info' });

/** What postMessage does to the packed page. */
const crossing = (data: PageData) => unpackPage(structuredClone(packPage(data)));

const field = fc.oneof(
  fc.constantFrom(...KNOWN_ITEM_FIELDS),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('', 'a,b', 'a', 'b', 'a\u0000b'),
  fc.constantFrom('123', '0', '__proto__', 'constructor', 'Extra'),
);
const value = fc.oneof(
  fc.constantFrom('Abierta', 'Rechazada', 'Empresa Eléctrica S.A.', '', null),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-0, Number.NaN, undefined, true),
  fc.jsonValue(),
);
// Plain objects, as JSON.parse makes them.
const item = fc.dictionary(field, value, { maxKeys: 8, noNullPrototype: true });

describe('page packing', () => {
  it('gives back the same items, fields in the same order, for any items', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), (items) => {
        const out = crossing(page(items));
        expect(out.items).toHaveLength(items.length);
        items.forEach((original, i) => {
          const rebuilt = out.items[i] as Record<string, unknown>;
          expect(Object.getPrototypeOf(rebuilt)).toBe(Object.prototype);
          expect(sameItem(original, rebuilt)).toBe(true);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a field named __proto__ as a field (JSON.parse makes it one), not as a prototype', () => {
    const items = [JSON.parse('{"IdCaso":"A","__proto__":{"polluted":true}}')];
    const out = crossing(page(items));
    const rebuilt = out.items[0] as Record<string, unknown>;
    expect(Object.getPrototypeOf(rebuilt)).toBe(Object.prototype);
    expect(Object.keys(rebuilt)).toEqual(['IdCaso', '__proto__']);
    expect(Object.getOwnPropertyDescriptor(rebuilt, '__proto__')?.value).toEqual({
      polluted: true,
    });
  });

  it('keeps the page’s own facts and its dates, and lists its fields in order of first appearance', () => {
    const items = [
      { IdCaso: 'A', FechaCreacion: '11/05/2025 16:29', Nuevo: 1 },
      { FechaResolucion: '2025-11-20', IdCaso: 'B', Otro: null },
    ] as unknown as NonconformityItem[];
    const data = { ...page(items), dates: pageDates(items) };
    const out = crossing(data);
    expect(out).toMatchObject({
      page: 3,
      total: 9_999,
      operationId: 'op-1',
      additionalInformation: 'info',
      fromProxyCache: false,
    });
    expect(out.dates).toEqual(data.dates);
    // As the worker sends them: without the day-first reading, and saying so.
    const lean = { ...page(items), dates: pageDates(items, false) };
    expect(crossing(lean).dates).toEqual(lean.dates);
    expect(crossing(lean).dates?.dmyLeftOut).toBe(true);
    expect(out.fields).toEqual(['IdCaso', 'FechaCreacion', 'Nuevo', 'FechaResolucion', 'Otro']);
  });

  it('sends a repeated text once, and a column of distinct or non-text values as it is', () => {
    const statuses = Array.from({ length: 1000 }, (_, i) => (i % 3 ? 'Abierta' : 'Rechazada'));
    const packed = packColumn(statuses);
    expect('dictionary' in packed && packed.dictionary).toEqual(['Rechazada', 'Abierta']);
    expect(unpackColumn(packed)).toEqual(statuses);
    const ids = Array.from({ length: 1000 }, (_, i) => `DC-${i}`);
    expect(packColumn(ids)).toEqual({ values: ids });
    const amounts = Array.from({ length: 1000 }, () => 5);
    expect(packColumn(amounts)).toEqual({ values: amounts });
  });

  it('sends a page’s repeated texts by dictionary, and its rebuilt items share them', () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({
      IdCaso: `DC-${i}`,
      Estado: i % 2 ? 'Abierta' : 'Cerrada',
      MontoNeto: i,
    }));
    const packed = structuredClone(packPage(page(items)));
    const column = (name: string) =>
      packed.items.columns[packed.items.fields.indexOf(name)] as (typeof packed.items.columns)[0];
    expect('dictionary' in column('Estado')).toBe(true);
    expect('values' in column('IdCaso')).toBe(true);
    expect('values' in column('MontoNeto')).toBe(true);
    const out = unpackPage(packed);
    expect(out.items.map((it) => it.Estado)).toEqual(items.map((it) => it.Estado));
    expect(out.items.map((it) => it.IdCaso)).toEqual(items.map((it) => it.IdCaso));
  });
});
