import { describe, expect, it, vi } from 'vitest';
import { NONCONFORMITIES_PATH } from '@/contract/paths';
import { parseResponseEnvelope, type ResponseEnvelope } from '@/contract/response';
import { computeDv } from '@/lib/rut';
import {
  createSimulator,
  type Simulator,
  type SimulatorOptions,
  simulatorOptionsFromEnv,
} from '../../server/simulator/app';
import { type RequestDataChanges, requestBody } from '../support/fixtures/requests';

// ---------------------------------------------------------------------------------------
// Request helpers
// ---------------------------------------------------------------------------------------

type Json = Record<string, unknown>;
type WireItem = Record<string, unknown>;

const BEARER = { authorization: 'Bearer test.jwt.token' };
const API_KEY = { 'x-api-key': 'test-api-key' };
const CREDENTIAL = { Usuario: 'operador@example.cl', Clave: 'secreta' };
const FAST: Partial<SimulatorOptions> = { latencyMs: 0, jitterMs: 0 };

function fastSimulator(overrides: Partial<SimulatorOptions> = {}): Simulator {
  return createSimulator({ ...FAST, ...overrides });
}

interface Answer {
  status: number;
  /** The body as sent (items keep their wire form). */
  raw: Json;
  /** The body through the contract's parser (which every answer must pass). */
  envelope: ResponseEnvelope;
}

/** Posts a body (an object, or raw text) and checks the answer against the contract. */
async function post(
  sim: Simulator,
  body: unknown,
  headers: Record<string, string> = BEARER,
): Promise<Answer> {
  const res = await sim.app.request(NONCONFORMITIES_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const raw = (await res.json()) as Json;
  const parsed = parseResponseEnvelope(raw);
  if (!parsed.ok) throw new Error(`HTTP ${res.status}: ${parsed.message}`);
  expect(parsed.value.OperationId.length).toBeGreaterThan(0);
  expect(parsed.value.OperationId.length).toBeLessThanOrEqual(36);
  return { status: res.status, raw, envelope: parsed.value };
}

function wireItems(answer: Answer): WireItem[] {
  const data = answer.raw.Data as { NonconformitiesList: { Disconformidades: WireItem[] } };
  return data.NonconformitiesList.Disconformidades;
}

interface Page {
  total: number;
  items: WireItem[];
  answer: Answer;
}

/** One synchronous page that must succeed. */
async function page(sim: Simulator, data: RequestDataChanges = {}): Promise<Page> {
  const answer = await post(sim, requestBody(data));
  expect(answer.status).toBe(200);
  expect(answer.envelope.Status).toBe('OK');
  expect(answer.envelope.Error).toBeNull();
  expect(answer.envelope.LifeSpan).toBeNull();
  const list = answer.envelope.Data?.NonconformitiesList;
  if (!list) throw new Error('OK answer without Data');
  return { total: list.TotalDisconformidades, items: wireItems(answer), answer };
}

/** Every page of a search, concatenated, read by the announced total. */
async function readAll(
  sim: Simulator,
  data: RequestDataChanges = {},
  rows = 200,
): Promise<{ total: number; pages: Page[]; items: WireItem[] }> {
  const pages: Page[] = [];
  const items: WireItem[] = [];
  let total = 0;
  for (let p = 0; p === 0 || p * rows < total; p++) {
    const got = await page(sim, { ...data, Filas: String(rows), Paginas: String(p) });
    total = got.total;
    pages.push(got);
    items.push(...got.items);
    if (p > 200) throw new Error('runaway paging');
  }
  return { total, pages, items };
}

function expectError(answer: Answer, code: string | RegExp, type: string, status?: number): void {
  if (status !== undefined) expect(answer.status).toBe(status);
  expect(answer.envelope.Status).toBe('ERROR');
  expect(answer.envelope.Data).toBeNull();
  const error = answer.envelope.Error;
  expect(error).not.toBeNull();
  if (typeof code === 'string') expect(error?.Code).toBe(code);
  else expect(error?.Code).toMatch(code);
  expect(error?.Type).toBe(type);
  // A Spanish sentence, not a code or an English stack message.
  expect(error?.Description.length).toBeGreaterThan(10);
}

/** `MM/DD/YYYY HH:mm` → `YYYY-MM-DD HH:mm` (sortable); fails the test on another form. */
function creationKey(value: unknown): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})$/.exec(String(value));
  if (!m) throw new Error(`FechaCreacion not MM/DD/YYYY HH:mm: ${String(value)}`);
  const [, month, day, year, hour, minute] = m;
  if (Number(month) < 1 || Number(month) > 12 || Number(hour) > 23 || Number(minute) > 59) {
    throw new Error(`FechaCreacion out of bounds: ${String(value)}`);
  }
  return `${year}-${month}-${day} ${hour}:${minute}`;
}

function expectWithinRange(items: WireItem[], fromIso: string, toIso: string): void {
  const outside = items.filter((item) => {
    const day = creationKey(item.FechaCreacion).slice(0, 10);
    return day < fromIso || day > toIso;
  });
  expect(outside.map((item) => item.FechaCreacion)).toEqual([]);
}

function expectNewestFirst(items: WireItem[]): void {
  const inversions: string[] = [];
  for (let i = 1; i < items.length; i++) {
    const previous = creationKey(items[i - 1]?.FechaCreacion);
    const current = creationKey(items[i]?.FechaCreacion);
    if (current > previous) inversions.push(`item ${i}: ${current} after ${previous}`);
  }
  expect(inversions).toEqual([]);
}

/** The items for which `check` returns a complaint, with their IdCaso (empty = all fine). */
function complaints(items: WireItem[], check: (item: WireItem) => string | null): string[] {
  const found: string[] = [];
  for (const item of items) {
    const complaint = check(item);
    if (complaint !== null) found.push(`${String(item.IdCaso)}: ${complaint}`);
  }
  return found;
}

const ids = (items: WireItem[]) => items.map((item) => String(item.IdCaso));

// The seed search is read several times; one read, shared by the data tests.
let seedRead: Promise<Awaited<ReturnType<typeof readAll>>> | undefined;
const readSeed = () => {
  seedRead ??= readAll(fastSimulator());
  return seedRead;
};

// ---------------------------------------------------------------------------------------
// Authentication and routing
// ---------------------------------------------------------------------------------------

describe('simulator: authentication', () => {
  it('answers 401 without a credential header', async () => {
    const sim = fastSimulator();
    expectError(await post(sim, requestBody(), {}), 'A000', 'DO_NOT_RETRY', 401);
  });

  it('answers 401 for an Authorization header that is not a Bearer token', async () => {
    const sim = fastSimulator();
    const basic = { authorization: 'Basic dXNlcjpwYXNz' };
    expectError(await post(sim, requestBody(), basic), 'A000', 'DO_NOT_RETRY', 401);
    const empty = { authorization: 'Bearer ' };
    expectError(await post(sim, requestBody(), empty), 'A000', 'DO_NOT_RETRY', 401);
  });

  it('accepts a Bearer token without AccountCredential', async () => {
    const got = await page(fastSimulator());
    expect(got.total).toBe(4575);
  });

  it('with x-api-key, requires an AccountCredential object in the body', async () => {
    const sim = fastSimulator();
    expectError(await post(sim, requestBody(), API_KEY), 'P001', 'DO_NOT_RETRY', 400);
    const notObject = requestBody({}, { AccountCredential: 'usuario:clave' });
    expectError(await post(sim, notObject, API_KEY), 'P002', 'DO_NOT_RETRY', 400);
    const ok = await post(sim, requestBody({}, { AccountCredential: CREDENTIAL }), API_KEY);
    expect(ok.status).toBe(200);
    expect(ok.envelope.Status).toBe('OK');
    expect(ok.envelope.Data?.NonconformitiesList.TotalDisconformidades).toBe(4575);
  });

  it('answers 404 with an error envelope on other paths', async () => {
    const sim = fastSimulator();
    const res = await sim.app.request('/v1/cl/services/cenhub.cl/hub/other', {
      method: 'POST',
      headers: BEARER,
    });
    expect(res.status).toBe(404);
    const parsed = parseResponseEnvelope(await res.json());
    expect(parsed.ok && parsed.value.Status).toBe('ERROR');
  });

  it('counts requests, valid or not, until reset', async () => {
    const sim = fastSimulator();
    expect(sim.requestCount()).toBe(0);
    await post(sim, requestBody());
    await post(sim, requestBody(), {});
    await post(sim, requestBody({ Filas: '0' }));
    expect(sim.requestCount()).toBe(3);
    sim.reset();
    expect(sim.requestCount()).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------
// Request validation
// ---------------------------------------------------------------------------------------

describe('simulator: request validation', () => {
  const sim = fastSimulator();

  const invalid: [string, unknown, string | RegExp][] = [
    ['a body that is not JSON', '{"RequestData": ', /^P00\d$/],
    ['a body that is an array', [], 'P001'],
    ['no RequestData', { CallbackUrl: 'https://x.example/cb' }, 'P001'],
    ['RequestData not an object', { RequestData: 'x' }, 'P002'],
    [
      'missing FechaCreacionDelCasoDesde',
      requestBody({ FechaCreacionDelCasoDesde: undefined }),
      'P001',
    ],
    [
      'missing FechaCreacionDelCasoHasta',
      requestBody({ FechaCreacionDelCasoHasta: undefined }),
      'P001',
    ],
    ['missing RutDeudor', requestBody({ RutDeudor: undefined }), 'P001'],
    ['missing Filas', requestBody({ Filas: undefined }), 'P001'],
    ['missing Paginas', requestBody({ Paginas: undefined }), 'P001'],
    ['empty RutDeudor', requestBody({ RutDeudor: '' }), 'P001'],
    ['null Paginas', requestBody({ Paginas: null }), 'P001'],
    ['Filas as a number', requestBody({ Filas: 200 }), 'P002'],
    ['Paginas as a number', requestBody({ Paginas: 0 }), 'P002'],
    ['an ISO Desde', requestBody({ FechaCreacionDelCasoDesde: '2019-11-14' }), 'P002'],
    ['a one-digit month', requestBody({ FechaCreacionDelCasoHasta: '1/05/2025' }), 'P002'],
    [
      'an impossible Desde (02/30)',
      requestBody({ FechaCreacionDelCasoDesde: '02/30/2024' }),
      'E402',
    ],
    [
      'an impossible Hasta (13/01)',
      requestBody({ FechaCreacionDelCasoHasta: '13/01/2025' }),
      'E402',
    ],
    [
      'not a leap year (02/29/2023)',
      requestBody({ FechaCreacionDelCasoDesde: '02/29/2023' }),
      'E402',
    ],
    [
      'Desde after Hasta',
      requestBody({
        FechaCreacionDelCasoDesde: '11/06/2025',
        FechaCreacionDelCasoHasta: '11/05/2025',
      }),
      'E403',
    ],
    ['a 6-digit RUT', requestBody({ RutDeudor: '769999' }), 'E401'],
    ['a 9-digit RUT', requestBody({ RutDeudor: '769999991' }), 'E401'],
    ['a RUT with its DV (default form)', requestBody({ RutDeudor: '76999999K' }), 'E401'],
    ['a RUT with dots and hyphen', requestBody({ RutDeudor: '76.999.999-K' }), 'E401'],
    ['a RUT with letters', requestBody({ RutDeudor: '7699A999' }), 'E401'],
    ['Filas 0', requestBody({ Filas: '0' }), 'P003'],
    ['Filas 1001', requestBody({ Filas: '1001' }), 'P003'],
    ['Filas 1.5', requestBody({ Filas: '1.5' }), 'P003'],
    ['Filas -5', requestBody({ Filas: '-5' }), 'P003'],
    ['Filas not a number', requestBody({ Filas: 'doscientas' }), 'P003'],
    ['Paginas -1', requestBody({ Paginas: '-1' }), 'P003'],
    ['Paginas 1.5', requestBody({ Paginas: '1.5' }), 'P003'],
    ['Paginas not a number', requestBody({ Paginas: 'uno' }), 'P003'],
    ['CallbackUrl not a string', requestBody({}, { CallbackUrl: 42 }), 'P002'],
    [
      'CallbackUrl over 255 characters',
      requestBody({}, { CallbackUrl: `https://x.example/${'a'.repeat(250)}` }),
      'P002',
    ],
  ];

  it.each(invalid)('refuses %s with HTTP 400 DO_NOT_RETRY', async (_label, body, code) => {
    const answer = await post(sim, body);
    expectError(answer, code, 'DO_NOT_RETRY', 400);
    expect(answer.envelope.Error?.Code).toMatch(/^(P00[1-3]|E4\d\d)$/);
  });

  it('names the offending field in its Spanish description', async () => {
    const filas = await post(sim, requestBody({ Filas: '5000' }));
    expect(filas.envelope.Error?.Description).toMatch(/Filas/);
    expect(filas.envelope.Error?.Description).toMatch(/entero|número/);
    const rut = await post(sim, requestBody({ RutDeudor: '123' }));
    expect(rut.envelope.Error?.Description).toMatch(/RutDeudor inválido/);
    const order = await post(
      sim,
      requestBody({
        FechaCreacionDelCasoDesde: '12/01/2025',
        FechaCreacionDelCasoHasta: '01/01/2025',
      }),
    );
    expect(order.envelope.Error?.Description).toMatch(/posterior/);
  });

  it('accepts the boundaries: Filas 1 and 1000, a one-day range, a 7-digit RUT', async () => {
    expect((await page(sim, { Filas: '1' })).items).toHaveLength(1);
    expect((await page(sim, { Filas: '1000' })).items).toHaveLength(1000);
    const oneDay = await page(sim, {
      FechaCreacionDelCasoDesde: '03/12/2024',
      FechaCreacionDelCasoHasta: '03/12/2024',
    });
    expectWithinRange(oneDay.items, '2024-03-12', '2024-03-12');
    const sevenDigits = await page(sim, { RutDeudor: '9876543' });
    expect(sevenDigits.total).toBeGreaterThan(0);
    expect(sevenDigits.items[0]?.RutDeudor).toBe('9876543');
  });
});

// ---------------------------------------------------------------------------------------
// The seed search: 76999999, 11/14/2019–11/05/2025
// ---------------------------------------------------------------------------------------

describe('simulator: the published example (76999999)', () => {
  it('has exactly 4,575 cases; page 22 of 200 holds the last 175', async () => {
    const sim = fastSimulator();
    const first = await page(sim);
    expect(first.total).toBe(4575);
    expect(first.items).toHaveLength(200);
    const last = await page(sim, { Paginas: '22' });
    expect(last.total).toBe(4575);
    expect(last.items).toHaveLength(175);
    const past = await page(sim, { Paginas: '23' });
    expect(past.total).toBe(4575);
    expect(past.items).toEqual([]);
    const far = await page(sim, { Paginas: '99999' });
    expect(far.total).toBe(4575);
    expect(far.items).toEqual([]);
  });

  it('concatenates 23 pages into 4,575 unique cases, newest first, all in range', async () => {
    const { total, pages, items } = await readSeed();
    expect(total).toBe(4575);
    expect(pages).toHaveLength(23);
    for (const p of pages) expect(p.total).toBe(4575);
    expect(items).toHaveLength(4575);
    expect(new Set(ids(items)).size).toBe(4575);
    expectNewestFirst(items);
    expectWithinRange(items, '2019-11-14', '2025-11-05');
  });

  it('slices consistently: other page sizes give the same order', async () => {
    const sim = fastSimulator();
    const { items } = await readSeed();
    const big = await page(sim, { Filas: '1000', Paginas: '4' });
    expect(big.items).toHaveLength(575);
    expect(big.items).toEqual(items.slice(4000));
    const small = await page(sim, { Filas: '7', Paginas: '100' });
    expect(small.items).toEqual(items.slice(700, 707));
  });

  it('a narrower range gives a subset, each case with the same content', async () => {
    const sim = fastSimulator();
    const { items: all } = await readSeed();
    const byId = new Map(all.map((item) => [String(item.IdCaso), item]));
    const narrow = await readAll(
      sim,
      { FechaCreacionDelCasoDesde: '03/01/2022', FechaCreacionDelCasoHasta: '08/31/2022' },
      1000,
    );
    expect(narrow.total).toBeGreaterThan(0);
    expect(narrow.total).toBeLessThan(4575);
    expect(narrow.items).toHaveLength(narrow.total);
    expectWithinRange(narrow.items, '2022-03-01', '2022-08-31');
    expectNewestFirst(narrow.items);
    for (const item of narrow.items) expect(item).toEqual(byId.get(String(item.IdCaso)));
    // Every case of the full read created in that range is in the narrow read.
    const inRange = all.filter((item) => {
      const day = creationKey(item.FechaCreacion).slice(0, 10);
      return day >= '2022-03-01' && day <= '2022-08-31';
    });
    expect(ids(narrow.items)).toEqual(ids(inRange));
  });

  it('a wider range gives more cases, the seed range among them', async () => {
    const sim = fastSimulator();
    const wide = await page(sim, {
      FechaCreacionDelCasoDesde: '01/01/2016',
      FechaCreacionDelCasoHasta: '12/31/2026',
    });
    expect(wide.total).toBeGreaterThan(4575);
    const before = await page(sim, {
      FechaCreacionDelCasoDesde: '01/01/2000',
      FechaCreacionDelCasoHasta: '12/31/2010',
    });
    expect(before.total).toBe(0);
    expect(before.items).toEqual([]);
  });

  it('is deterministic: same request, same items on two fresh simulators', async () => {
    const a = await page(fastSimulator(), { Paginas: '7' });
    // A second simulator from a freshly loaded module graph (no shared caches).
    vi.resetModules();
    const fresh = await import('../../server/simulator/app');
    const b = await page(fresh.createSimulator(FAST), { Paginas: '7' });
    expect(b.total).toBe(a.total);
    expect(b.items).toEqual(a.items);
    // Only the operation differs from one answer to the next.
    expect(b.answer.envelope.OperationId).not.toBe(a.answer.envelope.OperationId);
  });

  it('gives other debtors their own deterministic, different history', async () => {
    const sim = fastSimulator();
    const a = await page(sim, { RutDeudor: '77123456' });
    const again = await page(fastSimulator(), { RutDeudor: '77123456' });
    const other = await page(sim, { RutDeudor: '78123456' });
    expect(again.items).toEqual(a.items);
    expect(a.total).not.toBe(4575);
    expect(ids(other.items)).not.toEqual(ids(a.items));
    for (const item of a.items) {
      expect(item.RutDeudor).toBe('77123456');
      expect(item.DvDeudor).toBe(computeDv('77123456'));
    }
  });
});

// ---------------------------------------------------------------------------------------
// Item realism (over the whole seed search)
// ---------------------------------------------------------------------------------------

describe('simulator: realistic items', () => {
  const ESTADOS = ['Abierta', 'En revisión', 'Respondida', 'Cerrada', 'Rechazada'];
  /** Like `SEN_[PTN_][Ene19][L][V01]`. */
  const CUADRO = /^SEN_\[[A-Z]+_\]\[[A-Z][a-z]{2}\d{2}\]\[[LR]\]\[V\d{2}\]$/;

  it('names valid participants (módulo 11) and the debtor asked for', async () => {
    const { items } = await readSeed();
    const bad = complaints(items, (item) => {
      if (item.RutDeudor !== '76999999' || item.DvDeudor !== 'K') return 'debtor';
      if (typeof item.RazonSocialDeudor !== 'string') return 'debtor name';
      if (!/^\d{7,8}$/.test(String(item.RutAcreedor))) return 'creditor RUT form';
      if (item.DvAcreedor !== computeDv(String(item.RutAcreedor))) return 'creditor DV';
      if (item.RutAcreedor === item.RutDeudor) return 'creditor is the debtor';
      if (String(item.RazonSocialAcreedor ?? '').length < 4) return 'creditor name';
      return null;
    });
    expect(bad).toEqual([]);
    expect(new Set(items.map((item) => item.RutAcreedor)).size).toBeGreaterThan(5);
  });

  it('has statuses, reasons, payment-matrix codes, periods and ids of the expected shapes', async () => {
    const { items } = await readSeed();
    const bad = complaints(items, (item) => {
      if (!ESTADOS.includes(String(item.Estado))) return `Estado ${String(item.Estado)}`;
      if (typeof item.Motivo !== 'string' || item.Motivo === '') return 'Motivo';
      if (!/^DC-\d{4}-\d{6}$/.test(String(item.IdCaso))) return 'IdCaso';
      if (!CUADRO.test(String(item.CodigoCuadroPago))) return 'CodigoCuadroPago';
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(String(item.Periodo))) return 'Periodo';
      if (!Number.isInteger(item.IdInstruccion)) return 'IdInstruccion';
      if (![33, 34, 61].includes(Number(item.TipoDte))) return 'TipoDte';
      if (
        item.FechaResolucion !== null &&
        !/^\d{4}-\d{2}-\d{2}$/.test(String(item.FechaResolucion))
      ) {
        return 'FechaResolucion';
      }
      return null;
    });
    expect(bad).toEqual([]);
    expect(new Set(items.map((item) => item.Estado))).toEqual(new Set(ESTADOS));
    expect(new Set(items.map((item) => item.Motivo)).size).toBeGreaterThan(3);
    expect(items.some((item) => String(item.CodigoCuadroPago).startsWith('SEN_[PTN_]['))).toBe(
      true,
    );
  });

  it('has whole-CLP amounts and folios, some as numeric strings', async () => {
    const { items } = await readSeed();
    const wholeNumber = (value: unknown) =>
      typeof value === 'string' ? /^-?\d+$/.test(value) : Number.isInteger(value);
    const bad = complaints(items, (item) => {
      if (!Number.isInteger(item.MontoNeto)) return 'MontoNeto';
      if (!wholeNumber(item.MontoBruto)) return 'MontoBruto';
      if (!wholeNumber(item.Folio)) return 'Folio';
      // Gross = net (exempt), or net plus 19 % VAT, rounded to whole pesos.
      const neto = Number(item.MontoNeto);
      const bruto = Number(item.MontoBruto);
      if (bruto !== neto && bruto !== Math.round(neto * 1.19)) return 'MontoBruto vs MontoNeto';
      return null;
    });
    expect(bad).toEqual([]);
    const brutoStrings = items.filter((item) => typeof item.MontoBruto === 'string').length;
    const folioStrings = items.filter((item) => typeof item.Folio === 'string').length;
    expect(brutoStrings).toBeGreaterThan(0);
    expect(brutoStrings).toBeLessThan(items.length);
    expect(folioStrings).toBeGreaterThan(0);
    expect(folioStrings).toBeLessThan(items.length);
  });

  it('has descriptions with accents, quotes, commas and newlines', async () => {
    const { items } = await readSeed();
    const texts = items.map((item) => String(item.Descripcion));
    expect(texts.some((t) => /[áéíóúñÑ]/.test(t))).toBe(true);
    expect(texts.some((t) => t.includes('"'))).toBe(true);
    expect(texts.some((t) => t.includes(','))).toBe(true);
    expect(texts.some((t) => t.includes('\n'))).toBe(true);
    expect(new Set(texts).size).toBeGreaterThan(50);
  });
});

// ---------------------------------------------------------------------------------------
// Scenario debtors
// ---------------------------------------------------------------------------------------

describe('simulator: scenarios', () => {
  const OTHER_RANGE = {
    FechaCreacionDelCasoDesde: '01/01/2024',
    FechaCreacionDelCasoHasta: '01/31/2024',
  };

  it('96000000 has no cases, in any range', async () => {
    const sim = fastSimulator();
    for (const range of [{}, OTHER_RANGE]) {
      const got = await page(sim, { RutDeudor: '96000000', ...range });
      expect(got.total).toBe(0);
      expect(got.items).toEqual([]);
    }
  });

  it('99000000 has 100,000 cases: page 99 of 1000 is full, page 100 is empty', async () => {
    const sim = fastSimulator();
    const base = { RutDeudor: '99000000', Filas: '1000' };
    const first = await page(sim, { ...base, Paginas: '0' });
    expect(first.total).toBe(100_000);
    expect(first.items).toHaveLength(1000);
    const last = await page(sim, { ...base, Paginas: '99' });
    expect(last.total).toBe(100_000);
    expect(last.items).toHaveLength(1000);
    expectNewestFirst([...first.items, ...last.items]);
    expect(new Set(ids([...first.items, ...last.items])).size).toBe(2000);
    const past = await page(sim, { ...base, Paginas: '100' });
    expect(past.total).toBe(100_000);
    expect(past.items).toEqual([]);
  });

  it('99000000 spreads its 100,000 cases over whatever range is asked', async () => {
    const sim = fastSimulator();
    const base = { RutDeudor: '99000000', Filas: '1000', ...OTHER_RANGE };
    const first = await page(sim, { ...base, Paginas: '0' });
    const last = await page(sim, { ...base, Paginas: '99' });
    expect(first.total).toBe(100_000);
    expect(last.items).toHaveLength(1000);
    expectWithinRange([...first.items, ...last.items], '2024-01-01', '2024-01-31');
    expectNewestFirst([...first.items, ...last.items]);
  });

  it('spreads a fixed count over any range with well-formed business-hour times', async () => {
    // Regression: float rounding once put case 500 of this range at "01/18/2019 -2:-25".
    const sim = fastSimulator();
    const range = {
      FechaCreacionDelCasoDesde: '03/01/2018',
      FechaCreacionDelCasoHasta: '12/06/2019',
    };
    const all = await page(sim, { RutDeudor: '92000000', Filas: '1000', ...range });
    expect(all.items).toHaveLength(1000);
    expectWithinRange(all.items, '2018-03-01', '2019-12-06');
    expectNewestFirst(all.items);
    const hours = all.items.map((item) => Number(creationKey(item.FechaCreacion).slice(11, 13)));
    expect(hours.filter((hour) => hour < 8 || hour > 17)).toEqual([]);
  });

  it('91000001 fails RETRY_IMMEDIATELY (E201) on the first try of each page, then succeeds', async () => {
    const sim = fastSimulator();
    const page0 = { RutDeudor: '91000001', Paginas: '0' };
    expectError(await post(sim, requestBody(page0)), 'E201', 'RETRY_IMMEDIATELY');
    const retried = await page(sim, page0);
    expect(retried.total).toBeGreaterThan(200);
    expect(retried.items).toHaveLength(200);
    // Further tries of the same page keep succeeding.
    expect((await page(sim, page0)).items).toEqual(retried.items);
    // Another page has its own first try.
    const page1 = { RutDeudor: '91000001', Paginas: '1' };
    expectError(await post(sim, requestBody(page1)), 'E201', 'RETRY_IMMEDIATELY');
    expect((await page(sim, page1)).items).toHaveLength(200);
    // So has another range, and another page size.
    expectError(
      await post(sim, requestBody({ ...page0, ...OTHER_RANGE })),
      'E201',
      'RETRY_IMMEDIATELY',
    );
    expectError(
      await post(sim, requestBody({ ...page0, Filas: '100' })),
      'E201',
      'RETRY_IMMEDIATELY',
    );
    // reset() forgets the tries.
    sim.reset();
    expectError(await post(sim, requestBody(page0)), 'E201', 'RETRY_IMMEDIATELY');
    expect((await page(sim, page0)).items).toEqual(retried.items);
  });

  it('91000001 counts tries per simulator', async () => {
    const a = fastSimulator();
    const b = fastSimulator();
    const body = requestBody({ RutDeudor: '91000001' });
    expectError(await post(a, body), 'E201', 'RETRY_IMMEDIATELY');
    expectError(await post(b, body), 'E201', 'RETRY_IMMEDIATELY');
    expect((await post(a, body)).envelope.Status).toBe('OK');
  });

  it.each([
    ['91000002', 'DO_NOT_RETRY'],
    ['91000003', 'WAIT_4_HOURS_BEFORE_RETRY'],
    ['91000004', 'RETRY_AFTER_NOTIFICATION'],
  ])('%s fails %s on every try, in any range', async (rut, type) => {
    const sim = fastSimulator();
    for (const data of [
      { RutDeudor: rut },
      { RutDeudor: rut },
      { RutDeudor: rut, Paginas: '1' },
      { RutDeudor: rut, ...OTHER_RANGE },
    ]) {
      expectError(await post(sim, requestBody(data)), /^[A-Z]\d{3}$/, type);
    }
    sim.reset();
    expectError(await post(sim, requestBody({ RutDeudor: rut })), /^[A-Z]\d{3}$/, type);
  });

  it('92000000 has 1,000 cases and page 2 answers HTTP 500 on its first try only', async () => {
    const sim = fastSimulator();
    const items: WireItem[] = [];
    for (let p = 0; p < 5; p++) {
      const data = { RutDeudor: '92000000', Paginas: String(p) };
      if (p === 2) {
        const failed = await post(sim, requestBody(data));
        expect(failed.status).toBe(500);
        expect(failed.envelope.Status).toBe('ERROR');
        expect(failed.envelope.Data).toBeNull();
      }
      const got = await page(sim, data);
      expect(got.total).toBe(1000);
      expect(got.items).toHaveLength(200);
      items.push(...got.items);
    }
    expect(new Set(ids(items)).size).toBe(1000);
    expectNewestFirst(items);
    expectWithinRange(items, '2019-11-14', '2025-11-05');
    // Page 2 again, after its failure: fine.
    expect((await page(sim, { RutDeudor: '92000000', Paginas: '2' })).items).toEqual(
      items.slice(400, 600),
    );
  });

  it('93000000 carries AdditionalInformation on every page; others do not', async () => {
    const sim = fastSimulator();
    for (const p of ['0', '1', '999']) {
      const got = await page(sim, { RutDeudor: '93000000', Paginas: p });
      expect(got.answer.envelope.AdditionalInformation).toEqual(expect.any(String));
      expect(got.answer.envelope.AdditionalInformation?.length).toBeGreaterThan(0);
    }
    const plain = await page(sim);
    expect(plain.answer.envelope.AdditionalInformation).toBeNull();
  });

  it('94000000 grows by 3 cases between page 0 and the next pages', async () => {
    const sim = fastSimulator();
    const first = await page(sim, { RutDeudor: '94000000', Paginas: '0' });
    const second = await page(sim, { RutDeudor: '94000000', Paginas: '1' });
    const third = await page(sim, { RutDeudor: '94000000', Paginas: '2' });
    const n = first.total;
    expect(n).toBeGreaterThan(400);
    expect(second.total).toBe(n + 3);
    expect(third.total).toBe(n + 3);
    expect(first.items).toHaveLength(200);
    // The three newest cases pushed everything down: page 1 starts with page 0's last 3.
    expect(second.items.slice(0, 3)).toEqual(first.items.slice(197));
    const read = [...first.items, ...second.items, ...third.items];
    expect(read).toHaveLength(600);
    expect(new Set(ids(read)).size).toBe(597);
    // Page 0 read again is still the old list (the growth shows from page 1 on).
    expect((await page(sim, { RutDeudor: '94000000', Paginas: '0' })).total).toBe(n);
  });
});

// ---------------------------------------------------------------------------------------
// KHIPU_RUT_WITH_DV
// ---------------------------------------------------------------------------------------

describe('simulator: RutDeudor as body and check digit (rutWithDv)', () => {
  const sim = fastSimulator({ rutWithDv: true });

  it('accepts 76999999K and serves the same data as the body form', async () => {
    const withDv = await page(sim, { RutDeudor: '76999999K' });
    expect(withDv.total).toBe(4575);
    const bodyOnly = await page(fastSimulator());
    expect(withDv.items).toEqual(bodyOnly.items);
  });

  it('accepts a numeric check digit', async () => {
    const rut = `77123456${computeDv('77123456')}`;
    expect((await page(sim, { RutDeudor: rut })).items[0]?.RutDeudor).toBe('77123456');
  });

  it.each([
    ['the body alone', '76999999'],
    ['a wrong check digit', '769999990'],
    ['a wrong check digit (K for a numeric one)', '77123456K'],
    ['a hyphenated RUT', '76999999-K'],
    ['a too short body', '769999K'],
  ])('refuses %s with 400 E401', async (_label, rut) => {
    expectError(await post(sim, requestBody({ RutDeudor: rut })), 'E401', 'DO_NOT_RETRY', 400);
  });

  it('keeps the scenarios by body (91000002 with its DV)', async () => {
    const rut = `91000002${computeDv('91000002')}`;
    expectError(await post(sim, requestBody({ RutDeudor: rut })), 'E404', 'DO_NOT_RETRY');
  });
});

// ---------------------------------------------------------------------------------------
// Asynchronous mode (CallbackUrl)
// ---------------------------------------------------------------------------------------

describe('simulator: CallbackUrl', () => {
  const CALLBACK = 'https://receiver.example/api/open-data-response';

  function callbackSimulator() {
    const posted: { url: string; body: unknown }[] = [];
    const postCallback = vi.fn(async (url: string, body: unknown) => {
      posted.push({ url, body });
    });
    const sim = fastSimulator({ postCallback, callbackDelayMs: 0 });
    return { sim, posted, postCallback };
  }

  async function accepted(sim: Simulator, data: RequestDataChanges = {}): Promise<Answer> {
    const before = Date.now();
    const answer = await post(sim, requestBody(data, { CallbackUrl: CALLBACK }));
    expect(answer.status).toBe(202);
    expect(answer.envelope.Status).toBe('OK');
    expect(answer.envelope.Data).toBeNull();
    expect(answer.envelope.Error).toBeNull();
    const lifeSpan = answer.envelope.LifeSpan;
    expect(lifeSpan).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    expect(Date.parse(String(lifeSpan))).toBeGreaterThan(before);
    return answer;
  }

  it('answers 202 at once, then POSTs the full result with the same OperationId', async () => {
    const { sim, posted } = callbackSimulator();
    const ack = await accepted(sim, { Paginas: '3' });
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    const delivery = posted[0];
    if (!delivery) throw new Error('nothing posted');
    expect(delivery.url).toBe(CALLBACK);
    const parsed = parseResponseEnvelope(delivery.body);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.value.OperationId).toBe(ack.envelope.OperationId);
    expect(parsed.value.Status).toBe('OK');
    expect(parsed.value.Error).toBeNull();
    expect(parsed.value.Data?.NonconformitiesList.TotalDisconformidades).toBe(4575);
    const sync = await page(fastSimulator(), { Paginas: '3' });
    const deliveredItems = (delivery.body as { Data: { NonconformitiesList: Json } }).Data
      .NonconformitiesList.Disconformidades;
    expect(deliveredItems).toEqual(sync.items);
  });

  it('gives each asynchronous call its own OperationId', async () => {
    const { sim, posted } = callbackSimulator();
    const a = await accepted(sim);
    const b = await accepted(sim, { Paginas: '1' });
    expect(a.envelope.OperationId).not.toBe(b.envelope.OperationId);
    await vi.waitFor(() => expect(posted).toHaveLength(2));
    const delivered = posted.map((p) => (p.body as Json).OperationId);
    expect(new Set(delivered)).toEqual(new Set([a.envelope.OperationId, b.envelope.OperationId]));
  });

  it('delivers a scenario error (91000002) by callback as Status ERROR', async () => {
    const { sim, posted } = callbackSimulator();
    const ack = await accepted(sim, { RutDeudor: '91000002' });
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    const parsed = parseResponseEnvelope(posted[0]?.body);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.value.OperationId).toBe(ack.envelope.OperationId);
    expect(parsed.value.Status).toBe('ERROR');
    expect(parsed.value.Data).toBeNull();
    expect(parsed.value.Error?.Type).toBe('DO_NOT_RETRY');
    expect(parsed.value.Error?.Code).toBe('E404');
  });

  it('refuses an invalid request synchronously and posts nothing', async () => {
    const { sim, postCallback } = callbackSimulator();
    const answer = await post(sim, requestBody({ Filas: '0' }, { CallbackUrl: CALLBACK }));
    expectError(answer, 'P003', 'DO_NOT_RETRY', 400);
    const unauthenticated = await post(sim, requestBody({}, { CallbackUrl: CALLBACK }), {});
    expect(unauthenticated.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(postCallback).not.toHaveBeenCalled();
  });

  it('survives a callback receiver that fails', async () => {
    const postCallback = vi.fn(async () => {
      throw new Error('receiver gone');
    });
    const sim = fastSimulator({ postCallback, callbackDelayMs: 0 });
    await accepted(sim);
    await vi.waitFor(() => expect(postCallback).toHaveBeenCalledTimes(1));
    // Still answering afterwards.
    expect((await page(sim)).total).toBe(4575);
  });
});

// ---------------------------------------------------------------------------------------
// Options and latency
// ---------------------------------------------------------------------------------------

describe('simulatorOptionsFromEnv', () => {
  it('defaults to 200 ms latency and 100 ms jitter, RUT body only', () => {
    const options = simulatorOptionsFromEnv({});
    expect(options.latencyMs).toBe(200);
    expect(options.jitterMs).toBe(100);
    expect(options.rutWithDv).toBe(false);
    expect(options.lifeSpanMs).toBeGreaterThan(0);
    expect(options.callbackDelayMs).toBeGreaterThanOrEqual(0);
    expect(simulatorOptionsFromEnv({ SIM_LATENCY_MS: '', SIM_JITTER_MS: '' }).latencyMs).toBe(200);
  });

  it('reads the SIM_* settings and KHIPU_RUT_WITH_DV', () => {
    const options = simulatorOptionsFromEnv({
      SIM_LATENCY_MS: '0',
      SIM_JITTER_MS: '15',
      SIM_LIFESPAN_MS: '60000',
      SIM_CALLBACK_DELAY_MS: '10',
      KHIPU_RUT_WITH_DV: '1',
    });
    expect(options).toMatchObject({
      latencyMs: 0,
      jitterMs: 15,
      lifeSpanMs: 60_000,
      callbackDelayMs: 10,
      rutWithDv: true,
    });
    expect(simulatorOptionsFromEnv({ KHIPU_RUT_WITH_DV: '0' }).rutWithDv).toBe(false);
  });

  it('refuses a setting that is not a number of milliseconds', () => {
    expect(() => simulatorOptionsFromEnv({ SIM_LATENCY_MS: 'abc' })).toThrow(/SIM_LATENCY_MS/);
    expect(() => simulatorOptionsFromEnv({ SIM_JITTER_MS: '-1' })).toThrow(/SIM_JITTER_MS/);
  });
});

describe('simulator: latency', () => {
  it('takes at least its configured latency to answer', async () => {
    const sim = createSimulator({ latencyMs: 50, jitterMs: 0 });
    const started = performance.now();
    const got = await page(sim);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(got.total).toBe(4575);
  });
});

describe('simulator: in-process calls (the proxy on the embedded simulator)', () => {
  it('answers a call without HTTP as its HTTP route does, refusals included', async () => {
    const sim = fastSimulator();
    const overHttp = await post(sim, requestBody({ Paginas: '3' }));
    const inProcess = await sim.post(
      { 'content-type': 'application/json', ...BEARER },
      JSON.stringify(requestBody({ Paginas: '3' })),
    );
    expect(inProcess.status).toBe(200);
    const raw = JSON.parse(inProcess.bytes.toString('utf8')) as Json;
    // Only the OperationId differs (a fresh one per answer).
    expect({ ...raw, OperationId: '' }).toEqual({ ...overHttp.raw, OperationId: '' });

    const notJson = await sim.post(BEARER, '{');
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.bytes.toString('utf8'))).toMatchObject({
      Status: 'ERROR',
      Error: { Code: 'P001' },
    });
    const anonymous = await sim.post({}, JSON.stringify(requestBody()));
    expect(anonymous.status).toBe(401);
    expect(sim.requestCount()).toBe(4);
  });
});
