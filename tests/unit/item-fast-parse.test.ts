import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nonconformityItemSchema, parseItemFast } from '@/contract/item';
import { KNOWN_ITEM_FIELDS } from '@/contract/item-fields';

// Any JSON value a field could carry, good or bad.
const fieldValue = fc.oneof(
  fc.string(),
  fc.constantFrom('1234567', '-1.500', '$1.234.567', '1.5', '', ' 42 ', 'abc', '05/03/2024 10:00'),
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);

const item = fc.dictionary(
  fc.oneof(fc.constantFrom(...KNOWN_ITEM_FIELDS), fc.string({ minLength: 1, maxLength: 8 })),
  fieldValue,
  { maxKeys: 10 },
);

describe('parseItemFast', () => {
  it('gives exactly what the schema gives, or null where the schema refuses', () => {
    fc.assert(
      fc.property(item, (value) => {
        const fast = parseItemFast(value);
        const slow = nonconformityItemSchema.safeParse(value);
        if (fast === null) {
          expect(slow.success).toBe(false);
        } else {
          expect(slow.success).toBe(true);
          expect(fast).toEqual(slow.data);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses what is not an object', () => {
    for (const value of [null, 1, 'x', [], [{}]]) expect(parseItemFast(value)).toBeNull();
  });

  it('keeps unknown fields and coerces numbers and numeric strings like the schema', () => {
    expect(
      parseItemFast({ IdCaso: 12, MontoNeto: '1.234.567', Folio: '', Otro: { a: 1 } }),
    ).toEqual({
      IdCaso: '12',
      MontoNeto: 1234567,
      Folio: null,
      Otro: { a: 1 },
    });
  });
});
