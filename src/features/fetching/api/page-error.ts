// Why a page could not be read, in terms of what the client must do next (docs/contract.md's
// Error.Type table and its rules), with a Spanish message for the user.
import { isKnownErrorType } from '@/contract/errors';

/**
 * `retry`: transient, retried with backoff (RETRY_IMMEDIATELY, 5xx, network);
 * `internal`: the browser failed to handle the page (a bug, not the API's answer): stops,
 *   and "Reintentar" may ask again;
 * `rate-limited`: HTTP 429, waits for Retry-After;
 * `stop`: permanent for these inputs (DO_NOT_RETRY, unknown Type, other 4xx, bad envelope);
 * `wait-4-hours`: stop, retry no earlier than `retryAt`;
 * `needs-action`: stop, the user must act first (RETRY_AFTER_NOTIFICATION);
 * `expired`: an asynchronous operation's LifeSpan ended without its result: reported, not
 *   retried by itself (a retry could wait a whole LifeSpan again), other pages go on.
 */
export type PageErrorKind =
  | 'retry'
  | 'internal'
  | 'rate-limited'
  | 'stop'
  | 'wait-4-hours'
  | 'needs-action'
  | 'expired';

export interface PageErrorDetails {
  kind: PageErrorKind;
  /** The API's (or the proxy's) code, e.g. `E201`; `HTTP 503` or `RED` when none. */
  code: string;
  /** The API's Error.Type as received, if any. */
  type: string | null;
  /** The API's description, or ours when it gave none. */
  description: string;
  httpStatus: number | null;
  operationId: string | null;
  /** Milliseconds the server asked to wait (Retry-After), when it did. */
  retryAfterMs: number | null;
  /** Earliest retry time, for `wait-4-hours`. */
  retryAt: Date | null;
}

export class PageError extends Error implements PageErrorDetails {
  override name = 'PageError';
  kind: PageErrorKind;
  code: string;
  type: string | null;
  description: string;
  httpStatus: number | null;
  operationId: string | null;
  retryAfterMs: number | null;
  retryAt: Date | null;

  constructor(details: PageErrorDetails) {
    super(`${details.code}: ${details.description}`);
    this.kind = details.kind;
    this.code = details.code;
    this.type = details.type;
    this.description = details.description;
    this.httpStatus = details.httpStatus;
    this.operationId = details.operationId;
    this.retryAfterMs = details.retryAfterMs;
    this.retryAt = details.retryAt;
  }

  get retryable(): boolean {
    return this.kind === 'retry' || this.kind === 'rate-limited';
  }
}

/** Failures after which the other pages of a search are still worth asking for. */
const SEARCH_GOES_ON_AFTER: ReadonlySet<PageErrorKind> = new Set(['retry', 'expired']);

/**
 * Whether a page's failure stops its search: asking for more pages cannot help (and would be
 * billed). Every failure stops it but a transient one that outlasted its retries and an
 * expired asynchronous answer: those hold for their page only. A rate limit (HTTP 429) that
 * outlasted its retries, or asked for a longer wait than is honored, stops too: it limits the
 * client, not one page, so the next pages would only meet it again. Anything that is not a
 * PageError (a bug) stops.
 */
export function stopsTheSearch(error: unknown): boolean {
  return !(error instanceof PageError) || !SEARCH_GOES_ON_AFTER.has(error.kind);
}

export const WAIT_4_HOURS_MS = 4 * 60 * 60 * 1000;

/** The kind an Error.Type asks for; an unknown Type stops, like DO_NOT_RETRY. */
export function kindOfErrorType(type: unknown): PageErrorKind {
  if (!isKnownErrorType(type)) return 'stop';
  switch (type) {
    case 'RETRY_IMMEDIATELY':
      return 'retry';
    case 'WAIT_4_HOURS_BEFORE_RETRY':
      return 'wait-4-hours';
    case 'RETRY_AFTER_NOTIFICATION':
      return 'needs-action';
    default:
      return 'stop';
  }
}

const santiagoTime = new Intl.DateTimeFormat('es-CL', {
  timeZone: 'America/Santiago',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `HH:MM` in Santiago. */
export function formatSantiagoTime(date: Date): string {
  return santiagoTime.format(date);
}

/** What the user reads: what happened, what to do, and the API's own code and words. */
export function describePageError(error: PageErrorDetails): string {
  const api = `${error.code}: ${error.description}`;
  switch (error.kind) {
    case 'wait-4-hours': {
      const at = error.retryAt
        ? ` a partir de las ${formatSantiagoTime(error.retryAt)}`
        : ' en 4 horas';
      return `La API pidió esperar antes de volver a consultar. Intente de nuevo${at} (hora de Santiago). (${api})`;
    }
    case 'needs-action':
      return `La consulta requiere una acción suya antes de reintentar (por ejemplo, actualizar las credenciales en la plataforma del CEN). (${api})`;
    case 'rate-limited':
      return `La API limitó la cantidad de consultas y no se pudo completar después de esperar. (${api})`;
    case 'retry':
      return `La API no estuvo disponible y se agotaron los reintentos. (${api})`;
    case 'internal':
      return `No se pudo procesar la página en el navegador; «Reintentar» vuelve a pedirla. (${api})`;
    case 'expired':
      return `La respuesta asíncrona de la API no llegó a tiempo; «Reintentar» vuelve a pedir esa página. (${api})`;
    default:
      return `La API rechazó la consulta; reintentar con los mismos datos no cambiará el resultado. Cambie los datos de la búsqueda (RUT deudor, fechas o filas por página), o consulte a quien administra el servidor indicando el código. (${api})`;
  }
}

/**
 * What "Reintentar" may offer after these failures, each retry being billed: nothing when one
 * of them cannot change by retrying (`stop`); after the latest time the API asked to wait;
 * after the user acted (`needs-action`); else at once.
 */
export type RetryOffer =
  | { kind: 'none' }
  | { kind: 'after'; at: Date }
  | { kind: 'after-action' }
  | { kind: 'now' };

export function retryOffer(errors: readonly PageErrorDetails[]): RetryOffer {
  if (errors.some((error) => error.kind === 'stop')) return { kind: 'none' };
  const waits = errors.filter((error) => error.kind === 'wait-4-hours');
  if (waits.length > 0) {
    const times = waits.map((error) => error.retryAt?.getTime() ?? Number.NaN);
    // A wait without its time cannot say when retrying helps: nothing is offered.
    if (times.some(Number.isNaN)) return { kind: 'none' };
    return { kind: 'after', at: new Date(Math.max(...times)) };
  }
  if (errors.some((error) => error.kind === 'needs-action')) return { kind: 'after-action' };
  return { kind: 'now' };
}
