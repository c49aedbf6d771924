// "Descargar CSV" (the view as shown) beside its options: the separator, or every row and
// column of the search.
import { lazy, Suspense, useState } from 'react';
import type { CsvSeparator } from '@/features/export/csv-export';
import styles from './download-button.module.css';

const ExportMenu = lazy(() => import('@/features/export/export-menu'));

export interface DownloadButtonProps {
  disabled: boolean;
  onDownload(all: boolean, separator: CsvSeparator): void;
}

export function DownloadButton({ disabled, onDownload }: DownloadButtonProps) {
  const [menu, setMenu] = useState<HTMLElement | null>(null);
  const [separator, setSeparator] = useState<CsvSeparator>(';');
  return (
    <>
      <span className={styles.split}>
        <button
          type="button"
          className="button button-primary"
          disabled={disabled}
          onClick={() => onDownload(false, separator)}
        >
          Descargar CSV
        </button>
        <button
          type="button"
          className="button button-primary"
          aria-label="Opciones de descarga"
          disabled={disabled}
          onClick={(e) => setMenu(e.currentTarget)}
        >
          ▾
        </button>
      </span>
      {menu && (
        <Suspense fallback={null}>
          <ExportMenu
            anchor={menu}
            separator={separator}
            onSeparatorChange={setSeparator}
            onExportAll={() => {
              setMenu(null);
              onDownload(true, separator);
            }}
            onClose={() => setMenu(null)}
          />
        </Suspense>
      )}
    </>
  );
}
