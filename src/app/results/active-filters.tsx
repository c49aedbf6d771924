// The search and filters narrowing the rows, each a chip that removes it.
import type { ViewColumn } from '@/features/view/columns';
import type { ColumnFilter, ViewState } from '@/features/view/view-state';
import { formatClp, formatIsoDate } from '@/lib/format';
import styles from './active-filters.module.css';

/** `a a b`, `desde a`, `hasta b`: a range with either end open. */
function describeRange(low: string | null, high: string | null): string {
  if (low !== null && high !== null) return `${low} a ${high}`;
  return low !== null ? `desde ${low}` : `hasta ${high ?? '…'}`;
}

const shownAmount = (value: number | null) => (value === null ? null : formatClp(value));
const shownDate = (value: string | null) => (value === null ? null : formatIsoDate(value));

function describeFilter(column: ViewColumn | undefined, filter: ColumnFilter): string {
  const label = column?.label ?? 'Columna';
  switch (filter.kind) {
    case 'text':
      return `${label} contiene «${filter.contains}»`;
    case 'multi':
      return `${label}: ${filter.values.join(', ')}`;
    case 'amount-range':
      return `${label}: ${describeRange(shownAmount(filter.min), shownAmount(filter.max))}`;
    case 'date-range':
      return `${label}: ${describeRange(shownDate(filter.from), shownDate(filter.to))}`;
  }
}

export interface ActiveFiltersProps {
  /** The global search, as typed. */
  query: string;
  filters: ViewState['filters'];
  columns: readonly ViewColumn[];
  onQueryChange(query: string): void;
  onFilter(id: string, filter: ColumnFilter | null): void;
}

export function ActiveFilters({
  query,
  filters,
  columns,
  onQueryChange,
  onFilter,
}: ActiveFiltersProps) {
  const columnById = new Map(columns.map((c) => [c.id, c]));
  return (
    <ul className={styles.chips} aria-label="Filtros activos">
      {query.trim() && (
        <li>
          <span>Búsqueda «{query}»</span>
          <button type="button" aria-label="Quitar la búsqueda" onClick={() => onQueryChange('')}>
            ×
          </button>
        </li>
      )}
      {Object.entries(filters).map(([id, filter]) => (
        <li key={id}>
          <span>{describeFilter(columnById.get(id), filter)}</span>
          <button
            type="button"
            aria-label={`Quitar el filtro de ${columnById.get(id)?.label ?? id}`}
            onClick={() => onFilter(id, null)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
