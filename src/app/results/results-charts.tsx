// The charts of the filtered rows, or their place while they wait.
import { lazy, Suspense } from 'react';
import type { CaseRow } from '@/features/rows/case-rows';
import type { ColumnFilter, ViewState } from '@/features/view/view-state';
import styles from './results-charts.module.css';

const ChartsPanel = lazy(() => import('@/features/charts/charts-panel'));

export interface ResultsChartsProps {
  /** The rows the charts count; null while they wait. */
  rows: readonly CaseRow[] | null;
  /** Pages are still arriving: redrawing the charts per page would slow the loading. */
  loading: boolean;
  filters: ViewState['filters'];
  onFilter(id: string, filter: ColumnFilter | null): void;
}

export function ResultsCharts({ rows, loading, filters, onFilter }: ResultsChartsProps) {
  if (rows === null) {
    return (
      <ChartsPlaceholder
        message={
          loading ? 'Los gráficos se muestran al terminar la carga.' : 'Preparando los gráficos…'
        }
      />
    );
  }
  return (
    <Suspense fallback={<ChartsPlaceholder message="Preparando los gráficos…" />}>
      <ChartsPanel rows={rows} filters={filters} onFilter={onFilter} />
    </Suspense>
  );
}

/**
 * The charts' place while they wait, at their size: when they come, the table under them
 * does not jump by half a screen (under the user's pointer, too).
 */
function ChartsPlaceholder({ message }: { message: string }) {
  return (
    <div className={styles.placeholder}>
      <p className={styles.chart}>{message}</p>
      <div className={styles.chart} aria-hidden="true" />
      <div className={`${styles.chart} ${styles.wide}`} aria-hidden="true" />
    </div>
  );
}
