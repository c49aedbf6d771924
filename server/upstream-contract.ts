// What the proxy asks of any upstream (Khipu over the network, a test double, or the
// embedded simulator in-process): POST one JSON body, get back the decoded bytes.
import type { NonSharedBuffer } from 'node:buffer';
import type { UpstreamAuth } from './config';

export interface UpstreamRequest {
  headers: Record<string, string>;
  body: string;
  /** The whole exchange, body included, must finish within this many ms. */
  timeoutMs: number;
  /** The answer's body, decoded, may be at most this many bytes (`KHIPU_MAX_RESPONSE_MB`). */
  maxResponseBytes: number;
}

/** The answer with the body already decoded (no Content-Encoding left). */
export interface UpstreamReply {
  status: number;
  contentType: string | undefined;
  retryAfter: string | null;
  bytes: NonSharedBuffer;
}

export interface Upstream {
  auth: UpstreamAuth;
  /**
   * Rejects with `UpstreamTimeoutError` when `timeoutMs` passes, `UpstreamTooLargeError` when
   * the body goes past `maxResponseBytes`, and any other error when the upstream cannot be
   * reached or its answer cannot be read.
   */
  post: (request: UpstreamRequest) => Promise<UpstreamReply>;
}

export class UpstreamTimeoutError extends Error {
  override name = 'UpstreamTimeoutError';
  constructor(timeoutMs: number) {
    super(`No answer within ${timeoutMs} ms`);
  }
}

/** The answer's body went past `maxResponseBytes` decoded: it was read no further. */
export class UpstreamTooLargeError extends Error {
  override name = 'UpstreamTooLargeError';
  /** The upstream's HTTP status (its headers came, its body was cut off). */
  readonly status: number;
  constructor(status: number, maxBytes: number) {
    super(`The answer's body goes past ${maxBytes} bytes`);
    this.status = status;
  }
}
