// Above the table: the global search, how many cases show, and what to do with them (clear
// the filters, choose the columns, copy the view's link, download it).
import { lazy, Suspense, useEffect, useState } from 'react';
import type { CsvSeparator } from '@/features/export/csv-export';
import type { CaseRow } from '@/features/rows/case-rows';
import type { SearchInput } from '@/features/search-input/search-input';
import type { ViewColumn } from '@/features/view/columns';
import { formatInteger } from '@/lib/format';
import { DownloadButton } from './download-button';
import { GlobalSearch } from './global-search';
import styles from './results-toolbar.module.css';
import { copyViewLink, downloadCsv } from './share-view';

const ColumnsMenu = lazy(() => import('@/features/table/columns-menu'));

export interface ResultsToolbarProps {
  search: SearchInput;
  /** Every row and column of the search. */
  rows: readonly CaseRow[];
  columns: readonly ViewColumn[];
  /** The rows and columns the view shows. */
  viewRows: readonly CaseRow[];
  shownColumns: readonly ViewColumn[];
  /** The global search, as typed. */
  query: string;
  /** A search or a filter narrows the rows. */
  filtered: boolean;
  /** No page has arrived yet. */
  waiting: boolean;
  onQueryChange(query: string): void;
  onClear(): void;
  onColumnsChange(ids: string[] | null): void;
}

/** How many cases show, and of how many when filtered. */
function countText(waiting: boolean, filtered: boolean, shown: number, total: number): string {
  if (waiting) return 'Consultando…';
  if (filtered) return `${formatInteger(shown)} de ${formatInteger(total)} casos`;
  return `${formatInteger(total)} casos`;
}

export function ResultsToolbar({
  search,
  rows,
  columns,
  viewRows,
  shownColumns,
  query,
  filtered,
  waiting,
  onQueryChange,
  onClear,
  onColumnsChange,
}: ResultsToolbarProps) {
  const [columnsMenu, setColumnsMenu] = useState<HTMLElement | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The export's code is fetched once results show, not when the user is waiting for a file.
  useEffect(() => {
    void import('@/features/export/csv-export');
  }, []);

  const download = async (all: boolean, separator: CsvSeparator) => {
    setNotice('Preparando el archivo…');
    setNotice(
      all
        ? await downloadCsv(search, rows, columns, separator)
        : await downloadCsv(search, viewRows, shownColumns, separator),
    );
  };

  return (
    <>
      <div className={styles.toolbar}>
        <GlobalSearch value={query} onChange={onQueryChange} />
        <span className={styles.count} aria-live="polite">
          {countText(waiting, filtered, viewRows.length, rows.length)}
        </span>
        <div className={styles.actions}>
          {filtered && (
            <button type="button" className="button" onClick={onClear}>
              Limpiar filtros
            </button>
          )}
          <button type="button" className="button" onClick={(e) => setColumnsMenu(e.currentTarget)}>
            Columnas
          </button>
          <button
            type="button"
            className="button"
            onClick={async () => setNotice(await copyViewLink())}
          >
            Copiar enlace
          </button>
          <DownloadButton disabled={waiting} onDownload={(all, sep) => void download(all, sep)} />
        </div>
      </div>
      {notice && (
        <p className={styles.notice} role="status">
          {notice}
        </p>
      )}
      {columnsMenu && (
        <Suspense fallback={null}>
          <ColumnsMenu
            columns={columns}
            visible={shownColumns}
            anchor={columnsMenu}
            onChange={onColumnsChange}
            onClose={() => setColumnsMenu(null)}
          />
        </Suspense>
      )}
    </>
  );
}
