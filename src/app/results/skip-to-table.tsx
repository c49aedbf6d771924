// "Saltar a la tabla": the first stop after a search, past the figures and the charts,
// shown when the keyboard reaches it.
import { GRID_ID } from '@/features/table/cases-table';
import styles from './skip-to-table.module.css';

export function SkipToTable({ onSkip }: { onSkip(): void }) {
  return (
    <a
      href={`#${GRID_ID}`}
      className={styles.skip}
      onClick={(event) => {
        // The URL holds the search and the view: no fragment in it.
        event.preventDefault();
        onSkip();
      }}
    >
      Saltar a la tabla
    </a>
  );
}
