// The CSV of the current view: the same rows and visible columns as the table, with
// values unformatted (amounts as integers, dates ISO) so a spreadsheet can compute.
import type { SearchInput } from '@/features/fetching/search-input';
import type { CaseRow } from '@/features/view/case-rows';
import type { ViewColumn } from '@/features/view/columns';
import { CSV_BOM, csvLine } from '@/lib/csv';
import { rutWithHyphen } from '@/lib/rut';

export type CsvSeparator = ';' | ',';

/** `disconformidades_76999999-K_2019-11-14_2025-11-05.csv` */
export function csvFileName(search: SearchInput): string {
  return `disconformidades_${rutWithHyphen(search.rut)}_${search.from}_${search.to}.csv`;
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Builds the file in slices, yielding to the browser between them, so 100,000 rows
 * never freeze the page for long.
 */
export async function buildViewCsv(
  rows: readonly CaseRow[],
  columns: readonly ViewColumn[],
  separator: CsvSeparator = ';',
  sliceSize = 10_000,
): Promise<string> {
  const parts: string[] = [
    CSV_BOM,
    csvLine(
      columns.map((c) => c.label),
      separator,
    ),
  ];
  for (let start = 0; start < rows.length; start += sliceSize) {
    if (start > 0) await nextTask();
    const end = Math.min(start + sliceSize, rows.length);
    const lines: string[] = [];
    for (let i = start; i < end; i++) {
      const row = rows[i] as CaseRow;
      lines.push(
        csvLine(
          columns.map((column) => column.csv(row)),
          separator,
        ),
      );
    }
    parts.push(lines.join('\r\n'));
  }
  return `${parts[0]}${parts.slice(1).join('\r\n')}\r\n`;
}

/** Hands a text file to the browser's download. */
export function downloadTextFile(
  name: string,
  text: string,
  type = 'text/csv;charset=utf-8',
): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
