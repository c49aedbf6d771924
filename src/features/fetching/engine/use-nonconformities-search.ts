// One search, every page: the search query (persisted once complete) runs the paging
// engine, whose pages are react-query queries of their own (cached, de-duplicated,
// retried by the contract's rules).
import {
  type Query,
  type QueryClient,
  type QueryMeta,
  queryOptions,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { startTransition, useCallback, useEffect, useState } from 'react';
import { activeWait, rememberWait } from '@/features/fetching/storage/retry-waits';
import { searchPersister } from '@/features/fetching/storage/search-persister';
import { pageWorkerClient } from '@/features/fetching/worker/page-transport';
import type { PageData } from '@/features/rows/page-data';
import { type SearchInput, searchKey } from '@/features/search-input/search-input';
import { pageQueryKey, pageQueryOptions, searchPagesQueryKey } from './page-query';
import { type PagingState, runPaging } from './paging-engine';
import { type SearchRun, searchRuns } from './search-runs';

/** A search whose every page was read: what is persisted and shown after a reload. */
export interface SearchResult {
  total: number;
  pageCount: number;
  pages: PageData[];
  totalChanged: PagingState['totalChanged'];
  /** Requests this browser sent for it (0 when restored). */
  requests: number;
}

export interface SearchSettings {
  concurrency: number;
  costThreshold: number;
}

/** Thrown by the search query when not every page was read; the run holds the details. */
export class SearchIncompleteError extends Error {
  override name = 'SearchIncompleteError';
  constructor(readonly paging: PagingState) {
    super(`Búsqueda incompleta (${paging.phase})`);
  }
}

export const searchQueryKey = (key: string | null) => ['cenhub-search', key] as const;

/** What the user asked of one run of a search, beyond reading what is missing. */
export interface SearchRunRequest {
  /** Read every page again from the API, bypassing every cache ("Actualizar"). */
  refresh?: boolean;
  /** The user already agreed to pay for the rest ("Cargar el resto"): ask nothing. */
  confirmed?: boolean;
}

/** A run's request travels in its query's `meta`, so the query function reads it there. */
export function searchRunMeta(request: SearchRunRequest): QueryMeta {
  return { run: request };
}

function runRequestIn(meta: QueryMeta | undefined): SearchRunRequest {
  const run = meta?.run;
  return typeof run === 'object' && run !== null ? (run as SearchRunRequest) : {};
}

/** Pages of this search the page already holds (read before, in this session). */
function cachedPages(queryClient: QueryClient, search: SearchInput): number[] {
  return queryClient
    .getQueriesData<PageData>({ queryKey: searchPagesQueryKey(search) })
    .filter(([, data]) => data !== undefined)
    .map(([queryKey]) => queryKey[2])
    .filter((page): page is number => typeof page === 'number');
}

/** After the next frame has painted; a hidden tab paints none, so at most 100 ms. */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    if (typeof requestAnimationFrame !== 'function') return;
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }, 0),
    );
  });
}

async function readEverything(
  queryClient: QueryClient,
  search: SearchInput,
  settings: SearchSettings,
  request: SearchRunRequest,
  signal: AbortSignal,
): Promise<SearchResult> {
  const key = searchKey(search);
  const bypassCache = request.refresh === true;
  searchRuns.start(key, { recount: bypassCache });
  const isCached = (page: number) =>
    queryClient.getQueryData(pageQueryKey(search, page)) !== undefined;
  // While the API's wait for this search holds, nothing of it is sent; pages at hand still show.
  const wait = activeWait(key, Date.now());
  // The rest of the search is fetched ahead by the worker's plan (search-plans.ts).
  const plan = wait
    ? null
    : pageWorkerClient.openPlan(
        {
          search,
          concurrency: settings.concurrency,
          bypassCache,
          maxRequests: settings.costThreshold,
          cached: cachedPages(queryClient, search),
        },
        // Fetched ahead and never taken (a cancel, a stop): sent, so billed and counted.
        (untaken) => {
          for (let i = 0; i < untaken; i++) searchRuns.countRequest(key);
        },
      );
  let paging: PagingState;
  try {
    paging = await runPaging(
      {
        rowsPerPage: search.rowsPerPage,
        concurrency: settings.concurrency,
        costThreshold: settings.costThreshold,
      },
      {
        loadPage: (page, pageSignal) => {
          if (wait && !isCached(page)) return Promise.reject(wait);
          const options = pageQueryOptions(search, page, {
            bypassCache,
            onRequest: () => searchRuns.countRequest(key),
            // The plan may start the rest as soon as page 0 tells the total.
            planId: page === 0 ? plan?.id : undefined,
          });
          const cancel = () => void queryClient.cancelQueries({ queryKey: options.queryKey });
          pageSignal.addEventListener('abort', cancel, { once: true });
          return queryClient
            .fetchQuery(options)
            .catch((error: unknown) => {
              rememberWait(key, error, Date.now());
              throw error;
            })
            .finally(() => pageSignal.removeEventListener('abort', cancel));
        },
        isCached,
        // The plan knows the same pages: those after page 0 not cached when it opened.
        planPages: (_pages, extent) => {
          plan?.go(extent);
          return () => plan?.end();
        },
        confirmCost: (_question, confirmSignal) =>
          request.confirmed
            ? Promise.resolve(true)
            : searchRuns.askConfirmation(key, confirmSignal),
        onUpdate: (state) => searchRuns.setPaging(key, state),
        nextPaint,
      },
      signal,
    );
  } finally {
    // Whatever the engine did (it may stop before planning), the worker's plan ends here.
    plan?.end();
  }
  if (paging.phase !== 'complete') throw new SearchIncompleteError(paging);
  return {
    total: paging.total ?? 0,
    pageCount: paging.pageCount ?? 0,
    // The run's own array when it has no hole: the view already built its rows from it.
    pages: paging.pages.every((page) => page !== undefined)
      ? (paging.pages as PageData[])
      : paging.pages.filter((page): page is PageData => page !== undefined),
    totalChanged: paging.totalChanged,
    requests: searchRuns.get(key)?.requests ?? 0,
  };
}

export interface NonconformitiesSearch {
  key: string | null;
  /** The complete result, when there is one (fresh, cached or restored). */
  result: SearchResult | undefined;
  /** When the complete result was read from the API (epoch ms). */
  resultUpdatedAt: number;
  /** Progress of the run in this session, if one ran. */
  run: SearchRun | undefined;
  isRunning: boolean;
  cancel(): void;
  /** Reads again only what is missing (failed, unrequested or declined pages). */
  retry(options?: { confirmed?: boolean }): void;
  /** Reads everything again from the API, bypassing every cache ("Actualizar"). */
  refresh(): void;
  answerConfirmation(goOn: boolean): void;
}

/**
 * Whether an observer may start the search by itself (a view mounting, or switching to it):
 * not once it has failed. react-query holds a failed query without data stale, so the view's
 * query would read it again as it mounts after the form's start; only the user reruns it
 * ("Buscar", "Reintentar"), since every request is billed.
 */
export const startsByItself = (query: Pick<Query, 'state'>) => query.state.status !== 'error';

/** The search query: every page read by the paging engine, persisted once complete. */
export function searchQueryOptions(
  queryClient: QueryClient,
  search: SearchInput | null,
  settings: SearchSettings,
) {
  return queryOptions<SearchResult, Error, SearchResult, ReturnType<typeof searchQueryKey>>({
    queryKey: searchQueryKey(search ? searchKey(search) : null),
    queryFn: ({ signal, meta }) => {
      if (!search) throw new Error('Sin búsqueda');
      return readEverything(queryClient, search, settings, runRequestIn(meta), signal);
    },
    enabled: search === null ? false : startsByItself,
    persister: searchPersister?.persisterFn,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 60 * 60_000,
    structuralSharing: false,
  });
}

/**
 * Starts a search from the event that asks for it, before React renders the new URL: the
 * first request leaves at once (render-as-you-fetch); the view's query then joins it.
 */
export function useStartSearch(): (
  search: SearchInput,
  settings: SearchSettings,
  request?: SearchRunRequest,
) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (search, settings, request) => {
      const options = searchQueryOptions(queryClient, search, settings);
      // The user's request (a cost already agreed to) travels in the run's meta.
      void queryClient.prefetchQuery(
        request ? { ...options, meta: searchRunMeta(request) } : options,
      );
    },
    [queryClient],
  );
}

/**
 * The live run of a search. Progress renders as a transition: a render of 100,000 rows
 * never holds up the pages arriving meanwhile (or the requests that follow them).
 */
function useSearchRun(key: string | null): SearchRun | undefined {
  const [state, setState] = useState(() => ({ key, run: key ? searchRuns.get(key) : undefined }));
  useEffect(() => {
    const read = () => ({ key, run: key ? searchRuns.get(key) : undefined });
    let shown = read();
    setState(shown);
    return searchRuns.subscribe(() => {
      const next = read();
      // The first rows and a change of phase show at once; later pages as a transition.
      const urgent =
        (shown.run?.paging.loadedPages ?? 0) === 0 ||
        shown.run?.paging.phase !== next.run?.paging.phase;
      shown = next;
      if (urgent) setState(next);
      else startTransition(() => setState(next));
    });
  }, [key]);
  return state.key === key ? state.run : key ? searchRuns.get(key) : undefined;
}

export function useNonconformitiesSearch(
  search: SearchInput | null,
  settings: SearchSettings,
): NonconformitiesSearch {
  const queryClient = useQueryClient();
  const key = search ? searchKey(search) : null;
  const run = useSearchRun(key);
  const query = useQuery(searchQueryOptions(queryClient, search, settings));
  const { concurrency, costThreshold } = settings;

  const cancel = useCallback(() => {
    if (key) void queryClient.cancelQueries({ queryKey: searchQueryKey(key) });
  }, [queryClient, key]);

  /** Runs the search again, the user's request in the run's meta. */
  const runAgain = useCallback(
    (request: SearchRunRequest) => {
      if (!search) return;
      const options = searchQueryOptions(queryClient, search, { concurrency, costThreshold });
      // As react-query's own refetch: a run in flight over data already read is replaced; a
      // first run in flight is joined.
      const state = queryClient.getQueryState(options.queryKey);
      if (state?.fetchStatus === 'fetching' && state.data !== undefined) {
        void queryClient.cancelQueries(
          { queryKey: options.queryKey, exact: true },
          { silent: true, revert: false },
        );
      }
      // Stale at once: a complete search (kept fresh forever) is read again all the same.
      void queryClient
        .fetchQuery({ ...options, staleTime: 0, meta: searchRunMeta(request) })
        .catch(() => {
          // The run's outcome shows through the query's state and the run's progress.
        });
    },
    [queryClient, search, concurrency, costThreshold],
  );

  const retry = useCallback(
    (options: { confirmed?: boolean } = {}) => runAgain({ confirmed: options.confirmed === true }),
    [runAgain],
  );

  const refresh = useCallback(() => {
    if (!search) return;
    queryClient.removeQueries({ queryKey: searchPagesQueryKey(search) });
    runAgain({ refresh: true });
  }, [queryClient, search, runAgain]);

  const answerConfirmation = useCallback(
    (goOn: boolean) => {
      if (key) searchRuns.answerConfirmation(key, goOn);
    },
    [key],
  );

  return {
    key,
    result: query.data,
    resultUpdatedAt: query.dataUpdatedAt,
    run,
    isRunning: query.fetchStatus === 'fetching',
    cancel,
    retry,
    refresh,
    answerConfirmation,
  };
}
