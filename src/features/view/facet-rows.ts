// The rows a chart of one column counts: every filter and the search but that column's own,
// so picking a bar keeps the other bars (dimmed) and the picked one in place.
import type { CaseRow } from '@/features/rows/case-rows';
import { filterRows } from './apply-view';
import type { ViewColumn } from './columns';
import type { ViewState } from './view-state';

/**
 * The rows filtered by the search and every filter except `columnId`'s. With no filter on
 * that column they are the view's own filtered rows, passed in and returned as they are.
 */
export function facetRows(
  rows: readonly CaseRow[],
  columns: readonly ViewColumn[],
  state: Pick<ViewState, 'search' | 'filters'>,
  columnId: string,
  filteredRows: readonly CaseRow[],
): readonly CaseRow[] {
  if (!Object.hasOwn(state.filters, columnId)) return filteredRows;
  const { [columnId]: _own, ...others } = state.filters;
  return filterRows(rows, columns, { search: state.search, filters: others });
}
