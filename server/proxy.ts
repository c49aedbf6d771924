// The proxy: the only way from the browser to the billed API. It allow-lists one path,
// validates before anything is billed, injects the server-side credential, drops what
// the browser must not decide (credentials, cookies, AccountCredential, CallbackUrl),
// and answers every failure in the Khipu error shape.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type ErrorType, errorEnvelope } from '../src/contract/errors';
import { NONCONFORMITIES_PATH, validateRequest } from '../src/contract/request';
import { toWireRut } from '../src/lib/rut';
import { compressJson } from './compress-json';
import type { ServerConfig, UpstreamAuth } from './config';
import { InFlight, ResponseCache } from './proxy-cache';

/** Where the browser calls: the API's own path under `/api`. */
export const PROXY_PATH = `/api${NONCONFORMITIES_PATH}`;
export const MAX_BODY_BYTES = 16 * 1024;

/** The proxy's own error codes (not Khipu's), for failures between proxy and upstream. */
export const PROXY_CODES = {
  unreachable: 'X001',
  timeout: 'X002',
  notJson: 'X003',
} as const;

/** What the proxy sends requests to: Khipu, a test double, or the embedded simulator. */
export interface Upstream {
  /** Absolute URL of the Nonconformities List endpoint. */
  url: string;
  auth: UpstreamAuth;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
}

export interface ProxyDeps {
  upstream: Upstream;
  log?: (line: string) => void;
  /** Which upstream this is, for `/api/health` (never the URL or credential). */
  upstreamKind: 'khipu' | 'simulator';
}

function khipuError(status: number, code: string, type: ErrorType, description: string) {
  return new Response(JSON.stringify(errorEnvelope(crypto.randomUUID(), code, type, description)), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

function isJsonContentType(value: string | undefined): boolean {
  return value !== undefined && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(value.trim());
}

export function createProxyApp(config: ServerConfig, deps: ProxyDeps): Hono {
  const log = deps.log ?? ((line: string) => console.log(line));
  const { upstream } = deps;
  const cache = new ResponseCache({ ttlMs: config.cacheTtlMs, maxBytes: config.cacheMaxBytes });
  const inFlight = new InFlight<UpstreamOutcome>();
  const app = new Hono();

  // One line per request; never a header or a body (they hold secrets and personal data).
  app.use('/api/*', async (c, next) => {
    const started = performance.now();
    await next();
    const ms = (performance.now() - started).toFixed(1);
    log(`${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${ms}ms`);
  });
  app.use('/api/*', compressJson());

  app.get('/api/health', (c) =>
    c.json({ status: 'ok', upstream: deps.upstreamKind }, 200, { 'cache-control': 'no-store' }),
  );

  app.post(
    PROXY_PATH,
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () =>
        khipuError(413, 'P002', 'DO_NOT_RETRY', 'La solicitud supera el tamaño máximo de 16 KiB.'),
    }),
    async (c) => {
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
      const headers = new Headers({
        'content-type': 'application/json',
        accept: 'application/json',
      });
      if (upstream.auth.mode === 'jwt') {
        headers.set('authorization', `Bearer ${upstream.auth.token}`);
      } else {
        headers.set('x-api-key', upstream.auth.key);
        upstreamBody.AccountCredential = upstream.auth.accountCredential;
      }

      const wireBody = JSON.stringify(upstreamBody);
      const key = JSON.stringify(upstreamBody.RequestData);
      const bypass = /no-cache|no-store/i.test(c.req.header('cache-control') ?? '');
      if (!bypass) {
        const hit = cache.get(key);
        if (hit) return upstreamAnswer(hit.status, hit.body, null, 'HIT');
      }
      // Identical requests in flight share one upstream request. It is not tied to any
      // one browser's connection: once paid for, its answer is worth keeping.
      const { value: outcome, joined } = await inFlight.run(`${bypass}|${key}`, () =>
        callUpstream(upstream, headers, wireBody, config.upstreamTimeoutMs),
      );
      if (outcome.kind === 'failed') return outcome.response();
      if (outcome.cacheable) cache.set(key, outcome.status, outcome.body);
      return upstreamAnswer(
        outcome.status,
        outcome.body,
        outcome.retryAfter,
        bypass ? 'BYPASS' : joined ? 'COALESCED' : 'MISS',
      );
    },
  );

  app.all(PROXY_PATH, () => {
    const answer = khipuError(405, 'P002', 'DO_NOT_RETRY', 'Método no permitido: use POST.');
    answer.headers.set('allow', 'POST');
    return answer;
  });
  app.all('/api/*', () => khipuError(404, 'P002', 'DO_NOT_RETRY', 'Ruta de la API no encontrada.'));

  return app;
}

type UpstreamOutcome =
  | {
      kind: 'answered';
      status: number;
      body: Uint8Array<ArrayBuffer>;
      retryAfter: string | null;
      /** `Status: "OK"` with data: the only answers worth keeping. */
      cacheable: boolean;
    }
  | { kind: 'failed'; response: () => Response };

async function callUpstream(
  upstream: Upstream,
  headers: Headers,
  body: string,
  timeoutMs: number,
): Promise<UpstreamOutcome> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    response = await upstream.fetch(upstream.url, {
      method: 'POST',
      headers,
      body,
      signal: timeout,
    });
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch {
    if (timeout.aborted) {
      return failed(
        504,
        PROXY_CODES.timeout,
        'RETRY_IMMEDIATELY',
        `La API no respondió en ${Math.round(timeoutMs / 1000)} s (tiempo de espera del proxy).`,
      );
    }
    return failed(
      502,
      PROXY_CODES.unreachable,
      'RETRY_IMMEDIATELY',
      'No fue posible comunicarse con la API (error de red entre el proxy y Khipu).',
    );
  }
  const retryAfter = response.headers.get('retry-after');
  const json = isJsonContentType(response.headers.get('content-type') ?? undefined)
    ? parseJson(bytes)
    : undefined;
  if (json === undefined) {
    const status = response.status >= 400 && response.status < 500 ? response.status : 502;
    const type: ErrorType = status === 429 || status >= 500 ? 'RETRY_IMMEDIATELY' : 'DO_NOT_RETRY';
    return failed(
      status,
      PROXY_CODES.notJson,
      type,
      `La API respondió HTTP ${response.status} con un contenido que no es JSON.`,
      retryAfter,
    );
  }
  const ok = json as { Status?: unknown; Data?: unknown };
  return {
    kind: 'answered',
    status: response.status,
    body: bytes,
    retryAfter,
    cacheable: response.status === 200 && ok.Status === 'OK' && ok.Data != null,
  };
}

function failed(
  status: number,
  code: string,
  type: ErrorType,
  description: string,
  retryAfter: string | null = null,
): UpstreamOutcome {
  return {
    kind: 'failed',
    response: () => {
      const answer = khipuError(status, code, type, description);
      if (retryAfter !== null) answer.headers.set('retry-after', retryAfter);
      return answer;
    },
  };
}

/** The upstream's JSON, byte for byte, with the only upstream header the browser needs. */
function upstreamAnswer(
  status: number,
  body: Uint8Array<ArrayBuffer>,
  retryAfter: string | null,
  cacheState: 'HIT' | 'MISS' | 'BYPASS' | 'COALESCED',
): Response {
  const headers = new Headers({
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-proxy-cache': cacheState,
  });
  if (retryAfter !== null) headers.set('retry-after', retryAfter);
  return new Response(body, { status, headers });
}

/** The parsed value, or undefined when the bytes are not UTF-8 JSON. */
function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}
