// What the proxy asks of any upstream (Khipu over the network, a test double, or the
// embedded simulator in-process): POST one JSON body, get back the decoded bytes.
import type { NonSharedBuffer } from 'node:buffer';
import type { UpstreamAuth } from '../config';

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
   * the body goes past a bound on its size, and any other error when the upstream cannot be
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

/**
 * The answer's body was read no further: it went (or said it would go) past
 * `maxResponseBytes` decoded, or it held the most when the answers being read together went
 * past the memory they share (`KHIPU_RESPONSES_MEMORY_MB`).
 */
export class UpstreamTooLargeError extends Error {
  override name = 'UpstreamTooLargeError';
  /** The upstream's HTTP status (its headers came, its body was cut off). */
  readonly status: number;
  /** Which bound: this answer's own, or the one of all answers being read. */
  readonly bound: 'answer' | 'together';
  readonly maxBytes: number;
  constructor(status: number, bound: 'answer' | 'together', maxBytes: number) {
    super(
      bound === 'answer'
        ? `The answer's body goes past ${maxBytes} bytes`
        : `The answers being read go past ${maxBytes} bytes together; this one held the most`,
    );
    this.status = status;
    this.bound = bound;
    this.maxBytes = maxBytes;
  }
}

/** What the browser is told of an answer cut off as too large (PROXY_CODES.tooLarge). */
export function tooLargeDescription(bound: UpstreamTooLargeError['bound'], maxBytes: number) {
  const limit = `${maxBytes / (1024 * 1024)} MB`;
  return bound === 'answer'
    ? `La respuesta de la API supera el tamaño máximo que acepta el proxy (${limit}); pruebe con menos filas por página.`
    : `Las respuestas de la API en curso superan juntas la memoria que el proxy les reserva (${limit}) y esta era la mayor; pruebe con menos filas por página.`;
}
