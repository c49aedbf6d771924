// The URL is the source of truth for what is shown. These pure functions read the search
// from URL parameters (keeping bad values, with their errors) and write it back.
import type { SearchInput } from '@/features/search-input/search-input';
import { isIsoDate } from '@/lib/dates';
import { parseRut, rutWithHyphen } from '@/lib/rut';

export const DEFAULT_ROWS_PER_PAGE = 200;
export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 8;
export const MAX_ROWS_PER_PAGE = 1000;

/** The parameters as they are in the URL: raw text, or null when absent. */
export interface RawSearchParams {
  rut: string | null;
  desde: string | null;
  hasta: string | null;
  filas: string | null;
  conc: string | null;
}

export type SearchField = keyof RawSearchParams;
export type SearchFieldErrors = Partial<Record<SearchField, string>>;

export type ParsedSearch =
  | { status: 'empty' }
  | { status: 'invalid'; errors: SearchFieldErrors }
  | { status: 'valid'; search: SearchInput; concurrency: number };

export function validateDate(value: string, label: 'Desde' | 'Hasta'): string | undefined {
  if (value.trim() === '') return `Ingrese la fecha «${label}».`;
  if (!isIsoDate(value)) return `«${label}» no es una fecha válida (aaaa-mm-dd).`;
  return undefined;
}

function validateInteger(
  value: string,
  min: number,
  max: number,
  what: string,
): string | undefined {
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
    return `${what} debe ser un número entero entre ${min} y ${max}.`;
  }
  return undefined;
}

export const validateRowsPerPage = (value: string) =>
  validateInteger(value, 1, MAX_ROWS_PER_PAGE, 'Filas por página');
export const validateConcurrency = (value: string) =>
  validateInteger(value, 1, MAX_CONCURRENCY, 'Solicitudes simultáneas');

export function validateRange(desde: string, hasta: string): string | undefined {
  if (isIsoDate(desde) && isIsoDate(hasta) && desde > hasta) {
    return '«Desde» no puede ser posterior a «Hasta».';
  }
  return undefined;
}

export function parseSearchParams(raw: RawSearchParams): ParsedSearch {
  if (raw.rut === null && raw.desde === null && raw.hasta === null) return { status: 'empty' };
  const errors: SearchFieldErrors = {};
  const rut = parseRut(raw.rut ?? '');
  if (!rut.ok) errors.rut = rut.message;
  const desde = raw.desde ?? '';
  const hasta = raw.hasta ?? '';
  errors.desde = validateDate(desde, 'Desde');
  errors.hasta = validateDate(hasta, 'Hasta');
  errors.desde ??= validateRange(desde, hasta);
  if (raw.filas !== null) errors.filas = validateRowsPerPage(raw.filas);
  if (raw.conc !== null) errors.conc = validateConcurrency(raw.conc);
  for (const field of Object.keys(errors) as SearchField[]) {
    if (errors[field] === undefined) delete errors[field];
  }
  if (!rut.ok || Object.keys(errors).length > 0) return { status: 'invalid', errors };
  return {
    status: 'valid',
    search: {
      rut: rut.rut,
      from: desde,
      to: hasta,
      rowsPerPage: raw.filas === null ? DEFAULT_ROWS_PER_PAGE : Number(raw.filas),
    },
    concurrency: raw.conc === null ? DEFAULT_CONCURRENCY : Number(raw.conc),
  };
}

/** The URL form of a valid search: RUT as `76999999-K`, defaults left out. */
export function toSearchParams(search: SearchInput, concurrency: number): RawSearchParams {
  return {
    rut: rutWithHyphen(search.rut),
    desde: search.from,
    hasta: search.to,
    filas: search.rowsPerPage === DEFAULT_ROWS_PER_PAGE ? null : String(search.rowsPerPage),
    conc: concurrency === DEFAULT_CONCURRENCY ? null : String(concurrency),
  };
}
