// What a click on a bar does to its column's filter, and how a chart names that filter.
import { describeFilterValue } from '@/features/view/describe-filter';
import type { ColumnFilter } from '@/features/view/view-state';

/** The values a multi-value filter keeps (none when the filter is of another kind). */
export function selectedValues(filter: ColumnFilter | undefined): ReadonlySet<string> {
  return new Set(filter?.kind === 'multi' ? filter.values : []);
}

/**
 * The filter after a click on the bar of `value`: a selected value leaves the filter (the
 * filter goes when it was the last), any other becomes the only one.
 */
export function pickValue(filter: ColumnFilter | undefined, value: string): ColumnFilter | null {
  const values = [...selectedValues(filter)];
  if (!values.includes(value)) return { kind: 'multi', values: [value] };
  const rest = values.filter((v) => v !== value);
  return rest.length > 0 ? { kind: 'multi', values: rest } : null;
}

export interface DayRange {
  /** `YYYY-MM-DD`, both ends included. */
  from: string;
  to: string;
}

/** True when the bar's days meet the filter's range (an open end reaches every day). */
export function rangeSelected(filter: ColumnFilter | undefined, bar: DayRange): boolean {
  if (filter?.kind !== 'date-range') return false;
  return (
    (filter.from === null || bar.to >= filter.from) && (filter.to === null || bar.from <= filter.to)
  );
}

/** The filter after a click on a period's bar: that period, or none when it was that period. */
export function pickRange(filter: ColumnFilter | undefined, bar: DayRange): ColumnFilter | null {
  if (filter?.kind === 'date-range' && filter.from === bar.from && filter.to === bar.to)
    return null;
  return { kind: 'date-range', from: bar.from, to: bar.to };
}

/**
 * The filter in a few words beside its chart ("Cerrada", "2025-10", "desde 01-10-2025"),
 * `label` naming a range that is exactly one bar.
 */
export function describeChartFilter(
  filter: ColumnFilter,
  label: (range: DayRange) => string | null = () => null,
): string {
  if (filter.kind === 'date-range' && filter.from !== null && filter.to !== null) {
    const bar = label({ from: filter.from, to: filter.to });
    if (bar !== null) return bar;
  }
  return describeFilterValue(filter);
}
