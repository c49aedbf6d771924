// docs/contract.md's rules for one HTTP answer (classifyResponse, parseRetryAfter) and the
// retry policy built on them (shouldRetryPage, retryDelayForPage).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyResponse,
  type HttpAnswer,
  parseRetryAfter,
} from '@/features/fetching/api/classify-response';
import { PageError, type PageErrorKind, WAIT_4_HOURS_MS } from '@/features/fetching/api/page-error';
import {
  DEFAULT_RETRY_LIMITS,
  type RetryLimits,
  retryDelayForPage,
  shouldRetryPage,
} from '@/features/fetching/api/retry-policy';
import type { PageData } from '@/features/rows/page-data';
import { pageError } from '../support/fixtures/page-errors';
import { failureEnvelope, okEnvelope } from '../support/fixtures/pages';

const NOW = new Date('2025-11-05T15:00:00Z');

function answer(status: number, body: unknown, headers: Record<string, string> = {}): HttpAnswer {
  return {
    status,
    headers: new Headers(headers),
    text: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

const errorBody = (type: string, code = 'E201', description = 'Descripción de la API') =>
  failureEnvelope(
    { Code: code, Type: type, Description: description },
    { OperationId: 'op-error' },
  );

const okBody = (total: number, items: unknown[], extra: Record<string, unknown> = {}) =>
  okEnvelope(total, items, { OperationId: 'op-ok', ...extra });

function classifyError(page: number, http: HttpAnswer): PageError {
  const result = classifyResponse(page, http, NOW);
  expect(result).toBeInstanceOf(PageError);
  return result as PageError;
}

function classifyData(page: number, http: HttpAnswer): PageData {
  const result = classifyResponse(page, http, NOW);
  expect(result).not.toBeInstanceOf(PageError);
  return result as PageData;
}

describe('classifyResponse: answers with data', () => {
  it('reads a page: total, items, operation id, AdditionalInformation', () => {
    const items = [{ IdCaso: 'C-1', Estado: 'Abierta', Extra: 'se conserva' }, { IdCaso: 'C-2' }];
    const data = classifyData(
      3,
      answer(200, okBody(4575, items, { AdditionalInformation: 'Data is incomplete' })),
    );
    expect(data).toMatchObject({
      page: 3,
      total: 4575,
      operationId: 'op-ok',
      additionalInformation: 'Data is incomplete',
      fromProxyCache: false,
    });
    expect(data.items.map((i) => i.IdCaso)).toEqual(['C-1', 'C-2']);
    expect(data.items[0]?.Extra).toBe('se conserva');
  });

  it('a total of 0 with no items is an empty result, not an error', () => {
    expect(classifyData(0, answer(200, okBody(0, [])))).toMatchObject({ total: 0, items: [] });
  });

  it.each([
    ['HIT', true],
    ['MISS', false],
    ['COALESCED', false],
    ['BYPASS', false],
  ])('x-proxy-cache: %s → fromProxyCache %s', (state, expected) => {
    const data = classifyData(0, answer(200, okBody(1, [{}]), { 'x-proxy-cache': state }));
    expect(data.fromProxyCache).toBe(expected);
  });
});

describe('classifyResponse: the body Type decides, whatever the HTTP status', () => {
  const cases: [string, PageErrorKind][] = [
    ['RETRY_IMMEDIATELY', 'retry'],
    ['DO_NOT_RETRY', 'stop'],
    ['WAIT_4_HOURS_BEFORE_RETRY', 'wait-4-hours'],
    ['RETRY_AFTER_NOTIFICATION', 'needs-action'],
    // An unknown Type is treated as DO_NOT_RETRY, and kept as received.
    ['SOMETHING_NEW', 'stop'],
  ];
  const statuses = [200, 400, 401, 404, 500, 502, 503];

  for (const [type, kind] of cases) {
    it.each(statuses)(`${type} at HTTP %i → ${kind}`, (status) => {
      const error = classifyError(2, answer(status, errorBody(type, 'E201', 'CEN caído')));
      expect(error).toMatchObject({
        kind,
        code: 'E201',
        type,
        description: 'CEN caído',
        httpStatus: status,
        operationId: 'op-error',
      });
      expect(error.retryable).toBe(kind === 'retry');
    });
  }

  it('WAIT_4_HOURS_BEFORE_RETRY gives the earliest retry time: now + 4 h', () => {
    const error = classifyError(0, answer(200, errorBody('WAIT_4_HOURS_BEFORE_RETRY', 'E202')));
    expect(error.retryAt?.toISOString()).toBe('2025-11-05T19:00:00.000Z');
    expect(error.retryAt?.getTime()).toBe(NOW.getTime() + WAIT_4_HOURS_MS);
  });

  it('other kinds carry no retry time', () => {
    for (const type of ['RETRY_IMMEDIATELY', 'DO_NOT_RETRY', 'RETRY_AFTER_NOTIFICATION']) {
      expect(classifyError(0, answer(500, errorBody(type))).retryAt).toBeNull();
    }
  });

  it.each([200, 500])('Status ERROR with Error null at HTTP %i → stop', (status) => {
    const body = { ...errorBody('RETRY_IMMEDIATELY'), Error: null };
    expect(classifyError(0, answer(status, body))).toMatchObject({
      kind: 'stop',
      code: `HTTP ${status}`,
      operationId: 'op-error',
    });
  });
});

describe('classifyResponse: HTTP 429 always waits and retries', () => {
  it.each(['DO_NOT_RETRY', 'WAIT_4_HOURS_BEFORE_RETRY', 'RETRY_AFTER_NOTIFICATION', 'OTHER'])(
    'even with a %s body',
    (type) => {
      const error = classifyError(1, answer(429, errorBody(type, 'E000'), { 'Retry-After': '7' }));
      expect(error).toMatchObject({ kind: 'rate-limited', code: 'E000', type, retryAfterMs: 7000 });
      expect(error.retryAt).toBeNull();
      expect(error.retryable).toBe(true);
    },
  );

  it.each([
    ['an OK envelope', JSON.stringify(okBody(1, [{}]))],
    ['a body that is not JSON', '<html>Too Many Requests</html>'],
    ['an empty body', ''],
    ['JSON of another shape', '{"message":"slow down"}'],
  ])('with %s', (_name, text) => {
    const error = classifyError(0, { status: 429, headers: new Headers(), text });
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfterMs).toBeNull();
  });
});

describe('classifyResponse: bodies that do not parse, or do not match the envelope', () => {
  it.each([500, 502, 503, 504])('non-JSON at HTTP %i → retry', (status) => {
    const error = classifyError(0, answer(status, '<html>Bad Gateway</html>'));
    expect(error).toMatchObject({ kind: 'retry', code: `HTTP ${status}`, httpStatus: status });
    expect(error.description).toMatch(/no es JSON/);
  });

  it.each([400, 401, 403, 404, 413])('non-JSON at HTTP %i → stop', (status) => {
    expect(classifyError(0, answer(status, 'Not Found'))).toMatchObject({
      kind: 'stop',
      code: `HTTP ${status}`,
    });
  });

  it('non-JSON at HTTP 200 → stop', () => {
    expect(classifyError(0, answer(200, '<!doctype html><html></html>')).kind).toBe('stop');
  });

  it.each([
    [503, 'retry'],
    [200, 'stop'],
    [404, 'stop'],
  ] as const)('an empty body at HTTP %i → %s, and says it was empty', (status, kind) => {
    for (const text of ['', '  \n']) {
      const error = classifyError(0, answer(status, text));
      expect(error.kind).toBe(kind);
      expect(error.description).toMatch(/sin contenido/);
    }
  });

  it('OK with Data null (a synchronous call) is an envelope error, not an empty result', () => {
    for (const status of [200, 202]) {
      const body = { ...okBody(0, []), Data: null, OperationId: 'op-null' };
      expect(classifyError(0, answer(status, body))).toMatchObject({
        kind: 'stop',
        code: 'RESPUESTA',
        operationId: 'op-null',
      });
    }
  });

  it.each([
    ['another shape', { foo: 1 }],
    ['a list', []],
    ['a negative total', okBody(-1, [])],
    ['a non-integer total', okBody(1.5, [{}])],
    [
      'Disconformidades not a list',
      {
        ...okBody(1, []),
        Data: { NonconformitiesList: { TotalDisconformidades: 1, Disconformidades: {} } },
      },
    ],
    ['an unknown Status', { ...okBody(1, [{}]), Status: 'PENDING' }],
  ])('%s at HTTP 200 → stop (RESPUESTA), with a readable message', (_name, body) => {
    const error = classifyError(0, answer(200, body));
    expect(error).toMatchObject({ kind: 'stop', code: 'RESPUESTA' });
    expect(error.description).toMatch(/no tiene la forma esperada/);
  });

  it('a mismatched envelope at HTTP 5xx → retry; at other 4xx → stop', () => {
    expect(classifyError(0, answer(502, { error: 'upstream' })).kind).toBe('retry');
    expect(classifyError(0, answer(400, { error: 'bad' })).kind).toBe('stop');
  });

  it.each([
    [401, 'stop', 'HTTP 401 (credencial del servidor no aceptada)'],
    [403, 'stop', 'HTTP 403 (acceso denegado)'],
    [429, 'rate-limited', 'HTTP 429 (demasiadas solicitudes)'],
    [504, 'retry', 'HTTP 504 (la pasarela no obtuvo respuesta a tiempo)'],
    [418, 'stop', 'HTTP 418 sin'],
  ] as const)(
    "a gateway's own JSON at HTTP %i says what the status means, not the shape",
    (status, kind, says) => {
      const error = classifyError(0, answer(status, { message: 'Unauthorized' }));
      expect(error).toMatchObject({ kind, code: `HTTP ${status}` });
      expect(error.description).toContain(says);
      expect(error.description).toContain('sin el formato de error de Khipu');
      expect(error.description).not.toMatch(/forma esperada|OperationId/);
    },
  );
});

describe('parseRetryAfter', () => {
  it.each([
    [null, null],
    ['', null],
    ['   ', null],
    ['0', 0],
    ['120', 120_000],
    [' 5 ', 5000],
    // An HTTP-date: the time until then, never negative.
    ['Wed, 05 Nov 2025 15:00:30 GMT', 30_000],
    ['Wed, 05 Nov 2025 14:00:00 GMT', 0],
    // Unreadable: null (back off), not "retry now".
    ['soon', null],
    ['1.5', null],
    ['-1', null],
    ['12abc', null],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it('is read by classifyResponse, case-insensitively', () => {
    const error = classifyError(
      0,
      answer(429, errorBody('RETRY_IMMEDIATELY'), { 'RETRY-AFTER': '2' }),
    );
    expect(error.retryAfterMs).toBe(2000);
  });
});

// ---------------------------------------------------------------------------------------

const LIMITS: RetryLimits = {
  maxRetries: 3,
  maxRateLimitRetries: 2,
  baseDelayMs: 400,
  maxDelayMs: 5000,
  maxRetryAfterMs: 30_000,
};

describe('shouldRetryPage', () => {
  it('retries a transient failure maxRetries times (failureCount 0 … maxRetries − 1)', () => {
    const error = pageError('retry');
    expect([0, 1, 2, 3, 4].map((n) => shouldRetryPage(n, error, LIMITS))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('retries a rate limit maxRateLimitRetries times, its own bound', () => {
    const error = pageError('rate-limited');
    expect([0, 1, 2, 3].map((n) => shouldRetryPage(n, error, LIMITS))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('honors a Retry-After up to maxRetryAfterMs, not beyond', () => {
    expect(shouldRetryPage(0, pageError('rate-limited', { retryAfterMs: 30_000 }), LIMITS)).toBe(
      true,
    );
    expect(shouldRetryPage(0, pageError('rate-limited', { retryAfterMs: 30_001 }), LIMITS)).toBe(
      false,
    );
    expect(shouldRetryPage(0, pageError('rate-limited', { retryAfterMs: 0 }), LIMITS)).toBe(true);
  });

  it.each(['stop', 'wait-4-hours', 'needs-action'] as const)('never retries %s', (kind) => {
    expect(shouldRetryPage(0, pageError(kind), LIMITS)).toBe(false);
  });

  it('never retries what is not a PageError (a bug, an abort)', () => {
    expect(shouldRetryPage(0, new Error('boom'), LIMITS)).toBe(false);
    expect(shouldRetryPage(0, new DOMException('aborted', 'AbortError'), LIMITS)).toBe(false);
  });

  it('with no retries allowed, never retries', () => {
    const none = { ...LIMITS, maxRetries: 0, maxRateLimitRetries: 0 };
    expect(shouldRetryPage(0, pageError('retry'), none)).toBe(false);
    expect(shouldRetryPage(0, pageError('rate-limited'), none)).toBe(false);
  });
});

describe('retryDelayForPage', () => {
  const exponential = (n: number) => Math.min(LIMITS.baseDelayMs * 2 ** n, LIMITS.maxDelayMs);

  it('doubles from baseDelayMs, half fixed and half random', () => {
    const error = pageError('retry');
    expect(retryDelayForPage(0, error, LIMITS, () => 0)).toBe(200);
    expect(retryDelayForPage(0, error, LIMITS, () => 0.999_999)).toBe(400);
    expect(retryDelayForPage(1, error, LIMITS, () => 0)).toBe(400);
    expect(retryDelayForPage(2, error, LIMITS, () => 0.5)).toBe(1200);
  });

  it('stays within [exp/2, exp], capped at maxDelayMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.constantFrom<PageErrorKind>('retry', 'rate-limited'),
        (n, r, kind) => {
          const delay = retryDelayForPage(n, pageError(kind), LIMITS, () => r);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(exponential(n) / 2));
          expect(delay).toBeLessThanOrEqual(exponential(n));
          expect(delay).toBeLessThanOrEqual(LIMITS.maxDelayMs);
        },
      ),
    );
  });

  it('is jittered: different random draws give different delays', () => {
    const error = pageError('retry');
    const delays = new Set(
      [0, 0.25, 0.5, 0.75].map((r) => retryDelayForPage(3, error, LIMITS, () => r)),
    );
    expect(delays.size).toBe(4);
  });

  it('reaches the cap and stays there', () => {
    const error = pageError('retry');
    expect(retryDelayForPage(10, error, LIMITS, () => 0.999_999)).toBe(LIMITS.maxDelayMs);
    expect(retryDelayForPage(1000, error, LIMITS, () => 0)).toBe(LIMITS.maxDelayMs / 2);
  });

  it('waits exactly the Retry-After of a rate limit, capped at maxRetryAfterMs', () => {
    expect(
      retryDelayForPage(0, pageError('rate-limited', { retryAfterMs: 7000 }), LIMITS, () => 0.9),
    ).toBe(7000);
    expect(
      retryDelayForPage(1, pageError('rate-limited', { retryAfterMs: 0 }), LIMITS, () => 0.9),
    ).toBe(0);
    expect(retryDelayForPage(0, pageError('rate-limited', { retryAfterMs: 90_000 }), LIMITS)).toBe(
      30_000,
    );
  });

  it('a Retry-After on another kind of failure does not replace the backoff', () => {
    expect(
      retryDelayForPage(0, pageError('retry', { retryAfterMs: 20_000 }), LIMITS, () => 0),
    ).toBe(200);
  });

  it('the defaults are bounded', () => {
    expect(DEFAULT_RETRY_LIMITS.maxRetries).toBeGreaterThan(0);
    expect(DEFAULT_RETRY_LIMITS.maxDelayMs).toBeLessThanOrEqual(
      DEFAULT_RETRY_LIMITS.maxRetryAfterMs,
    );
    expect(retryDelayForPage(50, pageError('retry'), DEFAULT_RETRY_LIMITS)).toBeLessThanOrEqual(
      DEFAULT_RETRY_LIMITS.maxDelayMs,
    );
  });
});
