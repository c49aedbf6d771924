// The URL is the source of truth for what is shown. These pure functions read the search
// from URL parameters (keeping bad values, with their errors) and write it back.
import { MAX_ROWS_PER_PAGE } from '@/contract/request-limits';
import type { SearchInput } from '@/features/search-input/search-input';
import { isIsoDate, santiagoToday } from '@/lib/dates';
import { parseRut, rutWithHyphen } from '@/lib/rut';
import { isQuickRangeId, QUICK_RANGES, type QuickRangeId, quickRangeDates } from './quick-ranges';

export const DEFAULT_ROWS_PER_PAGE = 200;
export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 8;

/** The parameters as they are in the URL: raw text, or null when absent. */
export interface RawSearchParams {
  rut: string | null;
  desde: string | null;
  hasta: string | null;
  /** A quick range kept relative (`12m`, `anio`...): when present, it decides the dates. */
  rango: string | null;
  filas: string | null;
  conc: string | null;
}

export type SearchField = keyof RawSearchParams;
export type SearchFieldErrors = Partial<Record<SearchField, string>>;

/** A search as the user chose it: its dates, and the quick range they came from, if any. */
export interface SearchChoice {
  /** The dates resolved: a relative search is another search (another key) on another day. */
  search: SearchInput;
  concurrency: number;
  range: QuickRangeId | null;
}

export type ParsedSearch =
  | { status: 'empty' }
  | { status: 'invalid'; errors: SearchFieldErrors }
  | ({ status: 'valid' } & SearchChoice);

/** The format the user sees and types in an es-CL browser's date field. */
export const SHOWN_DATE_FORMAT = 'dd-mm-aaaa';

export function validateDate(value: string, label: 'Desde' | 'Hasta'): string | undefined {
  if (value.trim() === '') return `Ingrese la fecha «${label}».`;
  if (!isIsoDate(value)) return invalidDateMessage(label);
  return undefined;
}

/** Also for a date field the browser holds as unreadable (typed in part). */
export const invalidDateMessage = (label: 'Desde' | 'Hasta') =>
  `«${label}» no es una fecha válida (${SHOWN_DATE_FORMAT}).`;

export function validateQuickRange(value: string): string | undefined {
  if (isQuickRangeId(value)) return undefined;
  const known = QUICK_RANGES.map((range) => range.id);
  return `El rango «${value}» no existe: use ${known.slice(0, -1).join(', ')} o ${known.at(-1)}.`;
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

/**
 * `today`: the ISO date in Santiago that a quick range is resolved against. With `rango`
 * present, the range wins: `desde` and `hasta` are not read (nor written back).
 */
export function parseSearchParams(
  raw: RawSearchParams,
  today: string = santiagoToday(),
): ParsedSearch {
  if (raw.rut === null && raw.desde === null && raw.hasta === null && raw.rango === null) {
    return { status: 'empty' };
  }
  const errors: SearchFieldErrors = {};
  const rut = parseRut(raw.rut ?? '');
  if (!rut.ok) errors.rut = rut.message;
  let desde = raw.desde ?? '';
  let hasta = raw.hasta ?? '';
  let range: QuickRangeId | null = null;
  if (raw.rango !== null) {
    errors.rango = validateQuickRange(raw.rango);
    if (isQuickRangeId(raw.rango)) {
      range = raw.rango;
      ({ from: desde, to: hasta } = quickRangeDates(range, today));
    }
  } else {
    errors.desde = validateDate(desde, 'Desde');
    errors.hasta = validateDate(hasta, 'Hasta');
    errors.desde ??= validateRange(desde, hasta);
  }
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
    range,
  };
}

/** The URL form of a valid search: RUT as `76999999-K`, a quick range as its token, defaults left out. */
export function toSearchParams({ search, concurrency, range }: SearchChoice): RawSearchParams {
  return {
    rut: rutWithHyphen(search.rut),
    desde: range ? null : search.from,
    hasta: range ? null : search.to,
    rango: range,
    filas: search.rowsPerPage === DEFAULT_ROWS_PER_PAGE ? null : String(search.rowsPerPage),
    conc: concurrency === DEFAULT_CONCURRENCY ? null : String(concurrency),
  };
}
