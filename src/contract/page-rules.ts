// When a page answer lets a search go on. The paging engine, the page worker's fetching
// ahead and the proxy's search lanes all decide with this one rule, so they cannot disagree
// on when the rest of a search is worth paying for.

/** The pages a search of `total` cases takes at `rowsPerPage` (page 0 always comes). */
export function pageCountFor(total: number, rowsPerPage: number): number {
  return Math.max(1, Math.ceil(total / rowsPerPage));
}

/** What page 0 announced: the search's total and its page count at its page size. */
export interface SearchExtent {
  total: number;
  pageCount: number;
}

/** The extent page 0 announces: `total` cases at `rowsPerPage`. */
export function extentOf(total: number, rowsPerPage: number): SearchExtent {
  return { total, pageCount: pageCountFor(total, rowsPerPage) };
}

/**
 * The extent where page 0's announcement is not known (the proxy sees each page alone, and a
 * page's own total may differ from page 0's): no page is taken for the last one, so only a
 * page with cases, or page 0 of an empty search, lets the search go on.
 */
export function extentOfUnknownEnd(total: number): SearchExtent {
  return { total, pageCount: Number.POSITIVE_INFINITY };
}

/**
 * An answer lets the search go on when it holds cases, or when it is empty where nothing was
 * announced after it: page 0 of an empty search, or the last page. An empty page before the
 * announced end stops the search; page 0 empty under a positive total stops too, since
 * nothing after it can be trusted to come.
 */
export function pageLetsSearchGoOn(
  answer: { page: number; items: number },
  extent: SearchExtent,
): boolean {
  if (answer.items > 0) return true;
  if (answer.page === 0) return extent.total === 0;
  return answer.page >= extent.pageCount - 1;
}
