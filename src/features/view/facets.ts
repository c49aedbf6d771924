// The values a multi-select filter offers, with how many rows carry each.

import type { CaseRow } from '@/features/rows/case-rows';
import { valueToText } from '@/lib/text';
import type { ViewColumn } from './columns';

export interface Facet {
  value: string;
  count: number;
}

export function facetValues(rows: readonly CaseRow[], column: ViewColumn, limit = 500): Facet[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const value = valueToText(column.value(row));
    if (value !== '') counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, 'es'))
    .slice(0, limit);
}
