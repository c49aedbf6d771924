// The codes our proxy answers with, in the API's error shape. Each of its own codes names
// one failure between the proxy and the upstream, or one refusal of the proxy's, so support
// reads the code to know what happened. The server, the browser and the docs take every
// code from here; the Spanish description is written where the refusal is decided, since
// it often names the cause (which limit, how long, which header).
import type { ErrorType } from './errors';

/**
 * One of the proxy's own codes, with the status and `Error.Type` it comes with; both null for
 * the one the browser gives itself (never on the wire).
 */
export type ProxyCode =
  | { readonly code: string; readonly status: number; readonly type: ErrorType }
  | { readonly code: string; readonly status: null; readonly type: null };

/** A code the proxy answers with: its status and type are known. */
export type AnsweredCode = Extract<ProxyCode, { status: number }>;

export const PROXY_CODES = {
  /** The upstream could not be reached, or its answer was cut short or could not be decoded. */
  unreachable: { code: 'X001', status: 502, type: 'RETRY_IMMEDIATELY' },
  /** The upstream did not answer within `KHIPU_TIMEOUT_MS`. */
  timeout: { code: 'X002', status: 504, type: 'RETRY_IMMEDIATELY' },
  /**
   * The upstream answered something that is not JSON, or nothing. An upstream 4xx keeps its
   * status and comes as DO_NOT_RETRY (429 excepted).
   */
  notJson: { code: 'X003', status: 502, type: 'RETRY_IMMEDIATELY' },
  /**
   * Busy, with `Retry-After: 1`: every upstream slot taken and the queue full (quota guard);
   * or the sign-in checks are full, or this address already has one running.
   */
  busy: { code: 'X004', status: 429, type: 'RETRY_IMMEDIATELY' },
  /** Quota guard: this client's budget of upstream requests a minute is spent (`Retry-After`). */
  overBudget: { code: 'X005', status: 429, type: 'RETRY_IMMEDIATELY' },
  /** Access control: no or wrong user and password (with `WWW-Authenticate`). */
  unauthenticated: { code: 'X006', status: 401, type: 'RETRY_AFTER_NOTIFICATION' },
  /**
   * Access control: not through the single sign-on proxy, no user named by it, or the
   * identity header sent more than once.
   */
  forbidden: { code: 'X007', status: 403, type: 'RETRY_AFTER_NOTIFICATION' },
  /** Asynchronous mode: `ASYNC_MAX_OPERATIONS` operations already wait (`Retry-After: 5`). */
  asyncFull: { code: 'X008', status: 503, type: 'RETRY_IMMEDIATELY' },
  /**
   * Asynchronous mode, told by the browser itself: the operation's `LifeSpan` ended without
   * its result; "Reintentar" asks again.
   */
  expired: { code: 'X009', status: null, type: null },
  /**
   * Search lanes: an earlier page of the search failed, so this one was not sent (nor
   * billed). Comes with the search-lane header set to `closed`.
   */
  laneClosed: { code: 'X010', status: 409, type: 'DO_NOT_RETRY' },
  /**
   * Search lanes: too many searches at once, a lane with too many pages waiting, or a turn
   * that did not come within `KHIPU_TIMEOUT_MS`; not sent. The search-lane header says `full`.
   */
  laneFull: { code: 'X011', status: 503, type: 'RETRY_IMMEDIATELY' },
  /** Access control: too many failed sign-ins from this address lately (`Retry-After`). */
  signInBackoff: { code: 'X012', status: 429, type: 'RETRY_IMMEDIATELY' },
  /**
   * Without access control, a `Host` that is not a loopback name (DNS rebinding, or a reverse
   * proxy passing its public name); plain text outside `/api`.
   */
  foreignHost: { code: 'X013', status: 421, type: 'RETRY_AFTER_NOTIFICATION' },
  /** An API request whose `Origin` is another host and port than its `Host`, or `null`. */
  foreignOrigin: { code: 'X014', status: 403, type: 'RETRY_AFTER_NOTIFICATION' },
  /**
   * The upstream's answer went past `KHIPU_MAX_RESPONSE_MB` decoded (or declared it would), or
   * was the largest when the answers being read went past `KHIPU_RESPONSES_MEMORY_MB`
   * together; or an asynchronous result past `KHIPU_MAX_RESPONSE_MB`. Not passed on nor kept.
   */
  tooLarge: { code: 'X015', status: 502, type: 'DO_NOT_RETRY' },
} as const satisfies Record<string, ProxyCode>;
