// The loaded cases as the user explores them: KPIs, charts, toolbar, active filters, table
// and detail. Every part reads the same view rows (filtered and sorted once, in features/view).
import { lazy, Suspense, useCallback, useMemo, useRef, useState } from 'react';
import { KpiBar } from '@/features/kpis/kpi-bar';
import type { CaseRow } from '@/features/rows/case-rows';
import type { SearchInput } from '@/features/search-input/search-input';
import { CasesTable, type CasesTableHandle } from '@/features/table/cases-table';
import type { ViewColumn } from '@/features/view/columns';
import type { PartialResult } from '@/features/view/partial-result';
import { useViewRows } from '@/features/view/use-view-rows';
import { useViewUrl } from '@/features/view/use-view-url';
import {
  type ColumnFilter,
  clearFilters,
  hasActiveFilters,
  type SortEntry,
  withFilter,
} from '@/features/view/view-state';
import { useAfterPaint } from '@/lib/use-after-paint';
import { ActiveFilters } from './active-filters';
import { HeaderFilterButton } from './header-filter-button';
import { NoMatches } from './no-matches';
import { ResultsCharts } from './results-charts';
import { SkipToTable } from './skip-to-table';
import { ResultsToolbar } from './toolbar/results-toolbar';
import { useWarmSearchIndex } from './use-warm-search-index';

const RowDetail = lazy(() => import('@/features/table/row-detail'));
const ColumnFilterPopover = lazy(() => import('@/features/table/column-filter-popover'));

interface Anchored<T, A = HTMLElement> {
  anchor: A;
  value: T;
}

export interface ResultsViewProps {
  search: SearchInput;
  rows: readonly CaseRow[];
  unknownFields: readonly string[];
  /** Pages are still arriving: charts wait (redrawing them per page would slow the loading). */
  loading: boolean;
  /** No page has arrived yet: the table shows placeholders. */
  waiting?: boolean;
  /** The search stopped before its last page: the figures are of the rows read so far. */
  partial?: PartialResult | null;
}

export function ResultsView({
  search,
  rows,
  unknownFields,
  loading,
  waiting = false,
  partial = null,
}: ResultsViewProps) {
  const [view, setView] = useViewUrl();
  const { columns, shownColumns, filteredRows, viewRows } = useViewRows(rows, unknownFields, view);
  // The figures follow a step behind the table: the rows paint first.
  const figureRows = useAfterPaint(loading ? null : filteredRows);
  useWarmSearchIndex(rows, loading);

  const [detail, setDetail] = useState<Anchored<CaseRow, HTMLElement | null> | null>(null);
  // The grid (focused by the click or the key that opened the row) gets focus back on close.
  const openDetail = useCallback(
    (row: CaseRow) =>
      setDetail({
        anchor: document.activeElement instanceof HTMLElement ? document.activeElement : null,
        value: row,
      }),
    [],
  );
  const table = useRef<CasesTableHandle>(null);
  const skipToTable = useCallback(() => table.current?.focusFirstRow(), []);
  // The detail steps through the view's rows in the view's order, and the table's active
  // row follows, so closing the detail leaves the keyboard on the case last shown.
  // By key: rows are built anew as pages arrive, and the detail's row is of an older build.
  const detailIndex = useMemo(() => {
    const key = detail?.value.key;
    return key === undefined ? -1 : viewRows.findIndex((row) => row.key === key);
  }, [detail, viewRows]);
  const showDetailRow = useCallback(
    (index: number) => {
      const row = viewRows[index];
      if (!row) return;
      setDetail((current) => current && { ...current, value: row });
      table.current?.showRow(index);
    },
    [viewRows],
  );
  const [filterMenu, setFilterMenu] = useState<Anchored<ViewColumn> | null>(null);

  const setFilter = useCallback(
    (id: string, filter: ColumnFilter | null) => setView((v) => withFilter(v, id, filter)),
    [setView],
  );
  const onSortChange = useCallback(
    (sort: SortEntry[]) => setView((v) => ({ ...v, sort })),
    [setView],
  );
  const onSearch = useCallback((search: string) => setView((v) => ({ ...v, search })), [setView]);
  const onColumnsChange = useCallback(
    (columns: string[] | null) => setView((v) => ({ ...v, columns })),
    [setView],
  );
  const onClear = useCallback(() => setView(clearFilters), [setView]);
  const filtered = hasActiveFilters(view);

  return (
    <>
      <SkipToTable onSkip={skipToTable} />
      <KpiBar rows={figureRows} partial={partial} />
      <ResultsCharts
        rows={figureRows}
        allRows={rows}
        columns={columns}
        loading={loading}
        search={view.search}
        filters={view.filters}
        partial={partial}
        onFilter={setFilter}
      />
      <ResultsToolbar
        search={search}
        rows={rows}
        columns={columns}
        viewRows={viewRows}
        shownColumns={shownColumns}
        query={view.search}
        filtered={filtered}
        waiting={waiting}
        onQueryChange={onSearch}
        onClear={onClear}
        onColumnsChange={onColumnsChange}
      />
      {filtered && (
        <ActiveFilters
          query={view.search}
          filters={view.filters}
          columns={columns}
          onQueryChange={onSearch}
          onFilter={setFilter}
        />
      )}
      <CasesTable
        handle={table}
        busy={waiting}
        rows={viewRows}
        columns={shownColumns}
        sort={view.sort}
        onSortChange={onSortChange}
        onOpenRow={openDetail}
        renderFilter={(column) => (
          <HeaderFilterButton
            column={column}
            active={Boolean(view.filters[column.id])}
            onOpen={(anchor) => setFilterMenu({ anchor, value: column })}
          />
        )}
        empty={<NoMatches onClear={onClear} />}
      />
      <Suspense fallback={null}>
        {detail && (
          <RowDetail
            row={detail.value}
            columns={columns}
            place={
              detailIndex < 0
                ? null
                : { index: detailIndex, count: viewRows.length, onShow: showDetailRow }
            }
            returnFocus={detail.anchor}
            onClose={() => setDetail(null)}
          />
        )}
        {filterMenu && (
          <ColumnFilterPopover
            column={filterMenu.value}
            rows={rows}
            filter={view.filters[filterMenu.value.id]}
            anchor={filterMenu.anchor}
            onChange={(filter) => setFilter(filterMenu.value.id, filter)}
            onClose={() => setFilterMenu(null)}
          />
        )}
      </Suspense>
    </>
  );
}
