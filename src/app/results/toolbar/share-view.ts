// The view leaves the app as a CSV file or as a link; each returns the notice to show.
import type { CsvSeparator } from '@/features/export/csv-export';
import type { CaseRow } from '@/features/rows/case-rows';
import type { SearchInput } from '@/features/search-input/search-input';
import type { ViewColumn } from '@/features/view/columns';
import { formatInteger } from '@/lib/format';

/** Downloads the rows and columns as a CSV file named after the search. */
export async function downloadCsv(
  search: SearchInput,
  rows: readonly CaseRow[],
  columns: readonly ViewColumn[],
  separator: CsvSeparator,
): Promise<string> {
  // A file of headers alone would look like an export that lost its rows.
  if (rows.length === 0) return 'No hay casos que exportar.';
  const { buildViewCsvBytes, csvFileName, downloadFile } = await import(
    '@/features/export/csv-export'
  );
  const parts = await buildViewCsvBytes(rows, columns, separator);
  downloadFile(csvFileName(search), parts);
  return `Descargado: ${formatInteger(rows.length)} ${rows.length === 1 ? 'caso' : 'casos'}.`;
}

/** Copies the page's address: the view is in it. */
export async function copyViewLink(): Promise<string> {
  try {
    await navigator.clipboard.writeText(window.location.href);
    return 'Enlace copiado: muestra esta misma vista.';
  } catch {
    return 'No se pudo copiar: copie la dirección de la barra del navegador.';
  }
}
