// The fault matrix of the "Hardening" issue, one row per fault: how the upstream double
// answers, what the proxy answers, what the browser does (exact request counts) and what the
// user reads. Used by tests/unit/fault-matrix.test.ts (the proxy in-process, the paging
// engine) and tests/e2e/fault-matrix.spec.ts (the built server and Chromium).
//
// Every row's search is 50 cases in 5 pages of 10, read one page at a time (conc=1) so
// counts are exact; the fault hits page index 2, after pages 0 and 1 were read, unless the
// fault is about the total page 0 announces.
import { gzipSync } from 'node:zlib';
import type { PageErrorKind } from '@/features/fetching/api/page-error';
import {
  type Behavior,
  type DoubleAnswer,
  FAULT_PAGE,
  json,
  type PageRequest,
  pageItems,
  ROWS_PER_PAGE,
  TOTAL_CASES,
} from './fault-double';
import { failureEnvelope, okEnvelope } from './fixtures/pages';

export interface ProxyExpectation {
  status: number;
  /** Error.Code/Type of the proxy's own answer; absent: the upstream's JSON is passed on as is. */
  code?: string;
  type?: string;
  /** Text the proxy's description must hold. */
  says?: string;
  /** The request never reaches the upstream (a refused connection). */
  neverArrives?: true;
}

export interface BrowserExpectation {
  phase: 'complete' | 'failed' | 'stopped';
  /** The failed page's error, for phase `failed`: its kind, code and the message's lead. */
  failure?: { kind: PageErrorKind; code: string; lead: string };
  /** HTTP requests the browser sends, by page index. */
  requestsByPage: readonly number[];
  /** Requests the double receives (differs from the browser's when the connection is refused). */
  upstreamRequests: number;
  /** Unique rows in the table at the end (the rows read before the fault stay). */
  rows: number;
  /** Fragments of what the user reads, each shown somewhere on the page. */
  shows: readonly string[];
  /** Pages the browser requests on a new try once the double is healed (`failed` only). */
  retryPages?: readonly number[];
  /** Smallest wait between two tries of the faulty page, ms (Retry-After, backoff). */
  minGapMs?: number;
  /** A case whose row detail must open promptly, and what it shows. */
  detail?: { caseIndex: number; shows: string };
}

export interface FaultRow {
  name: string;
  /** The row's debtor RUT body: the double tells rows apart by it. */
  rut: string;
  behavior: Behavior;
  /** The page whose proxy answer is checked (the faulty one). */
  probePage: number;
  proxy: ProxyExpectation;
  browser: BrowserExpectation;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** The double answers `answer` on the faulty page, healthily elsewhere. */
const onFaultPage =
  (answer: (request: PageRequest) => DoubleAnswer): Behavior =>
  (request) =>
    request.page === FAULT_PAGE ? answer(request) : undefined;

const khipuError = (status: number, code: string, type: string) =>
  onFaultPage(() =>
    json(
      status,
      failureEnvelope({ Code: code, Type: type, Description: `Falla ${code} (prueba).` }),
    ),
  );

/** An API gateway's own answer, JSON but not Khipu's envelope. */
const gateway = (status: number, message: string, headers: Record<string, string> = {}) =>
  onFaultPage(() => json(status, { message }, headers));

const envelopeWith = (list: unknown, extra: Record<string, unknown> = {}) =>
  onFaultPage(() =>
    json(200, okEnvelope(0, [], { Data: { NonconformitiesList: list }, ...extra })),
  );

type Item = Record<string, unknown>;

/** The faulty page as the healthy one, but for its first case: what `replace` makes of it. */
const firstCase = (replace: (item: Item, request: PageRequest) => Item) =>
  onFaultPage((request) => {
    const items = pageItems(request);
    items[0] = replace(items[0] as Item, request);
    return json(200, okEnvelope(TOTAL_CASES, items));
  });

// --- what the browser does, by kind of failure --------------------------------------------

/** Retried 3 times with backoff, then given up; the later pages are still read. */
const RETRIES_EXHAUSTED = 'La API no estuvo disponible y se agotaron los reintentos.';

const retried = (code: string, ...shows: string[]): BrowserExpectation => ({
  phase: 'failed',
  failure: { kind: 'retry', code, lead: RETRIES_EXHAUSTED },
  requestsByPage: [1, 1, 4, 1, 1],
  upstreamRequests: 8,
  rows: 40,
  shows: [
    'Se leyeron 40 de 50 casos. No se pudo leer la página 3 (de 5).',
    `${RETRIES_EXHAUSTED} (${code}`,
    ...shows,
  ],
  retryPages: [FAULT_PAGE],
  minGapMs: 200,
});

/** One request, then the search stops: the later pages are not requested (they'd be billed). */
const stops = (
  kind: PageErrorKind,
  code: string,
  lead: string,
  ...shows: string[]
): BrowserExpectation => ({
  phase: 'failed',
  failure: { kind, code, lead },
  requestsByPage: [1, 1, 1, 0, 0],
  upstreamRequests: 3,
  rows: 20,
  shows: [
    'Se leyeron 20 de 50 casos. No se pudo leer la página 3; 2 páginas quedaron sin pedir (de 5).',
    lead,
    `(${code}`,
    ...shows,
  ],
  retryPages: [2, 3, 4],
});

const REFUSED =
  'La API rechazó la consulta; reintentar con los mismos datos no cambiará el resultado.';
const WRONG_SHAPE = 'La respuesta de la API no tiene la forma esperada';

/** An empty page before the announced end: nothing is requested after it (incomplete). */
const stopsAtEmptyPage = (
  requestsByPage: readonly number[],
  rows: number,
  ...shows: string[]
): BrowserExpectation => ({
  phase: 'stopped',
  requestsByPage,
  upstreamRequests: sum(requestsByPage),
  rows,
  shows,
});

/** Read to the end: every page once. */
const complete = (rows: number, ...shows: string[]): BrowserExpectation => ({
  phase: 'complete',
  requestsByPage: [1, 1, 1, 1, 1],
  upstreamRequests: 5,
  rows,
  shows: [`${rows} casos`, ...shows],
});

// --- the rows ------------------------------------------------------------------------------

type RowSpec = Omit<FaultRow, 'rut' | 'probePage'> & { probePage?: number };

/** A body the proxy cannot pass on: it answers 502 X003 in the Khipu shape, saying why. */
const notJson = (
  name: string,
  answer: { status: number; contentType: string; body: string },
  says: string,
): RowSpec => ({
  name,
  behavior: onFaultPage(() => ({
    status: answer.status,
    headers: { 'content-type': answer.contentType },
    body: answer.body,
  })),
  proxy: { status: 502, code: 'X003', type: 'RETRY_IMMEDIATELY', says },
  browser: retried('X003', says),
});

const FIVE_MB_TEXT = 'Descripción muy larga, ñandú; '.repeat(5_000_010 / 30);

const ROWS: RowSpec[] = [
  // HTTP statuses with a gateway's JSON body (not Khipu's envelope): the status decides.
  ...(
    [
      [401, 'Unauthorized', 'credencial'],
      [403, 'Forbidden', 'acceso denegado'],
      [404, 'Not Found', 'no encontrado'],
    ] as const
  ).map(
    ([status, message, hint]): RowSpec => ({
      name: `HTTP ${status}`,
      behavior: gateway(status, message),
      proxy: { status },
      browser: stops('stop', `HTTP ${status}`, REFUSED, hint),
    }),
  ),
  {
    name: 'HTTP 429 with Retry-After: 1',
    behavior: gateway(429, 'Too Many Requests', { 'retry-after': '1' }),
    proxy: { status: 429 },
    browser: {
      ...stops(
        'rate-limited',
        'HTTP 429',
        'La API limitó la cantidad de consultas y no se pudo completar después de esperar.',
      ),
      requestsByPage: [1, 1, 4, 0, 0],
      upstreamRequests: 6,
      minGapMs: 1000,
    },
  },
  {
    name: 'HTTP 429 without Retry-After',
    behavior: gateway(429, 'Too Many Requests'),
    proxy: { status: 429 },
    browser: {
      ...stops('rate-limited', 'HTTP 429', 'La API limitó la cantidad de consultas'),
      requestsByPage: [1, 1, 4, 0, 0],
      upstreamRequests: 6,
      // Backoff from 400 ms, half of it jitter.
      minGapMs: 200,
    },
  },
  {
    name: 'HTTP 429 with Retry-After: 3600 (longer than the 30 s honored)',
    behavior: gateway(429, 'Too Many Requests', { 'retry-after': '3600' }),
    proxy: { status: 429 },
    browser: stops('rate-limited', 'HTTP 429', 'La API limitó la cantidad de consultas'),
  },
  ...([500, 502, 503, 504] as const).map(
    (status): RowSpec => ({
      name: `HTTP ${status}`,
      behavior: gateway(status, 'Internal server error'),
      proxy: { status },
      browser: retried(`HTTP ${status}`),
    }),
  ),

  // The network between the proxy and the API.
  {
    name: 'connection refused',
    behavior: (request) =>
      request.page === FAULT_PAGE - 1 ? { action: 'refuse-after-this' } : undefined,
    proxy: {
      status: 502,
      code: 'X001',
      type: 'RETRY_IMMEDIATELY',
      says: 'error de red',
      neverArrives: true,
    },
    browser: {
      ...retried('X001', 'No fue posible comunicarse con la API'),
      // Nothing reaches the double, so the retries' spacing cannot be seen from there.
      minGapMs: undefined,
      // Every later page meets the refusal too, each retried as boundedly.
      requestsByPage: [1, 1, 4, 4, 4],
      upstreamRequests: 2,
      rows: 20,
      shows: [
        'Se leyeron 20 de 50 casos. No se pudo leer las páginas 3, 4 y 5 (de 5).',
        `${RETRIES_EXHAUSTED} (X001`,
      ],
      retryPages: [2, 3, 4],
    },
  },
  {
    name: 'connection reset mid-body',
    behavior: onFaultPage(() => ({ action: 'reset-mid-body' })),
    proxy: { status: 502, code: 'X001', type: 'RETRY_IMMEDIATELY' },
    browser: retried('X001', 'No fue posible comunicarse con la API'),
  },
  {
    name: 'an upstream that never answers',
    behavior: onFaultPage(() => ({ action: 'hang' })),
    proxy: { status: 504, code: 'X002', type: 'RETRY_IMMEDIATELY', says: 'no respondió en' },
    browser: retried('X002', 'tiempo de espera del proxy'),
  },

  // Bodies that are not JSON: the proxy answers for them, in the Khipu shape.
  notJson(
    'a body that is not JSON (HTTP 200)',
    { status: 200, contentType: 'application/json', body: 'Internal error, please retry' },
    'La API respondió HTTP 200 con un contenido que no es JSON.',
  ),
  notJson(
    'an HTML error page (HTTP 502)',
    {
      status: 502,
      contentType: 'text/html',
      body: '<html><body><h1>502 Bad Gateway</h1><script>alert(1)</script></body></html>',
    },
    'La API respondió HTTP 502 con un contenido que no es JSON.',
  ),
  notJson(
    'an empty body (HTTP 200)',
    { status: 200, contentType: 'application/json', body: '' },
    'La API respondió HTTP 200 sin contenido.',
  ),
  {
    name: 'a gzip body with a wrong length',
    behavior: onFaultPage((request) => {
      const text = JSON.stringify(okEnvelope(TOTAL_CASES, pageItems(request)));
      const zipped = gzipSync(Buffer.from(text));
      zipped.writeUInt32LE(text.length + 1, zipped.length - 4); // the trailer's size
      return {
        status: 200,
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: zipped,
      };
    }),
    proxy: { status: 502, code: 'X001', type: 'RETRY_IMMEDIATELY' },
    browser: retried('X001'),
  },

  // JSON that does not match the envelope: reported, not retried, never kept by the proxy.
  {
    name: 'an envelope without Data',
    behavior: onFaultPage(() => {
      const { Data: _dropped, ...rest } = okEnvelope(TOTAL_CASES, []);
      return json(200, rest);
    }),
    proxy: { status: 200 },
    browser: stops('stop', 'RESPUESTA', REFUSED, WRONG_SHAPE, 'Data'),
  },
  {
    name: 'Disconformidades not a list',
    behavior: envelopeWith({ TotalDisconformidades: TOTAL_CASES, Disconformidades: { a: 1 } }),
    proxy: { status: 200 },
    browser: stops('stop', 'RESPUESTA', WRONG_SHAPE, 'Disconformidades'),
  },
  {
    name: 'TotalDisconformidades negative',
    behavior: envelopeWith({ TotalDisconformidades: -5, Disconformidades: [] }),
    proxy: { status: 200 },
    browser: stops('stop', 'RESPUESTA', WRONG_SHAPE, 'TotalDisconformidades'),
  },
  {
    name: 'TotalDisconformidades not a number',
    behavior: envelopeWith({ TotalDisconformidades: '50', Disconformidades: [] }),
    proxy: { status: 200 },
    browser: stops('stop', 'RESPUESTA', WRONG_SHAPE, 'TotalDisconformidades'),
  },
  {
    name: 'items of wrong types',
    behavior: firstCase((item) => ({ ...item, IdCaso: { id: 1 }, MontoNeto: 'mucho' })),
    proxy: { status: 200 },
    browser: stops('stop', 'RESPUESTA', WRONG_SHAPE, 'Disconformidades[0]'),
  },
  {
    name: '5 MB of text in one field',
    behavior: firstCase((item) => ({ ...item, Descripcion: FIVE_MB_TEXT })),
    proxy: { status: 200 },
    // Shown cut (a cell 1,000 characters, the detail 20,000), exported whole.
    browser: {
      ...complete(50),
      detail: {
        caseIndex: FAULT_PAGE * ROWS_PER_PAGE,
        shows: 'se muestran 20.000 de 5.000.010 caracteres',
      },
    },
  },

  // Status "ERROR": the body's Error.Type decides, whatever the HTTP status.
  {
    name: 'ERROR RETRY_IMMEDIATELY (at HTTP 400)',
    behavior: khipuError(400, 'E201', 'RETRY_IMMEDIATELY'),
    proxy: { status: 400 },
    browser: retried('E201', 'Falla E201 (prueba).'),
  },
  {
    name: 'ERROR DO_NOT_RETRY (at HTTP 500)',
    behavior: khipuError(500, 'E404', 'DO_NOT_RETRY'),
    proxy: { status: 500 },
    browser: stops('stop', 'E404', REFUSED, 'Falla E404 (prueba).'),
  },
  {
    name: 'ERROR WAIT_4_HOURS_BEFORE_RETRY (at HTTP 503)',
    behavior: khipuError(503, 'E202', 'WAIT_4_HOURS_BEFORE_RETRY'),
    proxy: { status: 503 },
    browser: stops(
      'wait-4-hours',
      'E202',
      'La API pidió esperar antes de volver a consultar. Intente de nuevo a partir de las',
    ),
  },
  {
    name: 'ERROR RETRY_AFTER_NOTIFICATION (at HTTP 200)',
    behavior: khipuError(200, 'E101', 'RETRY_AFTER_NOTIFICATION'),
    proxy: { status: 200 },
    browser: stops('needs-action', 'E101', 'La consulta requiere una acción suya'),
  },
  {
    name: 'ERROR with an unknown Type (at HTTP 503)',
    behavior: khipuError(503, 'E999', 'RETRY_SOMETIME'),
    proxy: { status: 503 },
    browser: stops('stop', 'E999', REFUSED, 'Falla E999 (prueba).'),
  },
  {
    name: 'ERROR with Error null (at HTTP 500)',
    behavior: onFaultPage(() => json(500, failureEnvelope(null))),
    proxy: { status: 500 },
    browser: stops('stop', 'HTTP 500', REFUSED, 'La API respondió ERROR sin detallar el error.'),
  },

  // Pages that disagree with each other: read, shown, and reported with the numbers.
  {
    name: 'the total moves between pages',
    behavior: onFaultPage((request) => json(200, okEnvelope(53, pageItems(request)))),
    proxy: { status: 200 },
    browser: complete(50, 'El total cambió mientras se leía (50 → 53 casos).'),
  },
  {
    name: 'the same IdCaso on two pages',
    behavior: firstCase((_item, request) => pageItems({ ...request, page: 1 })[0] as Item),
    proxy: { status: 200 },
    browser: complete(
      49,
      'Se descartó 1 caso repetido (el mismo IdCaso en dos páginas).',
      'Resultado inconsistente: se leyeron 49 casos distintos y la API anunció 50.',
    ),
  },
  {
    name: 'a page shorter than Filas before the end',
    behavior: onFaultPage((request) =>
      json(200, okEnvelope(TOTAL_CASES, pageItems(request).slice(0, 5))),
    ),
    proxy: { status: 200 },
    browser: complete(
      45,
      'Resultado inconsistente: se leyeron 45 casos distintos y la API anunció 50.',
    ),
  },
  {
    name: 'an empty page before the end',
    behavior: onFaultPage(() => json(200, okEnvelope(TOTAL_CASES, []))),
    proxy: { status: 200 },
    browser: stopsAtEmptyPage(
      [1, 1, 1, 0, 0],
      20,
      'La API devolvió una página vacía (página 3) antes del final anunciado: el resultado está incompleto, con 20 de 50 casos.',
    ),
  },
  {
    name: 'a page past the end (the total shrank to 30)',
    probePage: 3,
    behavior: (request) =>
      request.page >= FAULT_PAGE ? json(200, okEnvelope(30, pageItems(request, 30))) : undefined,
    proxy: { status: 200 },
    browser: stopsAtEmptyPage(
      [1, 1, 1, 1, 0],
      30,
      'La API devolvió una página vacía (página 4) antes del final anunciado: el resultado está incompleto, con 30 de 50 casos.',
      'El total cambió mientras se leía (50 → 30 casos).',
    ),
  },
  {
    name: 'TotalDisconformidades 0 with items',
    probePage: 0,
    behavior: (request) =>
      request.page === 0 ? json(200, okEnvelope(0, pageItems({ ...request, page: 0 }))) : undefined,
    proxy: { status: 200 },
    browser: {
      phase: 'complete',
      requestsByPage: [1, 0, 0, 0, 0],
      upstreamRequests: 1,
      rows: 10,
      shows: ['Resultado inconsistente: se leyeron 10 casos distintos y la API anunció 0.'],
    },
  },
  {
    name: 'TotalDisconformidades 100,000 with no items',
    probePage: 0,
    behavior: (request) => (request.page === 0 ? json(200, okEnvelope(100_000, [])) : undefined),
    proxy: { status: 200 },
    browser: stopsAtEmptyPage(
      [1, 0, 0, 0, 0],
      0,
      'La API devolvió una página vacía (página 1) antes del final anunciado: el resultado está incompleto, con 0 de 100.000 casos.',
    ),
  },
];

/** RUT bodies 81000001, 81000002, …: one per row, valid 8-digit bodies. */
export const FAULT_ROWS: readonly FaultRow[] = ROWS.map((row, i) => ({
  probePage: FAULT_PAGE,
  ...row,
  rut: String(81_000_001 + i),
}));

/** Browser requests of a row in all (before any "Reintentar"). */
export const browserRequests = (row: FaultRow) => sum(row.browser.requestsByPage);
