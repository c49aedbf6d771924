// Runs the page path once on a made-up page while the app starts, so the first real page
// does not pay for compiling it (parsing, checking, packing in the worker and unpacking on
// the main thread), on the way to the first rows.

import type { NonconformityItemInput } from '@/contract/item';
import { classifyResponse } from '@/features/fetching/api/classify-response';
import { fetchPage } from '@/features/fetching/api/fetch-page';
import type { PageData } from '@/features/rows/page-data';
import { lightRequest } from '@/lib/warm-connections';
import { handOverPage, unpackPage } from './page-packing';

// Every field the contract knows, of each kind (text, dates, numbers and a numeric string):
// the page path then compiles each of its branches.
const WARM_UP_ITEM = {
  IdCaso: 'DC-0000-000001',
  FechaCreacion: '11/05/2025 16:29',
  Estado: 'Abierta',
  Motivo: 'Monto incorrecto',
  Descripcion: 'Ejemplo de calentamiento, nunca mostrado.',
  RutDeudor: '76999999',
  DvDeudor: 'K',
  RazonSocialDeudor: 'Ejemplo S.A.',
  RutAcreedor: '76120450',
  DvAcreedor: '5',
  RazonSocialAcreedor: 'Ejemplo Dos S.A.',
  IdInstruccion: 1,
  CodigoCuadroPago: 'SEN_[PTN_][Oct25][L][V01]',
  Periodo: '2025-10',
  MontoNeto: 100000,
  MontoBruto: '119000',
  TipoDte: 33,
  Folio: 1,
  FechaResolucion: '2025-11-20',
} satisfies Required<NonconformityItemInput>;

/** A made-up page of 50 cases; null if it ever stopped passing the contract (tested). */
export function warmUpPage(): PageData | null {
  const text = JSON.stringify({
    OperationId: 'calentamiento',
    Status: 'OK',
    Data: {
      NonconformitiesList: {
        TotalDisconformidades: 50,
        // Distinct ids and texts, as in a real page: packing takes both of its paths.
        Disconformidades: Array.from({ length: 50 }, (_, i) => ({
          ...WARM_UP_ITEM,
          IdCaso: `DC-0000-${String(i).padStart(6, '0')}`,
          Descripcion: `${WARM_UP_ITEM.Descripcion} ${i}`,
        })),
      },
    },
    AdditionalInformation: null,
    Error: null,
    LifeSpan: null,
  });
  const page = classifyResponse(0, { status: 200, headers: { get: () => null }, text });
  return page instanceof Error ? null : page;
}

/** In the page worker: reading, checking, dates, key hashes and packing. */
export function warmUpPagePath(): void {
  for (let round = 0; round < 4; round++) {
    const page = warmUpPage();
    if (page) handOverPage(page);
  }
}

/**
 * In the page worker: one light request, so the first page's does not pay for setting up
 * the worker's fetching, nor for compiling its own path (~5 ms measured, together, between
 * page 0's message and its request leaving).
 */
export function warmUpFetching(): void {
  lightRequest();
  // The page request's own code too, up to fetch(), where an aborted signal stops it unsent.
  const search = { rut: { body: '76999999', dv: 'K' }, from: '2019-11-14', to: '2025-11-05' };
  fetchPage({ ...search, rowsPerPage: 200 }, 0, { signal: AbortSignal.abort() }).catch(() => {
    // Stopped on purpose.
  });
}

/** On the main thread: unpacking what the worker hands over. */
export function warmUpUnpacking(): void {
  const page = warmUpPage();
  if (!page) return;
  const packed = handOverPage(page);
  for (let round = 0; round < 4; round++) unpackPage(packed);
}
