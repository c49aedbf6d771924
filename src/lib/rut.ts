// Chilean RUT: a numeric body plus a módulo-11 check digit (0–9 or K).
// Written here because the npm packages for it are unmaintained.

export interface Rut {
  /** Body digits, no leading zeros, e.g. "76999999". */
  body: string;
  /** Check digit, "0"–"9" or upper-case "K". */
  dv: string;
}

export type RutError = 'empty' | 'format' | 'length' | 'check-digit';

export type RutParseResult =
  | { ok: true; rut: Rut /** Whether the input carried its own check digit. */; hadDv: boolean }
  | { ok: false; error: RutError; message: string };

/** Company and personal RUT bodies in use have 7 or 8 digits. */
export const RUT_BODY_MIN_DIGITS = 7;
export const RUT_BODY_MAX_DIGITS = 8;

const MESSAGES: Record<RutError, string> = {
  empty: 'Ingrese un RUT.',
  format: 'El RUT solo puede tener dígitos, puntos, un guion y el dígito verificador (0–9 o K).',
  length: 'El RUT debe tener entre 7 y 8 dígitos antes del dígito verificador.',
  'check-digit': 'El dígito verificador no corresponde al RUT.',
};

/** Módulo-11 check digit of a RUT body given as digits. */
export function computeDv(body: string): string {
  let sum = 0;
  let factor = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    sum += (body.charCodeAt(i) - 48) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const rest = 11 - (sum % 11);
  if (rest === 11) return '0';
  if (rest === 10) return 'K';
  return String(rest);
}

function fail(error: RutError): RutParseResult {
  return { ok: false, error, message: MESSAGES[error] };
}

/**
 * Parses any common spelling: `76.999.999-K`, `76999999-k`, `76999999K`, `76 999 999-K`,
 * or a bare body `76999999` (digits only are read as a body without check digit, the
 * API's own form). A given check digit must match.
 */
export function parseRut(input: string): RutParseResult {
  const compact = input.trim().replace(/[.\s]/g, '').toUpperCase();
  if (compact === '') return fail('empty');
  const match = /^(\d+)(?:-([\dK])|(K))?$/.exec(compact);
  if (!match) return fail('format');
  const digits = match[1] ?? '';
  const givenDv = match[2] ?? match[3];
  const body = digits.replace(/^0+/, '');
  if (body.length < RUT_BODY_MIN_DIGITS || body.length > RUT_BODY_MAX_DIGITS) return fail('length');
  const dv = computeDv(body);
  if (givenDv !== undefined && givenDv !== dv) return fail('check-digit');
  return { ok: true, rut: { body, dv }, hadDv: givenDv !== undefined };
}

/** `76.999.999-K`: the way people read a RUT. */
export function formatRut(rut: Rut): string {
  const grouped = rut.body.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${grouped}-${rut.dv}`;
}

/** `76999999-K`: body, hyphen, check digit (CSV, file names). */
export function rutWithHyphen(rut: Rut): string {
  return `${rut.body}-${rut.dv}`;
}

/**
 * The form the API receives in `RutDeudor`: the body alone by default, or body and
 * check digit run together (`76999999K`) when the operator sets `KHIPU_RUT_WITH_DV=1`.
 */
export function toWireRut(rut: Rut, withDv: boolean): string {
  return withDv ? `${rut.body}${rut.dv}` : rut.body;
}

/** Builds a Rut from a body and an optional check digit as items carry them (apart). */
export function rutFromParts(body: unknown, dv?: unknown): Rut | null {
  const digits = String(body ?? '')
    .trim()
    .replace(/[.\s]/g, '');
  if (!/^\d{1,9}$/.test(digits)) return null;
  const clean = digits.replace(/^0+/, '') || '0';
  const given = dv === undefined || dv === null ? '' : String(dv).trim().toUpperCase();
  return { body: clean, dv: given || computeDv(clean) };
}
