import { startTransition, useCallback, useEffect, useMemo, useState } from 'react';
import {
  useNonconformitiesSearch,
  useStartSearch,
} from '@/features/fetching/engine/use-nonconformities-search';
import { QueryDetails } from '@/features/fetching/ui/query-details';
import { SearchStatus } from '@/features/fetching/ui/search-status';
import { UpstreamBadge } from '@/features/health/upstream-badge';
import { buildRows } from '@/features/rows/case-rows';
import {
  addRecentSearch,
  loadRecentSearches,
  recentSearchOf,
  saveRecentSearches,
} from '@/features/search/recent-searches';
import { SearchForm } from '@/features/search/search-form';
import { DEFAULT_CONCURRENCY, type SearchChoice } from '@/features/search/search-params';
import { loadCostThreshold, saveCostThreshold } from '@/features/search/search-preferences';
import { useSearchUrl } from '@/features/search/use-search-url';
import { type SearchInput, searchKey } from '@/features/search-input/search-input';
import type { PartialResult } from '@/features/view/partial-result';
import { useViewUrl } from '@/features/view/use-view-url';
import { clearFilters } from '@/features/view/view-state';
import { formatIsoDate } from '@/lib/format';
import { formatRut } from '@/lib/rut';
import { ResultsView } from './results/results-view';
import { usePageSize } from './use-page-size';

/** A search is kept among the recent ones once it has read its first page: not when it failed. */
function useRecentSearches(
  choice: SearchChoice | null,
  debtorName: string | null,
  firstPageRead: boolean,
) {
  const [recent, setRecent] = useState(loadRecentSearches);
  useEffect(() => {
    if (!choice || !firstPageRead) return;
    setRecent((list) => {
      const next = addRecentSearch(list, recentSearchOf(choice, debtorName, Date.now()));
      saveRecentSearches(next);
      return next;
    });
  }, [choice, debtorName, firstPageRead]);
  return recent;
}

export function App() {
  const { raw, parsed, pushSearch } = useSearchUrl();
  const [costThreshold, setCostThreshold] = useState(loadCostThreshold);
  const choice = parsed.status === 'valid' ? parsed : null;
  const search = choice?.search ?? null;
  const concurrency = parsed.status === 'valid' ? parsed.concurrency : DEFAULT_CONCURRENCY;
  const nonconformities = useNonconformitiesSearch(search, { concurrency, costThreshold });

  // A complete result, or what has been read so far: the same rows feed every view.
  const pages = nonconformities.result?.pages ?? nonconformities.run?.paging.pages ?? [];
  const { rows, unknownFields, duplicates, slashOrder } = useMemo(() => buildRows(pages), [pages]);
  const debtorName =
    typeof rows[0]?.item.RazonSocialDeudor === 'string' ? rows[0].item.RazonSocialDeudor : null;
  const total = nonconformities.result?.total ?? nonconformities.run?.paging.total ?? null;
  const recent = useRecentSearches(choice, debtorName, total !== null);

  const [, setView] = useViewUrl();
  const startSearch = useStartSearch();
  // A new search starts unfiltered (sort and columns stay: they are how this user reads).
  // The new URL renders as a transition: a render of the whole view must not run
  // between the search's start and its first request leaving, as a sync update would.
  const onSearch = useCallback(
    (next: SearchChoice, confirmed = false) => {
      startSearch(
        next.search,
        { concurrency: next.concurrency, costThreshold },
        confirmed ? { confirmed } : undefined,
      );
      startTransition(() => {
        pushSearch(next);
        setView(clearFilters);
      });
    },
    [startSearch, pushSearch, setView, costThreshold],
  );

  // The cost question's larger pages, and the fall back when the upstream refuses them: the
  // same search at another page size, so the view (filters set meanwhile) stays.
  const runAtPageSize = useCallback(
    (next: SearchInput, confirmed: boolean) => {
      startSearch(next, { concurrency, costThreshold }, confirmed ? { confirmed } : undefined);
      startTransition(() =>
        pushSearch({ search: next, concurrency, range: choice?.range ?? null }),
      );
    },
    [startSearch, pushSearch, concurrency, costThreshold, choice?.range],
  );
  const pageSize = usePageSize(search, nonconformities, runAtPageSize);

  const onCostThresholdChange = useCallback((value: number) => {
    setCostThreshold(value);
    saveCostThreshold(value);
  }, []);

  const waitingFirstPage = nonconformities.isRunning && total === null;
  // A search that stopped before its last page (cancelled, failed, declined): its figures are
  // of the rows read so far, and every figure must say so.
  const partial: PartialResult | null =
    !nonconformities.result && !nonconformities.isRunning && total !== null
      ? { read: rows.length, total }
      : null;

  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>Disconformidades CEN</h1>
          <p className="app-subtitle">
            Disconformidades de instrucciones de pago del Coordinador Eléctrico Nacional, por RUT
            deudor y fecha de creación del caso.
          </p>
        </div>
        <UpstreamBadge />
      </header>
      <main className="app-main">
        <SearchForm
          raw={raw}
          parsed={parsed}
          onSearch={onSearch}
          recent={recent}
          firstPageFailed={
            !nonconformities.isRunning &&
            nonconformities.run?.paging.phase === 'failed' &&
            total === null
          }
          costThreshold={costThreshold}
          onCostThresholdChange={onCostThresholdChange}
        />
        {search === null ? (
          <section className="empty-state" aria-labelledby="empty-title">
            <h2 id="empty-title">¿Qué disconformidades busca?</h2>
            <p>
              Escriba el RUT del deudor (por ejemplo <strong>76.999.999-K</strong>), elija el rango
              de fechas de creación de los casos y presione <strong>Buscar</strong>. Se leen todas
              las páginas de la API por usted.
            </p>
          </section>
        ) : (
          <>
            <SearchStatus
              search={nonconformities}
              uniqueRows={rows.length}
              duplicates={duplicates}
              pageSize={pageSize}
            />
            {/* Items under a total of 0 are shown (and reported as inconsistent), not hidden. */}
            {total === 0 && rows.length === 0 ? (
              <section className="empty-state" aria-labelledby="none-title">
                <h2 id="none-title">Sin disconformidades</h2>
                <p>
                  No hay casos para {formatRut(search.rut)} creados entre{' '}
                  {formatIsoDate(search.from)} y {formatIsoDate(search.to)}.
                </p>
              </section>
            ) : (
              // Mounted while the first page is on its way: its rows then only add rows.
              (rows.length > 0 || waitingFirstPage) && (
                <ResultsView
                  // A new search starts a fresh view (notices, menus, the active row).
                  key={searchKey(search)}
                  search={search}
                  rows={rows}
                  unknownFields={unknownFields}
                  loading={nonconformities.isRunning}
                  waiting={waitingFirstPage}
                  partial={partial}
                />
              )
            )}
            <QueryDetails
              search={search}
              pages={pages}
              requests={nonconformities.run?.requests ?? null}
              slashOrder={slashOrder}
            />
          </>
        )}
      </main>
    </div>
  );
}
