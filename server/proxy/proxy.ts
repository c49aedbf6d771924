// The proxy: the only way from the browser to the billed API. It allow-lists one path,
// validates before anything is billed, injects the server-side credential, drops what
// the browser must not decide (credentials, cookies, AccountCredential, CallbackUrl),
// and answers every failure in the Khipu error shape.
import type { NonSharedBuffer } from 'node:buffer';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ErrorType } from '../../src/contract/errors';
import { PROXY_PATH } from '../../src/contract/paths';
import { type AnsweredCode, PARAMETER_CODES, PROXY_CODES } from '../../src/contract/proxy-codes';
import { PROXY_HEADERS, SEARCH_LANE_PATTERN } from '../../src/contract/proxy-protocol';
import { type RequestData, validateRequest } from '../../src/contract/request';
import { toWireRut } from '../../src/lib/rut';
import type { AsyncConfig } from '../async/async-config';
import { AsyncOperations, isStreamId } from '../async/async-operations';
import { asyncRoutes } from '../async/async-routes';
import { MemoryOperationStore } from '../async/operation-store';
import type { ServerConfig } from '../config';
import { khipuError, proxyError } from '../khipu-error';
import { Callers, clientGone, type SignalOf } from '../quota/callers';
import { type Admission, QuotaGuard } from '../quota/quota-guard';
import { clientAddress, clientOf } from '../security/client-identity';
import { createRedactor, secretsOf } from '../upstream/secret-redaction';
import {
  tooLargeDescription,
  type Upstream,
  type UpstreamReply,
  type UpstreamRequest,
  UpstreamTimeoutError,
  UpstreamTooLargeError,
} from '../upstream/upstream-contract';
import { inspectUpstreamJson } from '../upstream/upstream-json';
import { type AuditedResult, auditLine } from './audit-log';
import { createBatchedLog } from './batched-log';
import { compressIfWorthIt } from './compress-json';
import { InFlight, ResponseCache } from './proxy-cache';
import { type LaneEntry, type LaneOutcome, SearchLanes } from './search-lanes';

export const MAX_BODY_BYTES = 16 * 1024;

export interface ProxyDeps {
  upstream: Upstream;
  log?: (line: string) => void;
  /** Where the audit lines of billed requests go (audit-log.ts); default: `log`. */
  audit?: (line: string) => void;
  /** Which upstream this is, for `/api/health` (never the URL or credential). */
  upstreamKind: 'khipu' | 'simulator';
  /** The asynchronous mode's operations (made here when absent and the mode is on). */
  asyncOperations?: AsyncOperations;
}

// Answers carry plain header records and Buffer bodies: @hono/node-server then writes them
// straight to the socket, without building a web Response and its stream.
type HeaderRecord = Record<string, string>;

function isJsonContentType(value: string | undefined): boolean {
  return value !== undefined && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(value.trim());
}

/**
 * The URL's path as sent, query left out. It stays percent-encoded (c.req.path decodes it),
 * so an encoded line break cannot forge a log line; and it costs no `new URL()`.
 */
function encodedPath(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  const end = url.slice(start).search(/[?#]/);
  return end === -1 ? url.slice(start) : url.slice(start, start + end);
}

/** The part of an asynchronous-mode path that works as a key: a token, stream id or handle. */
const SECRET_PATH_PART = /(\/api\/(?:callbacks\/cenhub|operations(?:\/stream)?)\/)[^/]+/;

const tooLarge = () =>
  khipuError(
    413,
    PARAMETER_CODES.malformed,
    'DO_NOT_RETRY',
    'La solicitud supera el tamaño máximo de 16 KiB.',
  );

/**
 * Refuses bodies over MAX_BODY_BYTES. A declared length is checked as is (Node's parser reads
 * no more than it); hono's bodyLimit would first touch `c.req.raw.body`, which makes
 * @hono/node-server build a web stream for every request, so it only handles the rest.
 */
function limitBody(): MiddlewareHandler {
  const streamedLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) {
      return streamedLimit(c, next);
    }
    if (Number(declared) > MAX_BODY_BYTES) return tooLarge();
    await next();
  };
}

export function createProxyApp(config: ServerConfig, deps: ProxyDeps): Hono {
  const log = deps.log ?? createBatchedLog();
  const audit = deps.audit ?? log;
  const { upstream } = deps;
  const cache = new ResponseCache({ ttlMs: config.cacheTtlMs, maxBytes: config.cacheMaxBytes });
  const inFlight = new InFlight<UpstreamOutcome>();
  const quota = new QuotaGuard(config.quota);
  // Lanes live in this process: off where a search's pages may reach several instances.
  const lanes =
    config.searchLanes && !config.async
      ? new SearchLanes({ maxWaitMs: config.upstreamTimeoutMs })
      : null;
  const redact = createRedactor(secretsOf(upstream.auth));
  const upstreamLimits = {
    timeoutMs: config.upstreamTimeoutMs,
    maxResponseBytes: config.upstreamMaxResponseBytes,
  };

  /**
   * One billed upstream request: it waits for its quota slot, is audited and gives the slot
   * back. While it waits for its slot it is dropped (never sent, the budget refunded) once
   * all its callers left.
   */
  const billedCall = async (
    admission: Extract<Admission, { ok: true }>,
    headers: HeaderRecord,
    body: string,
    who: { user: string | undefined; address: string; requestData: RequestData },
    callers: Callers,
  ): Promise<UpstreamOutcome> => {
    const { queued } = admission;
    if (queued !== undefined) {
      const stopWatching = callers.watch(queued.cancel);
      const granted = await queued.turn;
      stopWatching();
      if (!granted) return UNSENT;
    }
    const started = performance.now();
    try {
      const result = await callUpstream(upstream, { headers, body, ...upstreamLimits }, redact);
      const ms = performance.now() - started;
      audit(auditLine(who.user, who.address, who.requestData, audited(result), ms));
      return result;
    } finally {
      quota.release();
    }
  };
  /** A billed request's outcome for the browser: its failure, or the answer (kept if good). */
  const answerWith = (
    c: Context,
    key: string,
    outcome: UpstreamOutcome,
    cacheState: 'MISS' | 'BYPASS' | 'COALESCED',
  ): Response | Promise<Response> => {
    if (outcome.kind === 'unsent') return clientGone();
    if (outcome.kind === 'failed') return outcome.response();
    if (outcome.page) cache.set(key, outcome.status, outcome.body, outcome.page.items);
    return upstreamAnswer(c, outcome.status, outcome.body, outcome.retryAfter, cacheState, {
      page: outcome.page,
      withLanes: lanes !== null,
    });
  };
  const app = new Hono();
  const asyncOperations =
    deps.asyncOperations ?? (config.async ? createAsyncOperations(config.async, log) : null);
  // A checked callback result is an answer like any other: redacted, and the good ones kept.
  asyncOperations?.onResult((operation, result) => {
    const body = redact(result.body);
    // The webhook checked the bytes it received; changed ones are checked again.
    const okWithData =
      body === result.body ? result.okWithData : Boolean(inspectUpstreamJson(body)?.page);
    if (okWithData) cache.set(operation.requestKey, result.status, body);
    return { ...result, body, okWithData };
  });

  // One line per request; never a header or a body (they hold secrets and personal data).
  app.use('/api/*', async (c, next) => {
    const started = performance.now();
    await next();
    const ms = (performance.now() - started).toFixed(1);
    // A callback token is a secret until used: never in a log.
    // Stream ids and handles act as keys to results: not in a log either.
    const path = encodedPath(c.req.url).replace(SECRET_PATH_PART, '$1…');
    log(`${c.req.method} ${path} ${c.res.status} ${ms}ms`);
  });

  app.get('/api/health', (c) =>
    c.json({ status: 'ok', upstream: deps.upstreamKind }, 200, { 'cache-control': 'no-store' }),
  );

  app.post(PROXY_PATH, limitBody(), async (c) => {
    if (!isJsonContentType(c.req.header('content-type'))) {
      return khipuError(
        415,
        PARAMETER_CODES.malformed,
        'DO_NOT_RETRY',
        'La solicitud debe ser JSON (Content-Type: application/json).',
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return khipuError(
        400,
        PARAMETER_CODES.missing,
        'DO_NOT_RETRY',
        'El cuerpo de la solicitud no es JSON válido.',
      );
    }
    // The browser may write the RUT as a person does; the wire form is the proxy's call.
    const checked = validateRequest(body, 'any');
    if (!checked.ok) {
      return khipuError(400, checked.problem.code, 'DO_NOT_RETRY', checked.problem.description);
    }
    const valid = checked.value;
    const data = (body as { RequestData: RequestData }).RequestData;
    const requestData: RequestData = {
      FechaCreacionDelCasoDesde: data.FechaCreacionDelCasoDesde,
      FechaCreacionDelCasoHasta: data.FechaCreacionDelCasoHasta,
      RutDeudor: toWireRut(valid.rut, config.rutWithDv),
      Filas: String(valid.rowsPerPage),
      Paginas: String(valid.page),
    };
    const upstreamBody: Record<string, unknown> = { RequestData: requestData };
    const headers: HeaderRecord = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (upstream.auth.mode === 'jwt') {
      headers.authorization = `Bearer ${upstream.auth.token}`;
    } else {
      headers['x-api-key'] = upstream.auth.key;
      upstreamBody.AccountCredential = upstream.auth.accountCredential;
    }

    const wireBody = JSON.stringify(upstreamBody);
    const signalOf: SignalOf = () => c.req.raw.signal;
    const key = JSON.stringify(upstreamBody.RequestData);
    const bypass = /no-cache|no-store/i.test(c.req.header('cache-control') ?? '');
    if (!bypass) {
      const hit = cache.get(key);
      if (hit) {
        // A page of a lane answered from here still counts in its lane, or later pages wait.
        const lane = lanes && laneOf(c);
        if (lane) lanes?.credit(lane.id, lane.concurrency, goodForLane(hit.items ?? 0));
        return upstreamAnswer(c, hit.status, hit.body, null, 'HIT', { withLanes: lanes !== null });
      }
    }
    if (asyncOperations) {
      const streamId = c.req.header(PROXY_HEADERS.operationStream);
      if (!isStreamId(streamId)) {
        return khipuError(
          400,
          PARAMETER_CODES.malformed,
          'DO_NOT_RETRY',
          `Modo asíncrono: falta el flujo de resultados de la búsqueda (${PROXY_HEADERS.operationStream}).`,
        );
      }
      // The browser may have left right after its body: then nothing is sent nor billed.
      if (signalOf().aborted) return clientGone();
      const begun = asyncOperations.begin(streamId, key, c.get('user') ?? null);
      if (!begun) {
        return proxyError(
          PROXY_CODES.asyncFull,
          'Demasiadas operaciones asíncronas esperan su resultado; intente en un momento.',
          { 'retry-after': '5' },
        );
      }
      // Billed like any page: the same quota, the same audit line.
      const admission = quota.admit(clientOf(c));
      if (!admission.ok) {
        asyncOperations.abandon(begun.operation.handle);
        return quotaRefusal(admission);
      }
      const outcome = await billedCall(
        admission,
        headers,
        JSON.stringify({ ...upstreamBody, CallbackUrl: begun.callbackUrl }),
        { user: c.get('user'), address: clientAddress(c), requestData },
        new Callers(signalOf),
      );
      const { operation } = begun;
      const accepted =
        outcome.kind === 'answered' && outcome.status === 202 ? outcome.accepted : null;
      if (!accepted) {
        // Failed, or answered at once: an ordinary answer, and no operation to wait for.
        asyncOperations.abandon(operation.handle);
        return answerWith(c, key, outcome, 'MISS');
      }
      asyncOperations.accepted(operation, accepted.operationId, accepted.lifeSpan);
      // Only what the browser needs: an upstream echo of the CallbackUrl (its token) stays here.
      const answer = {
        OperationId: accepted.operationId,
        Status: 'OK',
        Data: null,
        AdditionalInformation: null,
        Error: null,
        LifeSpan: accepted.lifeSpan,
        Handle: operation.handle,
      };
      return new Response(JSON.stringify(answer), {
        status: 202,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
          [PROXY_HEADERS.operationHandle]: operation.handle,
          [PROXY_HEADERS.operationRemaining]: String(asyncOperations.remainingMs(operation)),
        },
      });
    }
    // A page sent ahead waits in its search's lane before anything is billed.
    const laneHeader = lanes ? laneOf(c) : null;
    let lane: LaneEntry | undefined;
    if (lanes && laneHeader) {
      const { id, concurrency, position } = laneHeader;
      const entered = lanes.enter(id, concurrency, position, signalOf);
      lane = entered instanceof Promise ? await entered : entered;
      if (lane.kind === 'gone') return clientGone();
      if (lane.kind !== 'go') return laneRefusal(lane.kind);
    }
    // Identical requests in flight share one upstream request. Once sent it is not tied to
    // any one browser's connection: paid for, its answer is worth keeping. Before that (while
    // it waits for its slot) it is dropped only when every browser that wants it has left.
    // Joining one costs no budget: only the request that goes upstream is billed.
    const flightKey = `${bypass}|${key}`;
    let outcome: UpstreamOutcome;
    let joined = true;
    // Anything but a good page closes the lane: a refusal, an error, a throw.
    let laneOutcome: LaneOutcome = 'bad';
    try {
      const running = inFlight.join(flightKey, signalOf);
      if (running !== undefined) {
        outcome = await running;
      } else if (signalOf().aborted) {
        // The browser left right after its body (or as its lane's turn came): not sent.
        outcome = UNSENT;
      } else {
        const admission = quota.admit(clientOf(c));
        if (!admission.ok) return quotaRefusal(admission);
        joined = false;
        const who = { user: c.get('user'), address: clientAddress(c), requestData };
        outcome = await inFlight.start(flightKey, signalOf, (callers) =>
          billedCall(admission, headers, wireBody, who, callers),
        );
      }
      if (outcome.kind === 'unsent') laneOutcome = 'unsent';
      else if (outcome.kind === 'answered' && outcome.page && goodForLane(outcome.page.items)) {
        laneOutcome = 'good';
      }
    } finally {
      if (lane?.kind === 'go') lane.leave(laneOutcome);
    }
    return answerWith(c, key, outcome, bypass ? 'BYPASS' : joined ? 'COALESCED' : 'MISS');
  });

  if (asyncOperations && config.async) app.route('/', asyncRoutes(asyncOperations, config.async));

  app.all(PROXY_PATH, () =>
    khipuError(405, PARAMETER_CODES.malformed, 'DO_NOT_RETRY', 'Método no permitido: use POST.', {
      allow: 'POST',
    }),
  );
  app.all('/api/*', () =>
    khipuError(404, PARAMETER_CODES.malformed, 'DO_NOT_RETRY', 'Ruta de la API no encontrada.'),
  );

  return app;
}

/**
 * A page that lets the next of its lane go: one with cases. An empty page ends the browser's
 * reading too (as the last page it closes a lane that holds nothing after it).
 */
const goodForLane = (items: number) => items > 0;

/** The lane a page names (SEARCH_LANE_HEADER), keyed by client too: nobody reaches
 * another's lane by guessing its id. Null when absent or malformed. */
function laneOf(c: Context): { id: string; concurrency: number; position: number } | null {
  const match = SEARCH_LANE_PATTERN.exec(c.req.header(PROXY_HEADERS.searchLane) ?? '');
  if (!match) return null;
  const [, id, concurrency, position] = match;
  return {
    id: `${clientOf(c)}|${id}`,
    concurrency: Number(concurrency),
    position: Number(position),
  };
}

/** A page of a lane that may not go upstream: not sent, so not billed. */
function laneRefusal(kind: 'closed' | 'full'): Response {
  if (kind === 'full') {
    return proxyError(
      PROXY_CODES.laneFull,
      'Página no enviada a la API: no tuvo su turno (demasiadas búsquedas en curso, o una espera demasiado larga); intente en un momento.',
      { [PROXY_HEADERS.searchLane]: 'full' },
    );
  }
  return proxyError(
    PROXY_CODES.laneClosed,
    'Página no enviada a la API: una página anterior de esta búsqueda no se pudo leer.',
    { [PROXY_HEADERS.searchLane]: 'closed' },
  );
}

/** 429 in the Khipu shape with Retry-After: the browser waits that long and retries. */
function quotaRefusal(refusal: Extract<Admission, { ok: false }>): Response {
  return proxyError(refusal, refusal.description, {
    'retry-after': String(refusal.retryAfterSeconds),
  });
}

/** What became of a request: an answer, or a failure, from the upstream; or it was not sent. */
type UpstreamOutcome =
  | SentOutcome
  /** Dropped while it waited for its slot: every browser that wanted it had left. */
  | { kind: 'unsent' };

type SentOutcome =
  | {
      kind: 'answered';
      status: number;
      body: NonSharedBuffer;
      retryAfter: string | null;
      /** A 200 the contract accepts (the only answers worth keeping): its items and total. */
      page: { items: number; total: number } | null;
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

const UNSENT: UpstreamOutcome = Object.freeze({ kind: 'unsent' });

/** How a billed request ended, for the audit line. */
function audited(outcome: SentOutcome): AuditedResult {
  return outcome.kind === 'answered'
    ? { upstreamStatus: outcome.status, proxyCode: null }
    : { upstreamStatus: outcome.upstreamStatus, proxyCode: outcome.code };
}

/**
 * The upstream's answer, its body redacted before anything reads it (an error, or data's
 * AdditionalInformation, may echo what it was sent): what is checked is what is kept and sent.
 */
async function callUpstream(
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

export function createAsyncOperations(config: AsyncConfig, log: (line: string) => void) {
  return new AsyncOperations(new MemoryOperationStore(config.maxOperations), config, { log });
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
  const extraHeaders: HeaderRecord = retryAfter === null ? {} : { 'retry-after': retryAfter };
  const { code, status, type } = answered;
  return {
    kind: 'failed',
    upstreamStatus,
    code,
    response: () => khipuError(status, code, type, description, extraHeaders),
  };
}

/**
 * The upstream's JSON, byte for byte (compressed when worth it), with Retry-After only, and the
 * items and total of a page checked against the contract (a cache hit, answered at once, goes
 * without).
 */
async function upstreamAnswer(
  c: Context,
  status: number,
  body: Uint8Array<ArrayBuffer>,
  retryAfter: string | null,
  cacheState: 'HIT' | 'MISS' | 'BYPASS' | 'COALESCED',
  {
    page = null,
    withLanes = false,
  }: { page?: { items: number; total: number } | null; withLanes?: boolean } = {},
): Promise<Response> {
  const headers: HeaderRecord = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    [PROXY_HEADERS.proxyCache]: cacheState,
    vary: 'Accept-Encoding',
  };
  if (retryAfter !== null) headers['retry-after'] = retryAfter;
  if (page) {
    headers[PROXY_HEADERS.pageItems] = String(page.items);
    headers[PROXY_HEADERS.pageTotal] = String(page.total);
  }
  if (withLanes) headers[PROXY_HEADERS.searchLanes] = '1';
  const compressed = await compressIfWorthIt(body, c.req.header('accept-encoding'));
  if (compressed !== undefined) headers['content-encoding'] = compressed.encoding;
  return new Response(compressed?.bytes ?? body, { status, headers });
}
