// What our proxy adds to the API's contract: the headers and paths shared by the proxy
// (server/) and the browser (src/features/fetching). Its error codes are in proxy-codes.ts.

/**
 * Every header our proxy adds to the API's contract, by name. Not here: the identity header
 * of single sign-on, whose name the operator chooses (`TRUSTED_USER_HEADER`, server/config.ts).
 */
export const PROXY_HEADERS = {
  /**
   * Proxy → browser, on a 200 the proxy checked against the contract: how many items the
   * page holds. The browser may send its next request before reading the body
   * (page-prefetch.ts).
   */
  pageItems: 'x-page-items',
  /**
   * Proxy → browser, with `pageItems`: the page's TotalDisconformidades. Page 0's lets the
   * browser plan the rest before reading page 0's body, which takes longer the larger the page.
   */
  pageTotal: 'x-page-total',
  /** Proxy → browser: `HIT`, `MISS`, `COALESCED` or `BYPASS` (the proxy's cache). */
  proxyCache: 'x-proxy-cache',
  /**
   * Browser → proxy, with a page the browser sends ahead: `<lane id>:<concurrency>:<position>`
   * (SEARCH_LANE_PATTERN), the page's position in the search's plan (0 first). The proxy lets
   * the page at position p go upstream once p is below the concurrency plus the lane's good
   * answers so far, and closes the lane when an answer does not let the search go on
   * (server/proxy/search-lanes.ts).
   * Proxy → browser, with a lane refusal: `closed` (PROXY_CODES.laneClosed) or `full`
   * (PROXY_CODES.laneFull).
   */
  searchLane: 'x-search-lane',
  /**
   * Proxy → browser, on a page answer: `1` when the proxy keeps search lanes (the
   * asynchronous mode does not).
   */
  searchLanes: 'x-search-lanes',
  /**
   * Browser → proxy, with each page request: the search's result stream (ignored in
   * synchronous mode).
   */
  operationStream: 'x-operation-stream',
  /** Proxy → browser, on a 202: the handle the stream's events and a cancellation refer to. */
  operationHandle: 'x-operation-handle',
  /**
   * Proxy → browser, on a 202: how long the operation may still wait for its result, ms (by
   * the server's clock).
   */
  operationRemaining: 'x-operation-remaining-ms',
} as const;

/** A lane's value: an id of 8 to 80 letters, digits, `_`, `-` or `.`; concurrency; position. */
export const SEARCH_LANE_PATTERN = /^([\w.-]{8,80}):([1-9]\d?):(\d{1,7})$/;

export const OPERATION_STREAM_PATH = '/api/operations/stream/';
export const OPERATIONS_PATH = '/api/operations/';
