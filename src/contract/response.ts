// The response envelope (published) and a parser that turns a mismatch into a readable
// message instead of a crash.
import { z } from 'zod';
import es from 'zod/v4/locales/es.js';
import { ERROR_TYPES, type ErrorType } from './errors';
import { type NonconformityItem, nonconformityItemSchema, parseItemFast } from './item';

export const OPERATION_ID_MAX_LENGTH = 36;

/** The four published types; any other string is kept and treated as DO_NOT_RETRY. */
export const errorTypeSchema = z.enum(ERROR_TYPES);

export const errorSchema = z.object({
  Code: z.string(),
  Type: z.union([errorTypeSchema, z.string()]),
  Description: z.string(),
});

/** One page's list: the total across pages and this page's items. */
function listSchema<T extends z.ZodType>(items: T) {
  return z.object({
    TotalDisconformidades: z.number().int().nonnegative(),
    Disconformidades: z.array(items),
  });
}

function envelopeSchema<T extends z.ZodType>(items: T) {
  return z.object({
    OperationId: z.string(),
    Status: z.enum(['OK', 'ERROR']),
    Data: z
      .object({
        NonconformitiesList: listSchema(items),
      })
      .nullable(),
    // Published as required; tolerated when absent, read as null.
    AdditionalInformation: z
      .string()
      .nullish()
      .transform((v) => v ?? null),
    Error: errorSchema.nullish().transform((v) => v ?? null),
    LifeSpan: z
      .string()
      .nullish()
      .transform((v) => v ?? null),
  });
}

/** The envelope with its items left raw: they go through `parseItemFast` first. */
const envelopeWithRawItemsSchema = envelopeSchema(z.unknown());

export const responseEnvelopeSchema = envelopeSchema(nonconformityItemSchema);

export type ResponseEnvelope = z.output<typeof responseEnvelopeSchema>;
export type ResponseError = z.output<typeof errorSchema>;
export type { ErrorType, NonconformityItem };

const spanish = es();

function describePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'la respuesta';
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${String(part)}`,
    )
    .join('');
}

/** Zod issues as one Spanish sentence a person (or support) can act on. */
export function describeIssues(error: z.ZodError, limit = 3): string {
  const parts = error.issues
    .slice(0, limit)
    .map((issue) => `${describePath(issue.path)}: ${issue.message}`);
  const more = error.issues.length > limit ? ` (y ${error.issues.length - limit} más)` : '';
  return `${parts.join('; ')}${more}`;
}

export type EnvelopeResult = { ok: true; value: ResponseEnvelope } | { ok: false; message: string };

/** Parses a response body; a wrong envelope gives a readable Spanish message. */
export function parseResponseEnvelope(body: unknown): EnvelopeResult {
  const shape = envelopeWithRawItemsSchema.safeParse(body, { error: spanish.localeError });
  if (shape.success) {
    const raw = shape.data.Data?.NonconformitiesList.Disconformidades ?? [];
    const items: NonconformityItem[] = [];
    for (const value of raw) {
      const item = parseItemFast(value);
      if (item === null) break;
      items.push(item);
    }
    if (items.length === raw.length) {
      const value = shape.data as ResponseEnvelope;
      if (value.Data) value.Data.NonconformitiesList.Disconformidades = items;
      return { ok: true, value };
    }
  }
  // The slow path: the whole schema, for its exact result or its readable message.
  const result = responseEnvelopeSchema.safeParse(body, { error: spanish.localeError });
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    message: `La respuesta de la API no tiene la forma esperada: ${describeIssues(result.error)}.`,
  };
}
