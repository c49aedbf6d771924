// The global search box: typed locally, written to the URL after a short pause.
import { useEffect, useState } from 'react';
import styles from './global-search.module.css';

const SEARCH_DEBOUNCE_MS = 200;

export function GlobalSearch({
  value,
  onChange,
}: {
  value: string;
  onChange(value: string): void;
}) {
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
      className={styles.search}
      placeholder="Buscar en la tabla (sin importar tildes ni mayúsculas)"
      aria-label="Buscar en la tabla"
      value={text}
      onChange={(event) => setText(event.target.value)}
    />
  );
}
