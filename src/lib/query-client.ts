import { QueryClient } from '@tanstack/react-query';

/**
 * One client for the app. Every API request is billed, so nothing refetches on its own:
 * no refetch on focus, reconnect or mount of data already read.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        refetchOnMount: false,
        staleTime: Number.POSITIVE_INFINITY,
        retry: false,
      },
    },
  });
}
