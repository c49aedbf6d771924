// The proxy: the only way from the browser to the billed API. It allow-lists one path,
// validates before anything is billed, injects the server-side credential, drops what
// the browser must not decide (credentials, cookies, AccountCredential, CallbackUrl),
// and answers every failure in the Khipu error shape.
import type { NonSharedBuffer } from 'node:buffer';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type ErrorType, errorEnvelope } from '../src/contract/errors';
import { NONCONFORMITIES_PATH, validateRequest } from '../src/contract/request';
import { toWireRut } from '../src/lib/rut';
import { createBatchedLog } from './batched-log';
import { gzipIfWorthIt } from './compress-json';
import type { ServerConfig } from './config';
import { InFlight, ResponseCache } from './proxy-cache';
import { type Upstream, type UpstreamReply, UpstreamTimeoutError } from './upstream-contract';
import { inspectUpstreamJson } from './upstream-json';

/** Where the browser calls: the API's own path under `/api`. */
export const PROXY_PATH = `/api${NONCONFORMITIES_PATH}`;
export const MAX_BODY_BYTES = 16 * 1024;

/** The proxy's own error codes (not Khipu's), for failures between proxy and upstream. */
export const PROXY_CODES = {
  unreachable: 'X001',
  timeout: 'X002',
  notJson: 'X003',
} as const;

export interface ProxyDeps {
  upstream: Upstream;
  log?: (line: string) => void;
  /** Which upstream this is, for `/api/health` (never the URL or credential). */
  upstreamKind: 'khipu' | 'simulator';
}

// Answers carry plain header records and Buffer bodies: @hono/node-server then writes them
// straight to the socket, without building a web Response and its stream.
type HeaderRecord = Record<string, string>;

function khipuError(
  status: number,
  code: string,
  type: ErrorType,
  description: string,
  extraHeaders: HeaderRecord = {},
) {
  return new Response(JSON.stringify(errorEnvelope(crypto.randomUUID(), code, type, description)), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...extraHeaders,
    },
  });
}

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

const tooLarge = () =>
  khipuError(413, 'P002', 'DO_NOT_RETRY', 'La solicitud supera el tamaño máximo de 16 KiB.');

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
  const { upstream } = deps;
  const cache = new ResponseCache({ ttlMs: config.cacheTtlMs, maxBytes: config.cacheMaxBytes });
  const inFlight = new InFlight<UpstreamOutcome>();
  const app = new Hono();

  // One line per request; never a header or a body (they hold secrets and personal data).
  app.use('/api/*', async (c, next) => {
    const started = performance.now();
    await next();
    const ms = (performance.now() - started).toFixed(1);
    log(`${c.req.method} ${encodedPath(c.req.url)} ${c.res.status} ${ms}ms`);
  });

  app.get('/api/health', (c) =>
    c.json({ status: 'ok', upstream: deps.upstreamKind }, 200, { 'cache-control': 'no-store' }),
  );

  app.post(PROXY_PATH, limitBody(), async (c) => {
    if (!isJsonContentType(c.req.header('content-type'))) {
      return khipuError(
        415,
        'P002',
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
        'P001',
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
    const data = (body as { RequestData: Record<string, string> }).RequestData;
    const upstreamBody: Record<string, unknown> = {
      RequestData: {
        FechaCreacionDelCasoDesde: data.FechaCreacionDelCasoDesde,
        FechaCreacionDelCasoHasta: data.FechaCreacionDelCasoHasta,
        RutDeudor: toWireRut(valid.rut, config.rutWithDv),
        Filas: String(valid.rowsPerPage),
        Paginas: String(valid.page),
      },
    };
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
    const key = JSON.stringify(upstreamBody.RequestData);
    const bypass = /no-cache|no-store/i.test(c.req.header('cache-control') ?? '');
    if (!bypass) {
      const hit = cache.get(key);
      if (hit) return upstreamAnswer(c, hit.status, hit.body, null, 'HIT');
    }
    // Identical requests in flight share one upstream request. It is not tied to any
    // one browser's connection: once paid for, its answer is worth keeping.
    const { value: outcome, joined } = await inFlight.run(`${bypass}|${key}`, () =>
      callUpstream(upstream, headers, wireBody, config.upstreamTimeoutMs),
    );
    if (outcome.kind === 'failed') return outcome.response();
    if (outcome.cacheable) cache.set(key, outcome.status, outcome.body);
    return upstreamAnswer(
      c,
      outcome.status,
      outcome.body,
      outcome.retryAfter,
      bypass ? 'BYPASS' : joined ? 'COALESCED' : 'MISS',
    );
  });

  app.all(PROXY_PATH, () =>
    khipuError(405, 'P002', 'DO_NOT_RETRY', 'Método no permitido: use POST.', { allow: 'POST' }),
  );
  app.all('/api/*', () => khipuError(404, 'P002', 'DO_NOT_RETRY', 'Ruta de la API no encontrada.'));

  return app;
}

type UpstreamOutcome =
  | {
      kind: 'answered';
      status: number;
      body: NonSharedBuffer;
      retryAfter: string | null;
      /** `Status: "OK"` with data the contract accepts: the only answers worth keeping. */
      cacheable: boolean;
    }
  | { kind: 'failed'; response: () => Response };

async function callUpstream(
  upstream: Upstream,
  headers: HeaderRecord,
  body: string,
  timeoutMs: number,
): Promise<UpstreamOutcome> {
  let reply: UpstreamReply;
  try {
    reply = await upstream.post({ headers, body, timeoutMs });
  } catch (error) {
    if (error instanceof UpstreamTimeoutError) {
      return failed(
        504,
        PROXY_CODES.timeout,
        'RETRY_IMMEDIATELY',
        `La API no respondió en ${formatSeconds(timeoutMs)} s (tiempo de espera del proxy).`,
      );
    }
    return failed(
      502,
      PROXY_CODES.unreachable,
      'RETRY_IMMEDIATELY',
      'No fue posible comunicarse con la API (error de red entre el proxy y Khipu).',
    );
  }
  const { status, retryAfter, bytes } = reply;
  const json = isJsonContentType(reply.contentType) ? inspectUpstreamJson(bytes) : undefined;
  if (json === undefined) {
    const answerStatus = status >= 400 && status < 500 ? status : 502;
    const type: ErrorType =
      answerStatus === 429 || answerStatus >= 500 ? 'RETRY_IMMEDIATELY' : 'DO_NOT_RETRY';
    const what = bytes.length === 0 ? 'sin contenido' : 'con un contenido que no es JSON';
    return failed(
      answerStatus,
      PROXY_CODES.notJson,
      type,
      `La API respondió HTTP ${status} ${what}.`,
      retryAfter,
    );
  }
  return {
    kind: 'answered',
    status,
    body: bytes,
    retryAfter,
    cacheable: status === 200 && json.worthKeeping,
  };
}

// A timeout under a second (tests set one) must not read as "0 s".
const secondsFormat = new Intl.NumberFormat('es-CL', { maximumFractionDigits: 1 });
const formatSeconds = (ms: number) => secondsFormat.format(ms / 1000);

function failed(
  status: number,
  code: string,
  type: ErrorType,
  description: string,
  retryAfter: string | null = null,
): UpstreamOutcome {
  const extraHeaders: HeaderRecord = retryAfter === null ? {} : { 'retry-after': retryAfter };
  return {
    kind: 'failed',
    response: () => khipuError(status, code, type, description, extraHeaders),
  };
}

/** The upstream's JSON, byte for byte (gzipped when worth it), with Retry-After only. */
async function upstreamAnswer(
  c: Context,
  status: number,
  body: Uint8Array<ArrayBuffer>,
  retryAfter: string | null,
  cacheState: 'HIT' | 'MISS' | 'BYPASS' | 'COALESCED',
): Promise<Response> {
  const headers: HeaderRecord = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-proxy-cache': cacheState,
    vary: 'Accept-Encoding',
  };
  if (retryAfter !== null) headers['retry-after'] = retryAfter;
  const gzipped = await gzipIfWorthIt(body, c.req.header('accept-encoding'));
  if (gzipped !== undefined) headers['content-encoding'] = 'gzip';
  return new Response(gzipped ?? body, { status, headers });
}
