// What became of a page request sent upstream: the upstream's answer, checked, or the
// proxy's own failure in its stead; or it was never sent.
import type { NonSharedBuffer } from 'node:buffer';
import type { ErrorType } from '../../src/contract/errors';
import { type AnsweredCode, PROXY_CODES } from '../../src/contract/proxy-codes';
import { isJsonContentType } from '../http/json-content-type';
import { khipuError } from '../khipu-error';
import {
  tooLargeDescription,
  type Upstream,
  type UpstreamReply,
  type UpstreamRequest,
  UpstreamTimeoutError,
  UpstreamTooLargeError,
} from '../upstream/upstream-contract';
import { type CheckedPage, inspectUpstreamJson } from '../upstream/upstream-json';

/** What became of a request: an answer, or a failure, from the upstream; or it was not sent. */
export type UpstreamOutcome =
  | SentOutcome
  /** Dropped while it waited for its slot: every browser that wanted it had left. */
  | { kind: 'unsent' };

export type SentOutcome =
  | {
      kind: 'answered';
      status: number;
      body: NonSharedBuffer;
      retryAfter: string | null;
      /** A 200 the contract accepts (the only answers worth keeping): its items and total. */
      page: CheckedPage | null;
      /** The operation a 202 announces (asynchronous mode). */
      accepted: { operationId: string; lifeSpan: string | null } | null;
    }
  | {
      kind: 'failed';
      /** The upstream's status, when it answered at all (for the audit line). */
      upstreamStatus: number | null;
      /** The proxy's own code in its answer. */
      code: string;
      response: () => Response;
    };

export const UNSENT: UpstreamOutcome = Object.freeze({ kind: 'unsent' });

/**
 * The upstream's answer, its body redacted before anything reads it (an error, or data's
 * AdditionalInformation, may echo what it was sent): what is checked is what is kept and sent.
 */
export async function callUpstream(
  upstream: Upstream,
  request: UpstreamRequest,
  redact: (bytes: NonSharedBuffer) => NonSharedBuffer,
): Promise<SentOutcome> {
  let reply: UpstreamReply;
  try {
    reply = await upstream.post(request);
  } catch (error) {
    if (error instanceof UpstreamTimeoutError) {
      return failed(
        null,
        PROXY_CODES.timeout,
        `La API no respondió en ${formatSeconds(request.timeoutMs)} s (tiempo de espera del proxy).`,
      );
    }
    if (error instanceof UpstreamTooLargeError) {
      // The same page would be as large again: retrying would only be billed again.
      return failed(
        error.status,
        PROXY_CODES.tooLarge,
        tooLargeDescription(error.bound, error.maxBytes),
      );
    }
    return failed(
      null,
      PROXY_CODES.unreachable,
      'No fue posible comunicarse con la API (error de red entre el proxy y Khipu).',
    );
  }
  const { status, retryAfter } = reply;
  const isJson = isJsonContentType(reply.contentType);
  const bytes = isJson ? redact(reply.bytes) : reply.bytes;
  const json = isJson ? inspectUpstreamJson(bytes) : undefined;
  if (json === undefined) {
    // An upstream 4xx keeps its status: the browser reads it as the API's refusal.
    const answerStatus = status >= 400 && status < 500 ? status : PROXY_CODES.notJson.status;
    const type: ErrorType =
      answerStatus === 429 || answerStatus >= 500 ? PROXY_CODES.notJson.type : 'DO_NOT_RETRY';
    const what = bytes.length === 0 ? 'sin contenido' : 'con un contenido que no es JSON';
    return failed(
      status,
      { code: PROXY_CODES.notJson.code, status: answerStatus, type },
      `La API respondió HTTP ${status} ${what}.`,
      retryAfter,
    );
  }
  return {
    kind: 'answered',
    status,
    body: bytes,
    retryAfter,
    page: status === 200 ? json.page : null,
    accepted: json.operation,
  };
}

// A timeout under a second (tests set one) must not read as "0 s".
const secondsFormat = new Intl.NumberFormat('es-CL', { maximumFractionDigits: 1 });
const formatSeconds = (ms: number) => secondsFormat.format(ms / 1000);

/** The proxy's own answer with `answered`, for an upstream that said `upstreamStatus`. */
function failed(
  upstreamStatus: number | null,
  answered: AnsweredCode,
  description: string,
  retryAfter: string | null = null,
): SentOutcome {
  const extraHeaders: Record<string, string> =
    retryAfter === null ? {} : { 'retry-after': retryAfter };
  const { code, status, type } = answered;
  return {
    kind: 'failed',
    upstreamStatus,
    code,
    response: () => khipuError(status, code, type, description, extraHeaders),
  };
}
