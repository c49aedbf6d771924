// The funnel in a column's header: opens the column's filter; filled while one is set.
import type { ViewColumn } from '@/features/view/columns';
import styles from './header-filter-button.module.css';

export interface HeaderFilterButtonProps {
  column: ViewColumn;
  active: boolean;
  onOpen(anchor: HTMLElement): void;
}

export function HeaderFilterButton({ column, active, onOpen }: HeaderFilterButtonProps) {
  return (
    <button
      type="button"
      className={active ? `${styles.filter} ${styles.active}` : styles.filter}
      aria-label={`Filtrar ${column.label}`}
      title={`Filtrar ${column.label}`}
      onClick={(e) => onOpen(e.currentTarget)}
    >
      <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
        <path d="M1.5 2h13l-5 6.2V13l-3 1.5V8.2z" fill="currentColor" />
      </svg>
    </button>
  );
}
