// Turns one HTTP answer into a page of items or a PageError that says what to do next.
// Pure: the rules of docs/contract.md in one place, tested directly.
import { PROXY_HEADERS } from '@/contract/proxy-protocol';
import { parseResponseEnvelope } from '@/contract/response';
import type { PageData } from '@/features/rows/page-data';
import { kindOfErrorType, PageError, type PageErrorKind, WAIT_4_HOURS_MS } from './page-error';

export interface HttpAnswer {
  status: number;
  /** Header lookup, case-insensitive (a `Headers` works). */
  headers: { get(name: string): string | null };
  text: string;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. Null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date starts with the day's name. Date.parse alone would also read "1.5" or
  // "-1" as a date long past, and so as "retry now" instead of "unreadable".
  if (!/^[A-Za-z]{3}/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(at - now.getTime(), 0);
}

function kindOfHttpStatus(status: number): PageErrorKind {
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'retry';
  return 'stop';
}

function httpCode(status: number): string {
  return `HTTP ${status}`;
}

/** What an error status means, for bodies that do not say it in Khipu's shape (gateways). */
const STATUS_MEANINGS: Record<number, string> = {
  401: 'credencial del servidor no aceptada',
  403: 'acceso denegado',
  404: 'recurso no encontrado',
  429: 'demasiadas solicitudes',
  500: 'error interno de la API',
  502: 'la pasarela no obtuvo una respuesta válida',
  503: 'servicio no disponible',
  504: 'la pasarela no obtuvo respuesta a tiempo',
};

/** `HTTP 401 (credencial del servidor no aceptada)`, or `HTTP 418` for a status not listed. */
function describeStatus(status: number): string {
  const meaning = STATUS_MEANINGS[status];
  return meaning ? `HTTP ${status} (${meaning})` : `HTTP ${status}`;
}

export function classifyResponse(
  page: number,
  answer: HttpAnswer,
  now = new Date(),
): PageData | PageError {
  const { status } = answer;
  const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'), now);
  const base = { httpStatus: status, retryAfterMs, retryAt: null, operationId: null, type: null };

  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    return new PageError({
      ...base,
      kind: status >= 200 && status < 300 ? 'stop' : kindOfHttpStatus(status),
      code: httpCode(status),
      description:
        answer.text.trim() === ''
          ? `La API respondió ${describeStatus(status)} sin contenido.`
          : `La API respondió ${describeStatus(status)} con un contenido que no es JSON.`,
    });
  }

  const parsed = parseResponseEnvelope(json);
  if (!parsed.ok) {
    const success = status >= 200 && status < 300;
    return new PageError({
      ...base,
      kind: status === 429 || status >= 500 ? kindOfHttpStatus(status) : 'stop',
      code: success ? 'RESPUESTA' : httpCode(status),
      // An error status says more than the shape of a body that is not Khipu's (a gateway's
      // `{"message":"Unauthorized"}`): the shape's details only matter on success.
      description: success
        ? parsed.message
        : `La API respondió ${describeStatus(status)} sin el formato de error de Khipu.`,
    });
  }
  const envelope = parsed.value;
  const withEnvelope = { ...base, operationId: envelope.OperationId };

  // HTTP 429 always waits and retries, whatever the body says.
  if (status === 429) {
    return new PageError({
      ...withEnvelope,
      kind: 'rate-limited',
      code: envelope.Error?.Code ?? httpCode(status),
      type: envelope.Error?.Type ?? null,
      description: envelope.Error?.Description ?? 'Demasiadas solicitudes.',
    });
  }

  if (envelope.Status === 'ERROR') {
    if (envelope.Error === null) {
      return new PageError({
        ...withEnvelope,
        kind: 'stop',
        code: httpCode(status),
        description: 'La API respondió ERROR sin detallar el error.',
      });
    }
    const kind = kindOfErrorType(envelope.Error.Type);
    return new PageError({
      ...withEnvelope,
      kind,
      code: envelope.Error.Code,
      type: envelope.Error.Type,
      description: envelope.Error.Description,
      retryAt: kind === 'wait-4-hours' ? new Date(now.getTime() + WAIT_4_HOURS_MS) : null,
    });
  }

  if (envelope.Data === null) {
    return new PageError({
      ...withEnvelope,
      kind: 'stop',
      code: 'RESPUESTA',
      description: 'La API respondió OK sin datos (Data nulo) a una consulta sincrónica.',
    });
  }

  const list = envelope.Data.NonconformitiesList;
  return {
    page,
    total: list.TotalDisconformidades,
    items: list.Disconformidades,
    operationId: envelope.OperationId,
    additionalInformation: envelope.AdditionalInformation,
    fromProxyCache: answer.headers.get(PROXY_HEADERS.proxyCache) === 'HIT',
  };
}
