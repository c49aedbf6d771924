// @vitest-environment jsdom
// What the user asks of a search ("Actualizar", "Cargar el resto", "Reintentar", "Cancelar")
// reaches its run through the search query itself: its meta, or its cancel. Driven through
// the hook and the real chain down to a stubbed fetch (jsdom has no Worker: pages are read
// on the main thread).
import { QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { searchPagesQueryKey } from '@/features/fetching/engine/page-query';
import {
  type SearchSettings,
  searchQueryKey,
  searchQueryOptions,
  searchRunMeta,
  useNonconformitiesSearch,
} from '@/features/fetching/engine/use-nonconformities-search';
import { type SearchInput, searchKey } from '@/features/search-input/search-input';
import { createQueryClient } from '@/lib/query-client';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const ROWS = 10;
const TOTAL = 25; // three pages

let searches = 0;
/** A search of its own per test: runs are kept by search key for the whole module. */
function freshSearch(): SearchInput {
  searches++;
  return {
    rut: { body: String(76_000_000 + searches), dv: 'K' },
    from: '2025-01-01',
    to: '2025-01-31',
    rowsPerPage: ROWS,
  };
}

interface Sent {
  page: number;
  noCache: boolean;
  signal: AbortSignal | null | undefined;
}

/** The proxy as fetch sees it: every page of a 25-case search, at once or when let go. */
function stubProxy({ held = false } = {}) {
  const sent: Sent[] = [];
  const waiting: (() => void)[] = [];
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as { RequestData: { Paginas: string } };
    const page = Number(body.RequestData.Paginas);
    const headers = new Headers(init.headers);
    sent.push({ page, noCache: headers.get('cache-control') === 'no-cache', signal: init.signal });
    if (held && page > 0) {
      await new Promise<void>((resolve, reject) => {
        waiting.push(resolve);
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    }
    const count = Math.max(0, Math.min(ROWS, TOTAL - page * ROWS));
    const items = Array.from({ length: count }, (_, i) => ({
      IdCaso: `DC-${page}-${i}`,
      FechaCreacion: '01/15/2025 10:00',
    }));
    return new Response(
      JSON.stringify({
        OperationId: `op-${page}`,
        Status: 'OK',
        Data: { NonconformitiesList: { TotalDisconformidades: TOTAL, Disconformidades: items } },
        AdditionalInformation: null,
        Error: null,
        LifeSpan: null,
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
  });
  const letGo = () => {
    for (const go of waiting.splice(0)) go();
  };
  return { sent, letGo };
}

function renderSearch(search: SearchInput, settings: SearchSettings) {
  const client = createQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) =>
    createElement(QueryClientProvider, { client }, children);
  const view = renderHook(() => useNonconformitiesSearch(search, settings), { wrapper });
  return { client, view };
}

describe('a search run asked for by the user', () => {
  it('"Actualizar" reads every page again past every cache, and counts from zero', async () => {
    const { sent } = stubProxy();
    const { view } = renderSearch(freshSearch(), { concurrency: 2, costThreshold: 50 });
    await waitFor(() => expect(view.result.current.result?.pages).toHaveLength(3));
    expect(sent.map((s) => s.noCache)).toEqual([false, false, false]);
    expect(view.result.current.run?.requests).toBe(3);

    act(() => view.result.current.refresh());
    await waitFor(() => expect(sent).toHaveLength(6));
    await waitFor(() => expect(view.result.current.isRunning).toBe(false));
    expect(sent.slice(3).map((s) => s.noCache)).toEqual([true, true, true]);
    expect(view.result.current.run?.requests).toBe(3);
    expect(view.result.current.result?.pages).toHaveLength(3);
  });

  it('"Cargar el resto" reads the rest without asking again; its yes holds for that run only', async () => {
    const { sent } = stubProxy();
    const { view } = renderSearch(freshSearch(), { concurrency: 2, costThreshold: 1 });
    await waitFor(() => expect(view.result.current.run?.pendingConfirmation).toBe(true));
    act(() => view.result.current.answerConfirmation(false));
    await waitFor(() => expect(view.result.current.run?.paging.phase).toBe('declined'));
    expect(sent).toHaveLength(1);

    act(() => view.result.current.retry({ confirmed: true }));
    await waitFor(() => expect(view.result.current.result?.pages).toHaveLength(3));
    expect(view.result.current.run?.pendingConfirmation).toBe(false);
    expect(sent.map((s) => s.page)).toEqual([0, 1, 2]);
    expect(view.result.current.run?.requests).toBe(3);
  });

  it('a plain "Reintentar" after declining asks the user again', async () => {
    stubProxy();
    const { view } = renderSearch(freshSearch(), { concurrency: 2, costThreshold: 1 });
    await waitFor(() => expect(view.result.current.run?.pendingConfirmation).toBe(true));
    act(() => view.result.current.answerConfirmation(false));
    await waitFor(() => expect(view.result.current.run?.paging.phase).toBe('declined'));
    act(() => view.result.current.retry());
    await waitFor(() => expect(view.result.current.run?.pendingConfirmation).toBe(true));
    expect(view.result.current.run?.paging.phase).toBe('confirming');
  });

  it('"Cancelar" aborts the requests in flight through the query, and "Reanudar" reads the rest', async () => {
    const { sent, letGo } = stubProxy({ held: true });
    const { view } = renderSearch(freshSearch(), { concurrency: 2, costThreshold: 50 });
    await waitFor(() => expect(sent.map((s) => s.page)).toEqual([0, 1, 2]));
    act(() => view.result.current.cancel());
    await waitFor(() => expect(view.result.current.run?.paging.phase).toBe('cancelled'));
    expect(sent.slice(1).map((s) => s.signal?.aborted)).toEqual([true, true]);

    act(() => view.result.current.retry());
    await waitFor(() => expect(sent).toHaveLength(5));
    letGo();
    await waitFor(() => expect(view.result.current.result?.pages).toHaveLength(3));
    expect(sent.map((s) => s.page)).toEqual([0, 1, 2, 1, 2]);
  });
});

describe('the search query’s meta', () => {
  it('is where the query function hears of a refresh, for that run only', async () => {
    const { sent } = stubProxy();
    const client = createQueryClient();
    const search = freshSearch();
    const options = searchQueryOptions(client, search, { concurrency: 2, costThreshold: 50 });
    const runAgain = async (meta?: ReturnType<typeof searchRunMeta>) => {
      client.removeQueries({ queryKey: searchPagesQueryKey(search) });
      await client.fetchQuery({ ...options, staleTime: 0, ...(meta ? { meta } : {}) });
    };
    await client.fetchQuery(options);
    await runAgain(searchRunMeta({ refresh: true }));
    await runAgain();
    expect(sent.map((s) => s.noCache)).toEqual([
      ...[false, false, false],
      ...[true, true, true],
      ...[false, false, false],
    ]);
    expect(client.getQueryState(searchQueryKey(searchKey(search)))?.status).toBe('success');
  });
});
