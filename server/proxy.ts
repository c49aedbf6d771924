// The proxy: the only way from the browser to the billed API. It allow-lists one path,
// validates before anything is billed, injects the server-side credential, drops what
// the browser must not decide (credentials, cookies, AccountCredential, CallbackUrl),
// and answers every failure in the Khipu error shape.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { type ErrorType, errorEnvelope } from '../src/contract/errors';
import { NONCONFORMITIES_PATH, validateRequest } from '../src/contract/request';
import { toWireRut } from '../src/lib/rut';
import type { ServerConfig, UpstreamAuth } from './config';

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
  fetch: (request: Request) => Promise<Response>;
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

/** Headers of the upstream's answer that the browser may see. */
const PASSED_BACK_HEADERS = ['retry-after'];

export function createProxyApp(config: ServerConfig, deps: ProxyDeps): Hono {
  const log = deps.log ?? ((line: string) => console.log(line));
  const { upstream } = deps;
  const app = new Hono();

  // One line per request; never a header or a body (they hold secrets and personal data).
  app.use('/api/*', async (c, next) => {
    const started = performance.now();
    await next();
    const ms = (performance.now() - started).toFixed(1);
    log(`${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${ms}ms`);
  });
  app.use('/api/*', compress());

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

      const timeout = AbortSignal.timeout(config.upstreamTimeoutMs);
      const signal = AbortSignal.any([timeout, c.req.raw.signal]);
      let response: Response;
      let bytes: ArrayBuffer;
      try {
        response = await upstream.fetch(
          new Request(upstream.url, {
            method: 'POST',
            headers,
            body: JSON.stringify(upstreamBody),
            signal,
          }),
        );
        bytes = await response.arrayBuffer();
      } catch {
        if (timeout.aborted) {
          return khipuError(
            504,
            PROXY_CODES.timeout,
            'RETRY_IMMEDIATELY',
            `La API no respondió en ${Math.round(config.upstreamTimeoutMs / 1000)} s (tiempo de espera del proxy).`,
          );
        }
        return khipuError(
          502,
          PROXY_CODES.unreachable,
          'RETRY_IMMEDIATELY',
          'No fue posible comunicarse con la API (error de red entre el proxy y Khipu).',
        );
      }

      if (
        !isJsonContentType(response.headers.get('content-type') ?? undefined) ||
        !parsesAsJson(bytes)
      ) {
        const status = response.status >= 400 && response.status < 500 ? response.status : 502;
        const type: ErrorType =
          status === 429 || status >= 500 ? 'RETRY_IMMEDIATELY' : 'DO_NOT_RETRY';
        const answer = khipuError(
          status,
          PROXY_CODES.notJson,
          type,
          `La API respondió HTTP ${response.status} con un contenido que no es JSON.`,
        );
        copyPassedBackHeaders(response.headers, answer.headers);
        return answer;
      }

      // The upstream's JSON comes back unchanged, byte for byte.
      const answer = new Response(bytes, {
        status: response.status,
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
      });
      copyPassedBackHeaders(response.headers, answer.headers);
      return answer;
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

function parsesAsJson(bytes: ArrayBuffer): boolean {
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return true;
  } catch {
    return false;
  }
}

function copyPassedBackHeaders(from: Headers, to: Headers): void {
  for (const name of PASSED_BACK_HEADERS) {
    const value = from.get(name);
    if (value !== null) to.set(name, value);
  }
}
