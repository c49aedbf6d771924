// What our proxy adds to the API's contract: headers shared by the proxy (server/) and the
// browser (src/features/fetching).

/**
 * On a 200 the proxy checked against the contract: how many items the page holds. The
 * browser may send its next request before reading the body (page-prefetch.ts).
 */
export const PAGE_ITEMS_HEADER = 'x-page-items';
/**
 * With PAGE_ITEMS_HEADER: the page's TotalDisconformidades. Page 0's lets the browser plan
 * the rest before reading page 0's body (~3 ms for 200 cases, ~12 ms for 1,000).
 */
export const PAGE_TOTAL_HEADER = 'x-page-total';

/** Sent with each page request: the search's result stream (ignored in synchronous mode). */
export const OPERATION_STREAM_HEADER = 'x-operation-stream';
/** On a 202: the handle that the stream's events and a cancellation refer to. */
export const OPERATION_HANDLE_HEADER = 'x-operation-handle';
export const OPERATION_STREAM_PATH = '/api/operations/stream/';
export const OPERATIONS_PATH = '/api/operations/';
/** On a 202: how long the operation may still wait for its result, ms (the server's clock). */
export const OPERATION_REMAINING_HEADER = 'x-operation-remaining-ms';

/**
 * Sent with a page the browser sends ahead: `<lane id>:<concurrency>:<position>`, the page's
 * position in the search's plan (0 first). The proxy lets the page at position p go upstream
 * once p is below the concurrency plus the lane's good answers so far, and closes the lane
 * when an answer is not a good page (server/proxy/search-lanes.ts).
 */
export const SEARCH_LANE_HEADER = 'x-search-lane';
/** On a page answer: `1` when the proxy keeps search lanes (the asynchronous mode does not). */
export const SEARCH_LANES_HEADER = 'x-search-lanes';
/** A lane's value: an id of 8 to 80 letters, digits, `_`, `-` or `.`; concurrency; position. */
export const SEARCH_LANE_PATTERN = /^([\w.-]{8,80}):([1-9]\d?):(\d{1,7})$/;
/**
 * The proxy's answer (409) to a page of a closed lane: not sent, not billed. It also carries
 * SEARCH_LANE_HEADER with the value `closed`.
 */
export const LANE_CLOSED_CODE = 'X010';
/** The proxy's answer (503) to a page it holds no lane for (too many): not sent either. */
export const LANE_FULL_CODE = 'X011';
