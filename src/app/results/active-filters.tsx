// The search and filters narrowing the rows, each a chip that removes it.
import type { ViewColumn } from '@/features/view/columns';
import { describeFilter } from '@/features/view/describe-filter';
import type { ColumnFilter, ViewState } from '@/features/view/view-state';
import styles from './active-filters.module.css';

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
