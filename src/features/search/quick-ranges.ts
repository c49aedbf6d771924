// One-click date ranges. A quick range stays relative (its token in the URL and in recent
// searches) and becomes dates only when a search is made of it: "today" in Santiago.
import { addDays } from '@/lib/dates';
import { formatIsoDate } from '@/lib/format';

/** The URL's `rango` values: short Spanish tokens (docs/architecture.md#quick-ranges). */
export type QuickRangeId = '30d' | 'anio' | '12m' | '2019';

export interface QuickRange {
  id: QuickRangeId;
  label: string;
}

export interface DateRange {
  /** ISO dates, inclusive. */
  from: string;
  to: string;
}

export const QUICK_RANGES: readonly QuickRange[] = [
  { id: '30d', label: 'Últimos 30 días' },
  { id: 'anio', label: 'Este año' },
  { id: '12m', label: 'Últimos 12 meses' },
  { id: '2019', label: 'Desde 2019' },
];

export function isQuickRangeId(value: string): value is QuickRangeId {
  return QUICK_RANGES.some((range) => range.id === value);
}

export function quickRangeLabel(id: QuickRangeId): string {
  return QUICK_RANGES.find((range) => range.id === id)?.label ?? id;
}

/** The dates a quick range means on `today` (an ISO date in Santiago). */
export function quickRangeDates(id: QuickRangeId, today: string): DateRange {
  const year = today.slice(0, 4);
  switch (id) {
    case '30d':
      return { from: addDays(today, -29), to: today };
    case 'anio':
      return { from: `${year}-01-01`, to: today };
    case '12m': {
      const yearAgo = `${Number(year) - 1}${today.slice(4)}`;
      // 29 Feb a year ago does not exist: step back to 28 Feb.
      const lastYear = yearAgo.endsWith('-02-29') ? `${yearAgo.slice(0, 8)}28` : yearAgo;
      return { from: addDays(lastYear, 1), to: today };
    }
    case '2019':
      return { from: '2019-01-01', to: today };
  }
}

/** "Últimos 12 meses: 04-12-2024 a 03-12-2025": the range and the dates it meant. */
export function describeQuickRange(id: QuickRangeId, dates: DateRange): string {
  return `${quickRangeLabel(id)}: ${describeDates(dates)}`;
}

/** "14-11-2019 a 05-11-2025" */
export function describeDates({ from, to }: DateRange): string {
  return `${formatIsoDate(from)} a ${formatIsoDate(to)}`;
}
