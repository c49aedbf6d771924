// What the table shows when no row passes the search and filters.
import styles from './no-matches.module.css';

export function NoMatches({ onClear }: { onClear(): void }) {
  return (
    <div className={styles.noMatches}>
      <p>Ningún caso coincide con los filtros.</p>
      <button type="button" className="button" onClick={onClear}>
        Limpiar filtros
      </button>
    </div>
  );
}
