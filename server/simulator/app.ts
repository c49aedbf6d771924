// The embedded CEN HUB simulator: answers the Nonconformities List endpoint as
// docs/contract.md describes, so the product runs with no credentials and no network.
import type { NonSharedBuffer } from 'node:buffer';
import { Hono } from 'hono';
import type { z } from 'zod';
import { errorEnvelope, REQUEST_CODES } from '../../src/contract/errors';
import type { NonconformityItemInput } from '../../src/contract/item';
import { NONCONFORMITIES_PATH } from '../../src/contract/paths';
import { validateRequest } from '../../src/contract/request';
import type { responseEnvelopeSchema } from '../../src/contract/response';
import type { CaseList } from './generator';
import { type PageRequest, scenarioFor } from './scenarios';

/** A response as it travels: items keep their wire form (numbers may be strings). */
type WireEnvelope = z.input<typeof responseEnvelopeSchema>;

export interface SimulatorOptions {
  /** Base latency of each answer, ms (`SIM_LATENCY_MS`). */
  latencyMs: number;
  /** Extra random latency, 0..jitter ms (`SIM_JITTER_MS`). */
  jitterMs: number;
  /** Expect `RutDeudor` as body and check digit (`KHIPU_RUT_WITH_DV=1`). */
  rutWithDv: boolean;
  /** How long an asynchronous operation stays valid (`LifeSpan`), ms. */
  lifeSpanMs: number;
  /** Delay before the result of an asynchronous call is POSTed to its callback, ms. */
  callbackDelayMs: number;
  /** Sends an asynchronous result; tests replace it. */
  postCallback?: (url: string, body: unknown) => Promise<void>;
  random?: () => number;
}

export const DEFAULT_SIMULATOR_OPTIONS: SimulatorOptions = {
  latencyMs: 200,
  jitterMs: 100,
  rutWithDv: false,
  lifeSpanMs: 10 * 60_000,
  callbackDelayMs: 500,
};

/** An answer of the endpoint: always JSON (`SIMULATOR_CONTENT_TYPE`). */
export interface SimulatorAnswer {
  status: number;
  bytes: NonSharedBuffer;
}

export const SIMULATOR_CONTENT_TYPE = 'application/json; charset=UTF-8';

/** Stands for a page's items in its envelope, split out of the JSON (no text contains it). */
const ITEMS_SLOT = '\u0000items\u0000';
const ITEMS_SLOT_JSON = JSON.stringify(ITEMS_SLOT);

function jsonAnswer(status: number, body: unknown): SimulatorAnswer {
  return { status, bytes: Buffer.from(JSON.stringify(body)) };
}

export interface Simulator {
  /** The endpoint over HTTP (`npm run simulator`, tests). */
  app: Hono;
  /** The endpoint in-process: headers with lower-case names, the body's text. */
  post(
    headers: Record<string, string | undefined>,
    body: string,
    signal?: AbortSignal,
  ): Promise<SimulatorAnswer>;
  /** Forgets the per-page try counters, so "first try" scenarios fail again. */
  reset(): void;
  /** Requests answered since the last reset (valid or not). */
  requestCount(): number;
  /** Valid requests answered since the last reset, by `debtor body|from|to` (ISO dates). */
  requestsBySearch(): Record<string, number>;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

async function defaultPostCallback(url: string, body: unknown): Promise<void> {
  await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export function createSimulator(overrides: Partial<SimulatorOptions> = {}): Simulator {
  const options: SimulatorOptions = { ...DEFAULT_SIMULATOR_OPTIONS, ...overrides };
  const random = options.random ?? Math.random;
  const postCallback = options.postCallback ?? defaultPostCallback;
  const attempts = new Map<string, number>();
  let requests = 0;
  const bySearch = new Map<string, number>();

  const app = new Hono();
  // Pages are deterministic: their items' JSON is kept (bounded) as UTF-8 bytes, so an
  // answer's time is the configured latency, not the generator's or the encoder's (the
  // benchmark relies on a fixed latency).
  const itemsJson = new Map<string, NonSharedBuffer>();
  let itemsJsonBytes = 0;
  const ITEMS_JSON_MAX_BYTES = 128 * 1024 * 1024;

  /** A page's items in their wire form (numbers may be strings: this is the upstream). */
  function pageItems(
    request: PageRequest & { rowsPerPage: number },
    cases: CaseList,
  ): NonconformityItemInput[] {
    const start = request.page * request.rowsPerPage;
    const end = Math.min(start + request.rowsPerPage, cases.total);
    const items: NonconformityItemInput[] = [];
    for (let k = start; k < end; k++) items.push(cases.item(k));
    return items;
  }

  function pageItemsJson(
    request: PageRequest & { rowsPerPage: number },
    cases: CaseList,
  ): NonSharedBuffer {
    const key = [request.body, request.from, request.to, request.rowsPerPage, request.page].join(
      '|',
    );
    let bytes = itemsJson.get(key);
    if (bytes === undefined) {
      bytes = Buffer.from(JSON.stringify(pageItems(request, cases)));
      itemsJson.set(key, bytes);
      itemsJsonBytes += bytes.byteLength;
      for (const [oldKey, old] of itemsJson) {
        if (itemsJsonBytes <= ITEMS_JSON_MAX_BYTES) break;
        itemsJson.delete(oldKey);
        itemsJsonBytes -= old.byteLength;
      }
    }
    return bytes;
  }

  /** The envelope of a page of data around its items (whatever stands for them). */
  function pageEnvelope<T>(total: number, items: T, additionalInformation: string | null) {
    return {
      OperationId: crypto.randomUUID(),
      Status: 'OK' as const,
      Data: { NonconformitiesList: { TotalDisconformidades: total, Disconformidades: items } },
      AdditionalInformation: additionalInformation,
      Error: null,
      LifeSpan: null,
    };
  }

  /**
   * The synchronous answer as bytes: the same JSON `answer` gives, its envelope written around
   * the page's cached items (the slot's mark split out of the envelope's own JSON).
   */
  function answerBytes(request: PageRequest & { rowsPerPage: number }): {
    status: number;
    bytes: NonSharedBuffer;
  } {
    const scenario = scenarioFor(request.body);
    if (scenario.failure?.(request)) {
      const { status, body } = answer(request);
      return { status, bytes: Buffer.from(JSON.stringify(body)) };
    }
    const cases = scenario.cases(request);
    const envelope = pageEnvelope(cases.total, ITEMS_SLOT, scenario.additionalInformation ?? null);
    const [head, tail] = JSON.stringify(envelope).split(ITEMS_SLOT_JSON);
    const items = pageItemsJson(request, cases);
    return {
      status: 200,
      bytes: Buffer.concat([Buffer.from(head as string), items, Buffer.from(tail as string)]),
    };
  }

  function answer(request: PageRequest & { rowsPerPage: number }): {
    status: number;
    body: WireEnvelope;
  } {
    const scenario = scenarioFor(request.body);
    const failure = scenario.failure?.(request);
    if (failure) {
      return {
        status: failure.httpStatus,
        body: errorEnvelope(crypto.randomUUID(), failure.code, failure.type, failure.description),
      };
    }
    const cases = scenario.cases(request);
    const items = pageItems(request, cases);
    return {
      status: 200,
      body: pageEnvelope(cases.total, items, scenario.additionalInformation ?? null),
    };
  }

  /**
   * One call of the endpoint: its headers (names in lower case) and body text. The HTTP route
   * and the proxy's in-process upstream both come here, the latter without a web Request.
   */
  async function post(
    headers: Record<string, string | undefined>,
    text: string,
    signal?: AbortSignal,
  ): Promise<SimulatorAnswer> {
    requests++;
    const apiKey = headers['x-api-key'];
    const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
    if (!apiKey && !bearer) {
      return jsonAnswer(
        401,
        errorEnvelope(
          crypto.randomUUID(),
          'A000',
          'DO_NOT_RETRY',
          'Falta la credencial: envíe x-api-key o Authorization: Bearer.',
        ),
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return jsonAnswer(
        400,
        errorEnvelope(
          crypto.randomUUID(),
          REQUEST_CODES.missing,
          'DO_NOT_RETRY',
          'El cuerpo debe ser JSON válido.',
        ),
      );
    }
    const checked = validateRequest(body, options.rutWithDv ? 'body-dv' : 'body');
    if (!checked.ok) {
      const { code, description } = checked.problem;
      return jsonAnswer(400, errorEnvelope(crypto.randomUUID(), code, 'DO_NOT_RETRY', description));
    }
    const valid = checked.value;
    if (apiKey && !bearer && valid.accountCredential === undefined) {
      return jsonAnswer(
        400,
        errorEnvelope(
          crypto.randomUUID(),
          REQUEST_CODES.missing,
          'DO_NOT_RETRY',
          'AccountCredential es obligatorio cuando se autentica con Api Key.',
        ),
      );
    }

    const searchKey = [valid.rut.body, valid.from, valid.to].join('|');
    bySearch.set(searchKey, (bySearch.get(searchKey) ?? 0) + 1);
    const key = [valid.rut.body, valid.from, valid.to, valid.rowsPerPage, valid.page].join('|');
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    const pageRequest = {
      body: valid.rut.body,
      from: valid.from,
      to: valid.to,
      page: valid.page,
      rowsPerPage: valid.rowsPerPage,
      attempt,
    };

    if (valid.callbackUrl !== undefined) {
      const operationId = crypto.randomUUID();
      const lifeSpan = new Date(Date.now() + options.lifeSpanMs).toISOString();
      const callbackUrl = valid.callbackUrl;
      const behavior = scenarioFor(pageRequest.body).callback?.(pageRequest) ?? 'normal';
      const send = () => {
        const result = answer(pageRequest).body;
        const foreign = behavior === 'foreign' ? crypto.randomUUID() : null;
        postCallback(callbackUrl, {
          ...result,
          OperationId: foreign ?? operationId,
          LifeSpan: lifeSpan,
        }).catch(() => {
          // The receiver was gone; a real upstream would retry or drop it: we drop it.
        });
      };
      if (behavior !== 'never') {
        const delay = behavior === 'late' ? options.lifeSpanMs + 1_500 : options.callbackDelayMs;
        setTimeout(send, delay);
        if (behavior === 'twice') setTimeout(send, delay + 50);
      }
      return jsonAnswer(202, {
        OperationId: operationId,
        Status: 'OK',
        Data: null,
        AdditionalInformation: null,
        Error: null,
        LifeSpan: lifeSpan,
      });
    }

    // The latency is the whole answer time, like an upstream's: the page is built first and
    // only the rest of the time is slept (several requests then finish together, as they would).
    const started = performance.now();
    const answered = answerBytes(pageRequest);
    const wait = options.latencyMs + random() * options.jitterMs - (performance.now() - started);
    await sleep(wait, signal);
    return answered;
  }

  app.post(NONCONFORMITIES_PATH, async (c) => {
    const { status, bytes } = await post(c.req.header(), await c.req.text(), c.req.raw.signal);
    return c.body(bytes, status as 200, { 'content-type': SIMULATOR_CONTENT_TYPE });
  });

  app.notFound((c) =>
    c.json(
      errorEnvelope(
        crypto.randomUUID(),
        REQUEST_CODES.malformed,
        'DO_NOT_RETRY',
        'Ruta no encontrada.',
      ),
      404,
    ),
  );

  return {
    app,
    post,
    reset: () => {
      attempts.clear();
      requests = 0;
      bySearch.clear();
    },
    requestCount: () => requests,
    requestsBySearch: () => Object.fromEntries(bySearch),
  };
}

/** Simulator options from the environment (SIM_* and KHIPU_RUT_WITH_DV). */
export function simulatorOptionsFromEnv(env: Record<string, string | undefined>): SimulatorOptions {
  const ms = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) {
      throw new Error(`${name} must be a number of milliseconds ≥ 0 (got "${raw}").`);
    }
    return value;
  };
  return {
    latencyMs: ms('SIM_LATENCY_MS', DEFAULT_SIMULATOR_OPTIONS.latencyMs),
    jitterMs: ms('SIM_JITTER_MS', DEFAULT_SIMULATOR_OPTIONS.jitterMs),
    lifeSpanMs: ms('SIM_LIFESPAN_MS', DEFAULT_SIMULATOR_OPTIONS.lifeSpanMs),
    callbackDelayMs: ms('SIM_CALLBACK_DELAY_MS', DEFAULT_SIMULATOR_OPTIONS.callbackDelayMs),
    rutWithDv: env.KHIPU_RUT_WITH_DV === '1',
  };
}
