// Pages of items → the rows every view reads (table, charts, CSV): in the API's order,
// de-duplicated by IdCaso, with dates normalized once per search.
import type { NonconformityItem } from '@/contract/item';
import type { PageData } from '@/features/fetching/classify-response';
import {
  decideSlashOrder,
  itemDateToString,
  parseItemDate,
  type SlashOrder,
  type SlashOrderDecision,
} from '@/lib/dates';

export interface CaseRow {
  /** IdCaso when present, else a position-based key. */
  key: string;
  /** Position in the API's order (0-based, after de-duplication). */
  index: number;
  /** Every field as parsed, unknown ones included. */
  item: NonconformityItem;
  /** `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm`; null when absent or unreadable (raw stays in `item`). */
  fechaCreacion: string | null;
  fechaResolucion: string | null;
}

export interface RowsResult {
  rows: CaseRow[];
  /** Items dropped because their IdCaso had already been read. */
  duplicates: number;
  slashOrder: SlashOrderDecision;
}

const DATE_FIELDS = ['FechaCreacion', 'FechaResolucion'] as const;

function normalizedDate(value: unknown, order: SlashOrder): string | null {
  const parsed = parseItemDate(value, order);
  return parsed ? itemDateToString(parsed) : null;
}

export function buildRows(pages: readonly (PageData | undefined)[]): RowsResult {
  const items: NonconformityItem[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const page of pages) {
    if (!page) continue;
    for (const item of page.items) {
      const id = item.IdCaso;
      if (typeof id === 'string' && id !== '') {
        if (seen.has(id)) {
          duplicates++;
          continue;
        }
        seen.add(id);
      }
      items.push(item);
    }
  }
  const slashOrder = decideSlashOrder(
    (function* () {
      for (const item of items) for (const field of DATE_FIELDS) yield item[field];
    })(),
  );
  const rows = items.map((item, index) => ({
    key: typeof item.IdCaso === 'string' && item.IdCaso !== '' ? item.IdCaso : `#${index}`,
    index,
    item,
    fechaCreacion: normalizedDate(item.FechaCreacion, slashOrder.order),
    fechaResolucion: normalizedDate(item.FechaResolucion, slashOrder.order),
  }));
  return { rows, duplicates, slashOrder };
}
