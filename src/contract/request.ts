// The request of "CEN HUB / Nonconformities List" (published): five required string
// fields, an optional CallbackUrl, and the deprecated AccountCredential.

import { z } from 'zod';
import { usToIso } from '../lib/dates';
import { computeDv, parseRut, type Rut } from '../lib/rut';
import { REQUEST_CODES, type RequestCode } from './errors';
import { MAX_ROWS_PER_PAGE } from './request-limits';

export const CALLBACK_URL_MAX_LENGTH = 255;

export const requestDataSchema = z.object({
  FechaCreacionDelCasoDesde: z.string(),
  FechaCreacionDelCasoHasta: z.string(),
  RutDeudor: z.string(),
  Filas: z.string(),
  Paginas: z.string(),
});

export const nonconformitiesRequestSchema = z.object({
  RequestData: requestDataSchema,
  CallbackUrl: z.string().max(CALLBACK_URL_MAX_LENGTH).optional(),
  /** Deprecated; required by the API in API-key mode. Shape not published. */
  AccountCredential: z.record(z.string(), z.unknown()).optional(),
});

export type RequestData = z.infer<typeof requestDataSchema>;
export type NonconformitiesRequest = z.infer<typeof nonconformitiesRequestSchema>;

/** What a request asks for, once validated. */
export interface ValidRequest {
  /** ISO dates. */
  from: string;
  to: string;
  rut: Rut;
  rowsPerPage: number;
  page: number;
  callbackUrl: string | undefined;
  accountCredential: Record<string, unknown> | undefined;
}

export interface RequestProblem {
  code: RequestCode;
  description: string;
}

/**
 * How `RutDeudor` may be written: `body` = 7–8 digits (the API's default wire form),
 * `body-dv` = body and check digit run together (`KHIPU_RUT_WITH_DV=1`), `any` = any
 * spelling a person types (what the proxy accepts from the browser).
 */
export type RutForm = 'body' | 'body-dv' | 'any';

const FIELD_LABELS: Record<keyof RequestData, string> = {
  FechaCreacionDelCasoDesde: 'FechaCreacionDelCasoDesde',
  FechaCreacionDelCasoHasta: 'FechaCreacionDelCasoHasta',
  RutDeudor: 'RutDeudor',
  Filas: 'Filas',
  Paginas: 'Paginas',
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shapeProblem(body: unknown): RequestProblem | null {
  if (!isPlainObject(body)) {
    return {
      code: REQUEST_CODES.missing,
      description: 'El cuerpo de la solicitud debe ser un objeto JSON.',
    };
  }
  const data = body.RequestData;
  if (data === undefined || data === null) {
    return { code: REQUEST_CODES.missing, description: 'Falta el objeto obligatorio RequestData.' };
  }
  if (!isPlainObject(data)) {
    return { code: REQUEST_CODES.malformed, description: 'RequestData debe ser un objeto.' };
  }
  for (const field of Object.keys(FIELD_LABELS) as (keyof RequestData)[]) {
    const value = data[field];
    if (value === undefined || value === null || value === '') {
      return {
        code: REQUEST_CODES.missing,
        description: `Falta el campo obligatorio RequestData.${field}.`,
      };
    }
    if (typeof value !== 'string') {
      return {
        code: REQUEST_CODES.malformed,
        description: `El campo RequestData.${field} debe ser un texto.`,
      };
    }
  }
  if (body.CallbackUrl !== undefined) {
    if (typeof body.CallbackUrl !== 'string') {
      return { code: REQUEST_CODES.malformed, description: 'CallbackUrl debe ser un texto.' };
    }
    if (body.CallbackUrl.length > CALLBACK_URL_MAX_LENGTH) {
      return {
        code: REQUEST_CODES.malformed,
        description: 'CallbackUrl no puede superar los 255 caracteres.',
      };
    }
  }
  if (body.AccountCredential !== undefined && !isPlainObject(body.AccountCredential)) {
    return { code: REQUEST_CODES.malformed, description: 'AccountCredential debe ser un objeto.' };
  }
  return null;
}

function parseWireRut(value: string, form: RutForm): Rut | RequestProblem {
  const bad = (why: string): RequestProblem => ({
    code: REQUEST_CODES.badRut,
    description: `RutDeudor inválido: ${why}`,
  });
  if (form === 'any') {
    const parsed = parseRut(value);
    return parsed.ok ? parsed.rut : bad(parsed.message);
  }
  if (form === 'body') {
    if (!/^\d{7,8}$/.test(value)) {
      return bad('debe tener 7 u 8 dígitos, sin puntos, guion ni dígito verificador.');
    }
    const body = value.replace(/^0+/, '');
    return { body, dv: computeDv(body) };
  }
  const m = /^(\d{7,8})([\dK])$/.exec(value);
  if (!m) return bad('debe tener 7 u 8 dígitos seguidos del dígito verificador (0–9 o K).');
  const body = (m[1] ?? '').replace(/^0+/, '');
  if (computeDv(body) !== m[2]) return bad('el dígito verificador no corresponde.');
  return { body, dv: m[2] };
}

function parseWireDate(field: string, value: string): string | RequestProblem {
  if (!/^\d{2}\/\d{2}\/\d{4}$/.test(value)) {
    return {
      code: REQUEST_CODES.malformed,
      description: `${field} debe tener el formato MM/DD/YYYY.`,
    };
  }
  return (
    usToIso(value) ?? {
      code: REQUEST_CODES.badDate,
      description: `${field} no es una fecha válida.`,
    }
  );
}

const isProblem = (value: unknown): value is RequestProblem =>
  isPlainObject(value) && typeof value.code === 'string' && typeof value.description === 'string';

/**
 * Validates a request body as the API would, with a Khipu-style code and a Spanish
 * description for the first problem found.
 */
export function validateRequest(
  body: unknown,
  rutForm: RutForm,
): { ok: true; value: ValidRequest } | { ok: false; problem: RequestProblem } {
  const shape = shapeProblem(body);
  if (shape) return { ok: false, problem: shape };
  const request = nonconformitiesRequestSchema.parse(body);
  const data = request.RequestData;

  const from = parseWireDate('FechaCreacionDelCasoDesde', data.FechaCreacionDelCasoDesde);
  if (isProblem(from)) return { ok: false, problem: from };
  const to = parseWireDate('FechaCreacionDelCasoHasta', data.FechaCreacionDelCasoHasta);
  if (isProblem(to)) return { ok: false, problem: to };
  if (from > to) {
    return {
      ok: false,
      problem: {
        code: REQUEST_CODES.rangeOrder,
        description:
          'FechaCreacionDelCasoDesde no puede ser posterior a FechaCreacionDelCasoHasta.',
      },
    };
  }
  const rut = parseWireRut(data.RutDeudor.trim(), rutForm);
  if (isProblem(rut)) return { ok: false, problem: rut };

  if (
    !/^\d+$/.test(data.Filas) ||
    Number(data.Filas) < 1 ||
    Number(data.Filas) > MAX_ROWS_PER_PAGE
  ) {
    return {
      ok: false,
      problem: {
        code: REQUEST_CODES.outOfRange,
        description: 'Filas debe ser un número entero entre 1 y 1000.',
      },
    };
  }
  if (!/^\d+$/.test(data.Paginas) || !Number.isSafeInteger(Number(data.Paginas))) {
    return {
      ok: false,
      problem: {
        code: REQUEST_CODES.outOfRange,
        description: 'Paginas debe ser un número entero mayor o igual a 0.',
      },
    };
  }
  return {
    ok: true,
    value: {
      from,
      to,
      rut,
      rowsPerPage: Number(data.Filas),
      page: Number(data.Paginas),
      callbackUrl: request.CallbackUrl,
      accountCredential: request.AccountCredential,
    },
  };
}
