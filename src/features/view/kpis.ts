// The figures above the table, for the current view.

import type { CaseRow } from '@/features/rows/case-rows';
import { parseNumeric } from '@/lib/numbers';
import { foldText } from '@/lib/text';

const openByStatus = new Map<string, boolean>();

/** Closed or rejected cases are done; any other given status is still open. */
export function isOpenStatus(status: unknown): boolean {
  if (typeof status !== 'string' || status.trim() === '') return false;
  // A search has a handful of distinct statuses and up to 100,000 rows: decide each once.
  let open = openByStatus.get(status);
  if (open === undefined) {
    open = !/^(cerrad|rechazad|closed|rejected)/.test(foldText(status.trim()));
    if (openByStatus.size < 1000) openByStatus.set(status, open);
  }
  return open;
}

export interface Kpis {
  cases: number;
  /** Sum of MontoNeto over the rows that have one; null when none has. */
  totalNet: number | null;
  open: number;
  /** The open case created first. */
  oldestOpen: { date: string; id: string | null } | null;
}

// Keyed by the rows array: a render React interrupts and starts over (progress renders as
// a transition) asks again for the same rows, and gets the figures already computed.
const kpisCache = new WeakMap<readonly CaseRow[], Kpis>();

export function computeKpis(rows: readonly CaseRow[]): Kpis {
  let kpis = kpisCache.get(rows);
  if (!kpis) {
    kpis = kpisOf(rows);
    kpisCache.set(rows, kpis);
  }
  return kpis;
}

function kpisOf(rows: readonly CaseRow[]): Kpis {
  let totalNet: number | null = null;
  let open = 0;
  let oldestOpen: Kpis['oldestOpen'] = null;
  for (const row of rows) {
    const amount = parseNumeric(row.item.MontoNeto);
    if (amount !== null) totalNet = (totalNet ?? 0) + amount;
    if (isOpenStatus(row.item.Estado)) {
      open++;
      const date = row.fechaCreacion;
      if (date !== null && (oldestOpen === null || date < oldestOpen.date)) {
        oldestOpen = { date, id: typeof row.item.IdCaso === 'string' ? row.item.IdCaso : null };
      }
    }
  }
  return { cases: rows.length, totalNet, open, oldestOpen };
}
