// The loaded cases as the user explores them: KPIs, charts, toolbar, table and detail.
// Every part reads the same view rows (filtered and sorted once, in features/view).
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { CsvSeparator } from '@/features/export/csv-export';
import { KpiBar } from '@/features/kpis/kpi-bar';
import type { CaseRow } from '@/features/rows/case-rows';
import type { SearchInput } from '@/features/search-input/search-input';
import { CasesTable } from '@/features/table/cases-table';
import { filterRows, sortRows, visibleColumns, warmSearchIndex } from '@/features/view/apply-view';
import { columnsFor, type ViewColumn } from '@/features/view/columns';
import { useViewUrl } from '@/features/view/use-view-url';
import {
  type ColumnFilter,
  clearFilters,
  hasActiveFilters,
  type SortEntry,
  type ViewState,
  withFilter,
} from '@/features/view/view-state';
import { formatInteger, formatIsoDate } from '@/lib/format';
import { idlePeriod } from '@/lib/idle';
import { useAfterPaint } from '@/lib/use-after-paint';

const ChartsPanel = lazy(() => import('@/features/charts/charts-panel'));
const RowDetail = lazy(() => import('@/features/table/row-detail'));
const ColumnFilterPopover = lazy(() => import('@/features/table/column-filter-popover'));
const ColumnsMenu = lazy(() => import('@/features/table/columns-menu'));
const ExportMenu = lazy(() => import('@/features/export/export-menu'));

const SEARCH_DEBOUNCE_MS = 200;

function describeFilter(column: ViewColumn | undefined, filter: ColumnFilter): string {
  const label = column?.label ?? 'Columna';
  switch (filter.kind) {
    case 'text':
      return `${label} contiene «${filter.contains}»`;
    case 'multi':
      return `${label}: ${filter.values.join(', ')}`;
    case 'amount-range':
      return `${label}: ${filter.min ?? '…'} a ${filter.max ?? '…'}`;
    case 'date-range':
      return `${label}: ${filter.from ? formatIsoDate(filter.from) : '…'} a ${
        filter.to ? formatIsoDate(filter.to) : '…'
      }`;
  }
}

/** The global search box: typed locally, written to the URL after a short pause. */
function GlobalSearch({ value, onChange }: { value: string; onChange(value: string): void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => {
      // The benchmark measures from here: the pause while typing is excluded on purpose.
      performance.mark('cen:search-applied');
      onChange(text);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <input
      type="search"
      className="global-search"
      placeholder="Buscar en la tabla (sin importar tildes ni mayúsculas)"
      aria-label="Buscar en la tabla"
      value={text}
      onChange={(event) => setText(event.target.value)}
    />
  );
}

/**
 * Prepares every row's searchable text in idle time once the search has loaded, so the
 * first keystroke in the global search does not pay for 100,000 rows at once.
 */
function useWarmSearchIndex(rows: readonly CaseRow[], loading: boolean) {
  useEffect(() => {
    if (loading || rows.length === 0) return;
    let cancelled = false;
    void (async () => {
      // rows.length + 1: every row's text is in the joined index.
      for (let next = 0; next <= rows.length; ) {
        const idle = await idlePeriod();
        if (cancelled) return;
        next = warmSearchIndex(rows, next, () => idle.timeRemaining() < 2);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [rows, loading]);
}

/**
 * The charts' place while they wait, at their size: when they come, the table under them
 * does not jump by half a screen (under the user's pointer, too).
 */
function ChartsPlaceholder({ message }: { message: string }) {
  return (
    <div className="charts charts-pending">
      <p className="chart-pending">{message}</p>
      <div className="chart-pending" aria-hidden="true" />
      <div className="chart-pending chart-wide" aria-hidden="true" />
    </div>
  );
}

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
}

export function ResultsView({
  search,
  rows,
  unknownFields,
  loading,
  waiting = false,
}: ResultsViewProps) {
  const [view, setView] = useViewUrl();
  // Stable while the same fields keep arriving: new columns would re-render every row.
  const fieldsKey = unknownFields.join('\u0000');
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the fields' names, not the array
  const columns = useMemo(() => columnsFor(unknownFields), [fieldsKey]);
  // Keyed on content: the view object is new on every URL change (a sort, a keystroke),
  // and a new column list or filters object would re-render every row and the charts.
  const columnsKey = JSON.stringify(view.columns);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the visible ids
  const shownColumns = useMemo(() => visibleColumns(columns, view), [columns, columnsKey]);
  const filtersKey = JSON.stringify(view.filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the filters' content
  const filters = useMemo(() => view.filters, [filtersKey]);
  // The table's rows follow the URL at once: filtering (an indexOf over the joined index)
  // and sorting (a native typed-array sort) take tens of ms on 100,000 rows; a deferred
  // render here was interrupted by the URL's synchronous updates and computed twice.
  // Filtering and sorting are memoized apart: a sort does not filter again, and the
  // figures (KPIs, charts) depend on the filtered rows only, not on their order.
  const filterKey = JSON.stringify([view.search, view.filters]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the filters' content
  const filteredRows = useMemo(() => filterRows(rows, columns, view), [rows, columns, filterKey]);
  const sortKey = JSON.stringify(view.sort);
  const viewRows = useMemo(
    () => sortRows(filteredRows, columns, JSON.parse(sortKey)),
    [filteredRows, columns, sortKey],
  );
  // The figures follow a step behind the table: the rows paint first.
  const figureRows = useAfterPaint(loading ? null : filteredRows);
  useWarmSearchIndex(rows, loading);
  // The export's code is fetched once results show, not when the user is waiting for a file.
  useEffect(() => {
    void import('@/features/export/csv-export');
  }, []);

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
  const [filterMenu, setFilterMenu] = useState<Anchored<ViewColumn> | null>(null);
  const [columnsMenu, setColumnsMenu] = useState<HTMLElement | null>(null);
  const [exportMenu, setExportMenu] = useState<HTMLElement | null>(null);
  const [separator, setSeparator] = useState<CsvSeparator>(';');
  const [notice, setNotice] = useState<string | null>(null);

  const update = useCallback((change: (v: ViewState) => ViewState) => setView(change), [setView]);
  const setFilter = useCallback(
    (id: string, filter: ColumnFilter | null) => update((v) => withFilter(v, id, filter)),
    [update],
  );
  const onSortChange = useCallback(
    (sort: SortEntry[]) => update((v) => ({ ...v, sort })),
    [update],
  );
  const onSearch = useCallback((search: string) => update((v) => ({ ...v, search })), [update]);
  const onClear = useCallback(() => update(clearFilters), [update]);

  const download = async (all: boolean) => {
    setNotice('Preparando el archivo…');
    const { buildViewCsvBytes, csvFileName, downloadFile } = await import(
      '@/features/export/csv-export'
    );
    const parts = await buildViewCsvBytes(
      all ? rows : viewRows,
      all ? columns : shownColumns,
      separator,
    );
    downloadFile(csvFileName(search), parts);
    const count = all ? rows.length : viewRows.length;
    setNotice(`Descargado: ${formatInteger(count)} ${count === 1 ? 'caso' : 'casos'}.`);
  };

  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setNotice('Enlace copiado: muestra esta misma vista.');
    } catch {
      setNotice('No se pudo copiar: copie la dirección de la barra del navegador.');
    }
  };

  const filtered = hasActiveFilters(view);
  const columnById = new Map(columns.map((c) => [c.id, c]));

  return (
    <>
      <KpiBar rows={figureRows} />
      {figureRows === null ? (
        <ChartsPlaceholder
          message={
            loading ? 'Los gráficos se muestran al terminar la carga.' : 'Preparando los gráficos…'
          }
        />
      ) : (
        <Suspense fallback={<ChartsPlaceholder message="Preparando los gráficos…" />}>
          <ChartsPanel rows={figureRows} filters={filters} onFilter={setFilter} />
        </Suspense>
      )}

      <div className="toolbar">
        <GlobalSearch value={view.search} onChange={onSearch} />
        <span className="toolbar-count" aria-live="polite">
          {waiting
            ? 'Consultando…'
            : filtered
              ? `${formatInteger(viewRows.length)} de ${formatInteger(rows.length)} casos`
              : `${formatInteger(rows.length)} casos`}
        </span>
        <div className="toolbar-actions">
          {filtered && (
            <button type="button" className="button" onClick={onClear}>
              Limpiar filtros
            </button>
          )}
          <button type="button" className="button" onClick={(e) => setColumnsMenu(e.currentTarget)}>
            Columnas
          </button>
          <button type="button" className="button" onClick={copyLink}>
            Copiar enlace
          </button>
          <span className="split-button">
            <button
              type="button"
              className="button button-primary"
              disabled={waiting}
              onClick={() => void download(false)}
            >
              Descargar CSV
            </button>
            <button
              type="button"
              className="button button-primary"
              aria-label="Opciones de descarga"
              disabled={waiting}
              onClick={(e) => setExportMenu(e.currentTarget)}
            >
              ▾
            </button>
          </span>
        </div>
      </div>
      {notice && (
        <p className="toolbar-notice" role="status">
          {notice}
        </p>
      )}

      {filtered && (
        <ul className="active-filters" aria-label="Filtros activos">
          {view.search.trim() && (
            <li>
              <span>Búsqueda «{view.search}»</span>
              <button type="button" aria-label="Quitar la búsqueda" onClick={() => onSearch('')}>
                ×
              </button>
            </li>
          )}
          {Object.entries(view.filters).map(([id, filter]) => (
            <li key={id}>
              <span>{describeFilter(columnById.get(id), filter)}</span>
              <button
                type="button"
                aria-label={`Quitar el filtro de ${columnById.get(id)?.label ?? id}`}
                onClick={() => setFilter(id, null)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}

      <CasesTable
        busy={waiting}
        rows={viewRows}
        columns={shownColumns}
        sort={view.sort}
        onSortChange={onSortChange}
        onOpenRow={openDetail}
        renderFilter={(column) => (
          <button
            type="button"
            className={
              view.filters[column.id] ? 'header-filter header-filter-active' : 'header-filter'
            }
            aria-label={`Filtrar ${column.label}`}
            title={`Filtrar ${column.label}`}
            onClick={(e) => setFilterMenu({ anchor: e.currentTarget, value: column })}
          >
            <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
              <path d="M1.5 2h13l-5 6.2V13l-3 1.5V8.2z" fill="currentColor" />
            </svg>
          </button>
        )}
        empty={
          <div className="empty-filtered">
            <p>Ningún caso coincide con los filtros.</p>
            <button type="button" className="button" onClick={onClear}>
              Limpiar filtros
            </button>
          </div>
        }
      />

      <Suspense fallback={null}>
        {detail && (
          <RowDetail
            row={detail.value}
            columns={columns}
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
        {columnsMenu && (
          <ColumnsMenu
            columns={columns}
            visible={shownColumns}
            anchor={columnsMenu}
            onChange={(ids) => update((v) => ({ ...v, columns: ids }))}
            onClose={() => setColumnsMenu(null)}
          />
        )}
        {exportMenu && (
          <ExportMenu
            anchor={exportMenu}
            separator={separator}
            onSeparatorChange={setSeparator}
            onExportAll={() => {
              setExportMenu(null);
              void download(true);
            }}
            onClose={() => setExportMenu(null)}
          />
        )}
      </Suspense>
    </>
  );
}
