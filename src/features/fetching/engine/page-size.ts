// Larger pages cost fewer requests: the cost question offers the largest size the contract
// allows, and a search whose upstream refuses that size falls back to the default.
import { pageCountFor } from '@/contract/page-rules';
import { MAX_ROWS_PER_PAGE } from '@/contract/request-limits';
import type { PagingState } from './paging-engine';

/** The size the cost question offers: the contract's largest. */
export const LARGE_PAGE_ROWS = MAX_ROWS_PER_PAGE;

export interface LargerPagesOffer {
  rowsPerPage: number;
  /**
   * Requests the search costs at that size. It starts over: page 0 at the smaller size holds
   * the first rows of the larger page 0, so reading the larger one is the cheapest way on.
   */
  requests: number;
}

/**
 * What the cost question offers beside going on at the current size: null when the current
 * size is already the largest, the upstream refused the larger one, or it would not save.
 */
export function largerPagesOffer(
  total: number,
  rowsPerPage: number,
  remainingRequests: number,
  largeRefused: boolean,
): LargerPagesOffer | null {
  if (largeRefused || rowsPerPage >= LARGE_PAGE_ROWS) return null;
  const requests = pageCountFor(total, LARGE_PAGE_ROWS);
  return requests < remainingRequests ? { rowsPerPage: LARGE_PAGE_ROWS, requests } : null;
}

/**
 * The upstream refused the page size: page 0 failed with the contract's P003 (`Filas` out of
 * range; on page 0 `Paginas` is valid, so the size is the cause).
 */
export function refusedPageSize(paging: Pick<PagingState, 'phase' | 'failures'>): boolean {
  return (
    paging.phase === 'failed' &&
    paging.failures.some((failure) => failure.page === 0 && failure.error.code === 'P003')
  );
}
