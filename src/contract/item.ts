// One nonconformity item: NOT published (docs/contract.md). Every field is optional, unknown
// fields are kept, numbers may come as numeric strings; dates stay text here and are
// normalized per search (their slash order is decided from all pages, see lib/dates).
import { z } from 'zod';
import { parseNumeric } from '../lib/numbers';
import {
  ITEM_FIELD_KINDS,
  type ItemFieldKind,
  KNOWN_ITEM_FIELDS,
  type KnownItemField,
} from './item-fields';

/** Text that may also come as a number; null stays null (e.g. no resolution yet). */
const text = z
  .union([z.string(), z.number().transform(String)])
  .nullable()
  .optional();

/** A whole-CLP amount, a DTE type, a folio: a number or a numeric string. */
const numeric = z
  .union([z.number(), z.string()])
  .nullable()
  .optional()
  .transform((value, ctx) => {
    // Absent stays absent (like the text fields); null or empty is an explicit "no value".
    if (value === undefined) return undefined;
    if (value === null || value === '') return null;
    const parsed = parseNumeric(value);
    if (parsed === null) {
      ctx.addIssue({
        code: 'custom',
        message: `se esperaba un número, llegó «${String(value).slice(0, 40)}»`,
      });
      return z.NEVER;
    }
    return parsed;
  });

/** A date in any of the forms of docs/contract.md, kept as given. */
const dateText = z.string().nullable().optional();

const KIND_SCHEMAS = { text, date: dateText, numeric };
type ItemShape = {
  [F in KnownItemField]: (typeof KIND_SCHEMAS)[(typeof ITEM_FIELD_KINDS)[F]];
};

export const nonconformityItemSchema = z.looseObject(
  Object.fromEntries(
    KNOWN_ITEM_FIELDS.map((field) => [field, KIND_SCHEMAS[ITEM_FIELD_KINDS[field]]]),
  ) as ItemShape,
);

/** An item as it arrives (numbers may be strings). */
export type NonconformityItemInput = z.input<typeof nonconformityItemSchema>;
/** An item after parsing: numbers are numbers, text is text, unknown fields kept. */
export type NonconformityItem = z.output<typeof nonconformityItemSchema>;

// The fast path's field groups, from the one listing.
const fieldsOfKind = (kind: ItemFieldKind) =>
  KNOWN_ITEM_FIELDS.filter((field) => ITEM_FIELD_KINDS[field] === kind);
const TEXT_FIELDS = fieldsOfKind('text');
const DATE_FIELDS = fieldsOfKind('date');
const NUMERIC_FIELDS = fieldsOfKind('numeric');

/**
 * The item schema's result without zod's machinery, for the common case: 100,000 items
 * go through here on a big search (zod takes ~5 µs an item, this a tenth of it). Returns
 * null for anything the schema would refuse, so the caller falls back to the schema and
 * its precise message. A property test holds both to the same output.
 */
export function parseItemFast(value: unknown): NonconformityItem | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const item: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const field of TEXT_FIELDS) {
    const v = item[field];
    if (v === undefined || v === null || typeof v === 'string') continue;
    if (typeof v === 'number' && Number.isFinite(v)) item[field] = String(v);
    else return null;
  }
  for (const field of DATE_FIELDS) {
    const v = item[field];
    if (v !== undefined && v !== null && typeof v !== 'string') return null;
  }
  for (const field of NUMERIC_FIELDS) {
    const v = item[field];
    if (v === undefined) continue;
    if (v === null || v === '') {
      item[field] = null;
      continue;
    }
    if (typeof v !== 'number' && typeof v !== 'string') return null;
    const parsed = parseNumeric(v);
    if (parsed === null) return null;
    item[field] = parsed;
  }
  return item as NonconformityItem;
}
