// A page as a react-query query: its key, its fetcher (off the main thread) and the
// contract's retry rules.
import { queryOptions } from '@tanstack/react-query';
import {
  DEFAULT_RETRY_LIMITS,
  type RetryLimits,
  retryDelayForPage,
  shouldRetryPage,
} from '@/features/fetching/api/retry-policy';
import { pageWorkerClient } from '@/features/fetching/worker/page-transport';
import { type SearchInput, searchKey } from '@/features/search-input/search-input';

export const pageQueryKey = (search: SearchInput, page: number) =>
  ['cenhub-page', searchKey(search), page] as const;

export const searchPagesQueryKey = (search: SearchInput) =>
  ['cenhub-page', searchKey(search)] as const;

export function pageQueryOptions(
  search: SearchInput,
  page: number,
  options: {
    bypassCache?: boolean;
    limits?: RetryLimits;
    onRequest?: () => void;
    /** Page 0 only: the plan its answer tells the search's extent (search-plans.ts). */
    planId?: number;
  } = {},
) {
  const limits = options.limits ?? DEFAULT_RETRY_LIMITS;
  return queryOptions({
    queryKey: pageQueryKey(search, page),
    queryFn: ({ signal }) =>
      pageWorkerClient.fetchPage(search, page, {
        signal,
        bypassCache: options.bypassCache,
        onRequest: options.onRequest,
        planId: options.planId,
      }),
    retry: (failureCount, error) => shouldRetryPage(failureCount, error, limits),
    retryDelay: (failureCount, error) => retryDelayForPage(failureCount, error, limits),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 30 * 60_000,
    // Pages are large and never merged with older data: skip the deep comparison.
    structuralSharing: false,
  });
}
