// The check of an upstream body before it reaches the browser: it must be UTF-8 JSON (else
// PROXY_CODES.notJson), and only `Status: "OK"` with `Data`, in an envelope the browser
// accepts, is worth keeping. The proxy passes the bytes on untouched, so the check only has
// to decide, and cheaply: it runs on every answer.
import { Buffer, isUtf8 } from 'node:buffer';
import { parseResponseEnvelope } from '../../src/contract/response';

/** A page the contract accepts: its item count and the search's TotalDisconformidades. */
export interface CheckedPage {
  items: number;
  total: number;
}

export interface UpstreamJson {
  /**
   * `Status: "OK"` with a `Data` that is not null, in an envelope and with items the
   * contract accepts: the only answers worth keeping (anything else the browser refuses;
   * kept, it would be served again for the cache's lifetime even after the API recovers).
   * Its item count and total are told to the browser (PROXY_HEADERS.pageItems and
   * PROXY_HEADERS.pageTotal).
   * Null for any other answer.
   */
  page: CheckedPage | null;
  /** A 202's operation: its OperationId and LifeSpan (ASCII facts, safe to read here). */
  operation: { operationId: string; lifeSpan: string | null } | null;
}

const BYTE_ORDER_MARK = Buffer.from([0xef, 0xbb, 0xbf]);

/** What the proxy needs to know of the body, or undefined when it is not UTF-8 JSON. */
export function inspectUpstreamJson(bytes: Buffer): UpstreamJson | undefined {
  if (!isUtf8(bytes)) return undefined;
  // Browsers' UTF-8 decoding drops a byte order mark before parsing: so does this check.
  const start = bytes.subarray(0, 3).equals(BYTE_ORDER_MARK) ? 3 : 0;
  let value: unknown;
  try {
    // Valid UTF-8 read as Latin-1 parses exactly when its UTF-8 reading does: bytes ≥ 0x80
    // only occur inside strings, where as Latin-1 characters they are allowed. It is cheaper
    // (no decoding, a one-byte string). Non-ASCII text comes out garbled, so only ASCII
    // facts are read from the value.
    value = JSON.parse(bytes.toString('latin1', start));
  } catch {
    return undefined;
  }
  const envelope = value as {
    Status?: unknown;
    Data?: unknown;
    OperationId?: unknown;
    LifeSpan?: unknown;
  } | null;
  // Garbled text is still text: the contract's checks of types and shapes read the same.
  const contract =
    envelope?.Status === 'OK' && envelope.Data != null ? parseResponseEnvelope(value) : null;
  const list = contract?.ok === true ? contract.value.Data?.NonconformitiesList : undefined;
  const page = list
    ? { items: list.Disconformidades.length, total: list.TotalDisconformidades }
    : null;
  const operationId = envelope?.OperationId;
  const operation =
    envelope?.Status === 'OK' && typeof operationId === 'string' && operationId !== ''
      ? {
          operationId,
          lifeSpan: typeof envelope.LifeSpan === 'string' ? envelope.LifeSpan : null,
        }
      : null;
  return { page, operation };
}
