// What one search asks the API for, and how it is keyed (cache, URL, persistence).

import type { NonconformitiesRequest } from '@/contract/request';
import { isoToUs } from '@/lib/dates';
import type { Rut } from '@/lib/rut';

export interface SearchInput {
  rut: Rut;
  /** ISO dates, inclusive. */
  from: string;
  to: string;
  rowsPerPage: number;
}

/** Same RUT, dates and rows per page: the same billed requests, so the same cache entry. */
export function searchKey(search: SearchInput): string {
  return `${search.rut.body}|${search.from}|${search.to}|${search.rowsPerPage}`;
}

/** The body the browser sends to the proxy: the API's own form, RUT as a bare body. */
export function pageRequestBody(search: SearchInput, page: number): NonconformitiesRequest {
  return {
    RequestData: {
      FechaCreacionDelCasoDesde: isoToUs(search.from) ?? search.from,
      FechaCreacionDelCasoHasta: isoToUs(search.to) ?? search.to,
      RutDeudor: search.rut.body,
      Filas: String(search.rowsPerPage),
      Paginas: String(page),
    },
  };
}
