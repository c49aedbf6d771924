// What an active filter says, in es-CL (amounts in pesos, dates dd-mm-aaaa): on its chip
// above the table and beside the chart that set it, in the same words.
import type { ViewColumn } from '@/features/view/columns';
import type { ColumnFilter } from '@/features/view/view-state';
import { formatClp, formatIsoDate } from '@/lib/format';

/** `a a b`, `desde a` or `hasta b`: a range with either end open. */
function describeRange(low: string | null, high: string | null): string {
  if (low !== null && high !== null) return `${low} a ${high}`;
  return low !== null ? `desde ${low}` : `hasta ${high ?? '…'}`;
}

const shownAmount = (value: number | null) => (value === null ? null : formatClp(value));
const shownDate = (value: string | null) => (value === null ? null : formatIsoDate(value));

/** What a filter keeps, without its column: `$1.000.000 a $5.000.000`, `Cerrada, Abierta`. */
export function describeFilterValue(filter: ColumnFilter): string {
  switch (filter.kind) {
    case 'text':
      return `contiene «${filter.contains}»`;
    case 'multi':
      return filter.values.join(', ');
    case 'amount-range':
      return describeRange(shownAmount(filter.min), shownAmount(filter.max));
    case 'date-range':
      return describeRange(shownDate(filter.from), shownDate(filter.to));
  }
}

/** A chip's words: `Monto neto: $1.000.000 a $5.000.000`, `Estado: Cerrada, Abierta`. */
export function describeFilter(column: ViewColumn | undefined, filter: ColumnFilter): string {
  const label = column?.label ?? 'Columna';
  const value = describeFilterValue(filter);
  return filter.kind === 'text' ? `${label} ${value}` : `${label}: ${value}`;
}
