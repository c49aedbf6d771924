// One-click date ranges, computed for "today" in Santiago.
import { addDays } from '@/lib/dates';

export interface QuickRange {
  id: 'last-30-days' | 'this-year' | 'last-12-months' | 'since-2019';
  label: string;
  from: string;
  to: string;
}

/** `today`: ISO date in Santiago (see `santiagoToday`). */
export function quickRanges(today: string): QuickRange[] {
  const year = today.slice(0, 4);
  const yearAgo = `${Number(year) - 1}${today.slice(4)}`;
  // 29 Feb a year ago does not exist: step back to 28 Feb.
  const lastYear = yearAgo.endsWith('-02-29') ? `${yearAgo.slice(0, 8)}28` : yearAgo;
  return [
    { id: 'last-30-days', label: 'Últimos 30 días', from: addDays(today, -29), to: today },
    { id: 'this-year', label: 'Este año', from: `${year}-01-01`, to: today },
    { id: 'last-12-months', label: 'Últimos 12 meses', from: addDays(lastYear, 1), to: today },
    { id: 'since-2019', label: 'Desde 2019', from: '2019-01-01', to: today },
  ];
}
