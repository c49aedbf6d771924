// What the charts draw, from the same rows as the table: pure, bounded to 500 points.
import type { CaseRow } from '@/features/rows/case-rows';
import { parseNumeric } from '@/lib/numbers';

export const MAX_POINTS = 500;
export const OTHERS_LABEL = 'Otros';

export interface CountPoint {
  label: string;
  count: number;
}

export interface CreditorPoint {
  label: string;
  count: number;
  amount: number;
}

export interface PeriodPoint {
  /**
   * `YYYY-MM` (by month), `YYYY` (by year, when months would pass the limit), or
   * `YYYY–YYYY` (several years a bar, when even years would).
   */
  period: string;
  count: number;
  /** The creation-date range this bar stands for. */
  from: string;
  to: string;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;

/** True when at least one row carries the field. */
export function hasField(rows: readonly CaseRow[], field: string): boolean {
  return rows.some((row) => {
    const value = (row.item as Record<string, unknown>)[field];
    return value !== undefined && value !== null && value !== '';
  });
}

/** Folds the tail into one "Otros" bar so a chart never passes `limit` points. */
function bounded<T extends { label: string }>(
  points: T[],
  limit: number,
  merge: (tail: T[]) => T,
): T[] {
  if (points.length <= limit) return points;
  return [...points.slice(0, limit - 1), merge(points.slice(limit - 1))];
}

export function casesByStatus(rows: readonly CaseRow[], limit = MAX_POINTS): CountPoint[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const status = text(row.item.Estado);
    if (status !== null) counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const points = [...counts].map(([label, count]) => ({ label, count }));
  points.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'es'));
  return bounded(points, limit, (tail) => ({
    label: OTHERS_LABEL,
    count: tail.reduce((sum, p) => sum + p.count, 0),
  }));
}

export function topCreditors(
  rows: readonly CaseRow[],
  by: 'count' | 'amount',
  limit = 10,
): CreditorPoint[] {
  const totals = new Map<string, CreditorPoint>();
  for (const row of rows) {
    const name = text(row.item.RazonSocialAcreedor);
    if (name === null) continue;
    const point = totals.get(name) ?? { label: name, count: 0, amount: 0 };
    point.count++;
    point.amount += parseNumeric(row.item.MontoNeto) ?? 0;
    totals.set(name, point);
  }
  const points = [...totals.values()];
  points.sort((a, b) => b[by] - a[by] || a.label.localeCompare(b.label, 'es'));
  return points.slice(0, Math.min(limit, MAX_POINTS));
}

function lastDayOfMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const day = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

/** Cases per month of creation, oldest first, with empty months in between; by year past the limit. */
export function casesPerMonth(rows: readonly CaseRow[], limit = MAX_POINTS): PeriodPoint[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    if (row.fechaCreacion === null) continue;
    const month = row.fechaCreacion.slice(0, 7);
    counts.set(month, (counts.get(month) ?? 0) + 1);
  }
  if (counts.size === 0) return [];
  const months = [...counts.keys()].sort();
  const first = months[0] as string;
  const last = months[months.length - 1] as string;
  const points: PeriodPoint[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  for (;;) {
    const key = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    points.push({
      period: key,
      count: counts.get(key) ?? 0,
      from: `${key}-01`,
      to: lastDayOfMonth(key),
    });
    if (key === last) break;
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  if (points.length <= limit) return points;
  const byYear = new Map<string, number>();
  for (const point of points) {
    const y = point.period.slice(0, 4);
    byYear.set(y, (byYear.get(y) ?? 0) + point.count);
  }
  const years = [...byYear].map(([y, count]) => ({
    period: y,
    count,
    from: `${y}-01-01`,
    to: `${y}-12-31`,
  }));
  if (years.length <= limit) return years;
  // Centuries of dates (a mistyped year): bars of several years each, still within the limit.
  const span = Math.ceil(years.length / limit);
  const groups: PeriodPoint[] = [];
  for (let i = 0; i < years.length; i += span) {
    const group = years.slice(i, i + span);
    const first = group[0] as PeriodPoint;
    const last = group[group.length - 1] as PeriodPoint;
    groups.push({
      period: `${first.period}–${last.period}`,
      count: group.reduce((sum, p) => sum + p.count, 0),
      from: first.from,
      to: last.to,
    });
  }
  return groups;
}
