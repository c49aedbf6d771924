import { QueryClient } from '@tanstack/react-query';

/**
 * One client for the app. Every API request is billed, so nothing refetches on its own:
 * no refetch on focus, reconnect or mount of data already read, no retry on mount of a
 * query that failed.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        refetchOnMount: false,
        retryOnMount: false,
        staleTime: Number.POSITIVE_INFINITY,
        retry: false,
      },
    },
  });
}
