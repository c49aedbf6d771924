// The rows as the view shows them: the column catalog, the visible columns, the rows the
// filters keep (what the figures count) and those rows sorted (what the table shows).
import { useMemo, useState } from 'react';
import type { CaseRow } from '@/features/rows/case-rows';
import { sameItems } from '@/lib/same-items';
import { filterRows, sortRows, visibleColumns } from './apply-view';
import { columnsFor, type ViewColumn } from './columns';
import type { ViewState } from './view-state';

/**
 * The catalog for the fields seen so far: the same array while the same fields keep
 * arriving (each page brings a new list), as a new catalog re-renders every row.
 */
function useColumnCatalog(unknownFields: readonly string[]): ViewColumn[] {
  const [catalog, setCatalog] = useState(() => ({
    fields: unknownFields,
    columns: columnsFor(unknownFields),
  }));
  if (sameItems(catalog.fields, unknownFields)) return catalog.columns;
  const next = { fields: unknownFields, columns: columnsFor(unknownFields) };
  setCatalog(next);
  return next.columns;
}

export interface ViewRows {
  /** Every column the rows have. */
  columns: ViewColumn[];
  /** The columns the view shows, in order. */
  shownColumns: ViewColumn[];
  /** The rows the search and filters keep, in the API's order. */
  filteredRows: readonly CaseRow[];
  /** The kept rows in the view's order. */
  viewRows: readonly CaseRow[];
}

/**
 * Each result is computed again only when what it reads changes: the view's parts keep
 * their objects while their values stay the same (see view-state.ts).
 */
export function useViewRows(
  rows: readonly CaseRow[],
  unknownFields: readonly string[],
  view: ViewState,
): ViewRows {
  const columns = useColumnCatalog(unknownFields);
  const { sort, search, filters, columns: visible } = view;
  const shownColumns = useMemo(
    () => visibleColumns(columns, { columns: visible }),
    [columns, visible],
  );
  // The table's rows follow the URL at once: filtering (an indexOf over the joined index)
  // and sorting (a native typed-array sort) take tens of ms on 100,000 rows, and a deferred
  // render would be interrupted by the URL's synchronous updates and compute them twice.
  // Filtering and sorting are memoized apart: a sort does not filter again, and the
  // figures (KPIs, charts) depend on the filtered rows only, not on their order.
  const filteredRows = useMemo(
    () => filterRows(rows, columns, { search, filters }),
    [rows, columns, search, filters],
  );
  const viewRows = useMemo(
    () => sortRows(filteredRows, columns, sort),
    [filteredRows, columns, sort],
  );
  return { columns, shownColumns, filteredRows, viewRows };
}
