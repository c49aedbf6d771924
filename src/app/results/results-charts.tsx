// The charts of the view's rows under a line that folds them away (remembered per browser),
// or their place while they wait.
import { lazy, Suspense, useId, useMemo, useState } from 'react';
import { CHART_COLUMNS, type ChartFacets } from '@/features/charts/chart-columns';
import { loadChartsCollapsed, saveChartsCollapsed } from '@/features/charts/charts-visibility';
import type { CaseRow } from '@/features/rows/case-rows';
import type { ViewColumn } from '@/features/view/columns';
import { facetRows } from '@/features/view/facet-rows';
import { type PartialResult, partialText } from '@/features/view/partial-result';
import type { ColumnFilter, ViewState } from '@/features/view/view-state';
import styles from './results-charts.module.css';

const ChartsPanel = lazy(() => import('@/features/charts/charts-panel'));

export interface ResultsChartsProps {
  /** The rows the view keeps, which the charts follow; null while they wait. */
  rows: readonly CaseRow[] | null;
  /** Every row read: what a chart filtered by its own column counts from. */
  allRows: readonly CaseRow[];
  columns: readonly ViewColumn[];
  /** Pages are still arriving: redrawing the charts per page would slow the loading. */
  loading: boolean;
  search: ViewState['search'];
  filters: ViewState['filters'];
  partial: PartialResult | null;
  onFilter(id: string, filter: ColumnFilter | null): void;
}

export function ResultsCharts({
  rows,
  allRows,
  columns,
  loading,
  search,
  filters,
  partial,
  onFilter,
}: ResultsChartsProps) {
  const id = useId();
  const [collapsed, setCollapsed] = useState(loadChartsCollapsed);
  const toggle = () => {
    saveChartsCollapsed(!collapsed);
    setCollapsed(!collapsed);
  };
  // The facets follow `rows`, which follow the view a painted frame later: the search and
  // filters they read are those `rows` were filtered by (they change together).
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on rows on purpose (above)
  const facets = useMemo<ChartFacets | null>(() => {
    if (rows === null || collapsed) return null;
    const facet = (column: string) =>
      facetRows(allRows, columns, { search, filters }, column, rows);
    return Object.fromEntries(CHART_COLUMNS.map((c) => [c, facet(c)])) as ChartFacets;
  }, [rows, collapsed]);
  const partialNote = partial ? partialText(partial) : null;

  return (
    <section className={styles.panel} aria-labelledby={`${id}-title`}>
      <div className={styles.header}>
        <h2 id={`${id}-title`} className={styles.title}>
          Gráficos
        </h2>
        <button
          type="button"
          className="link-button"
          aria-expanded={!collapsed}
          aria-controls={`${id}-charts`}
          onClick={toggle}
        >
          {collapsed ? 'Mostrar gráficos' : 'Ocultar gráficos'}
        </button>
        {collapsed && partialNote && <span className={styles.partial}>{partialNote}</span>}
      </div>
      <div id={`${id}-charts`} className={styles.grid} hidden={collapsed}>
        {collapsed ? null : rows === null || facets === null ? (
          <ChartsPlaceholder
            message={
              loading
                ? 'Los gráficos se muestran al terminar la carga.'
                : 'Preparando los gráficos…'
            }
          />
        ) : (
          <Suspense fallback={<ChartsPlaceholder message="Preparando los gráficos…" />}>
            <ChartsPanel
              rows={rows}
              allRows={allRows}
              facets={facets}
              filters={filters}
              onFilter={onFilter}
              partialNote={partialNote}
            />
          </Suspense>
        )}
      </div>
    </section>
  );
}

/**
 * The charts' place while they wait, at their size: when they come, the table under them
 * does not jump (under the user's pointer, too).
 */
function ChartsPlaceholder({ message }: { message: string }) {
  return (
    <>
      <p className={styles.placeholder}>{message}</p>
      <div className={styles.placeholder} aria-hidden="true" />
      <div className={styles.placeholder} aria-hidden="true" />
    </>
  );
}
