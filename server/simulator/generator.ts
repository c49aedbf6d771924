// Deterministic nonconformity data per debtor RUT. A debtor's cases form one ordered
// list (oldest first by creation time); a request reads the newest-first slice of the
// cases created in its date range. Items are generated from their index alone, so a
// page costs O(rows) whatever the size of the list.
import type { NonconformityItemInput } from '../../src/contract/item';
import { addDays, daysBetween } from '../../src/lib/dates';
import { debtorFor, PARTICIPANTS, type Participant } from './participants';
import {
  hashString,
  intBetween,
  pick,
  poisson,
  type Random,
  seededRandom,
  weighted,
} from './random';

/** First and last day a simulated debtor can have cases (fixed: data never moves with the clock). */
export const SPAN_START = '2016-01-01';
export const SPAN_END = '2026-11-27';

/** The seed's example: this debtor has exactly this many cases in this range. */
export const SEED_RUT_BODY = '76999999';
export const SEED_FROM = '2019-11-14';
export const SEED_TO = '2025-11-05';
export const SEED_TOTAL = 4575;

/** The cases matching one request, newest first. */
export interface CaseList {
  total: number;
  /** Item at position `k` (0 = newest) of this list. */
  item(k: number): NonconformityItemInput;
}

const ESTADOS_ABIERTOS = ['Abierta', 'En revisión'] as const;
const MOTIVOS = [
  'Monto incorrecto',
  'Período incorrecto',
  'Instrucción duplicada',
  'Acreedor incorrecto',
  'Energía no reconocida',
  'Error en factor de penalización',
  'Peajes mal asignados',
  'Servicios complementarios',
] as const;
const MESES = ['Ene', 'Feb', 'Mar', 'Abr', 'May', 'Jun', 'Jul', 'Ago', 'Sep', 'Oct', 'Nov', 'Dic'];
const CUADROS = ['PTN', 'PTS', 'SSCC', 'TRX', 'POT'] as const;
const BARRAS = ['Alto Jahuel 220', 'Polpaico 500', 'Crucero 220', 'Charrúa 500', 'Quillota 220'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Per-day case counts for a debtor across the whole span, and their prefix sums. */
interface DayTable {
  /** prefix[d] = cases created before day d (d = days since SPAN_START). */
  prefix: Int32Array;
}

const SPAN_DAYS = daysBetween(SPAN_START, SPAN_END) + 1;
const dayTables = new Map<string, DayTable>();

function buildDayTable(body: string): DayTable {
  const random = seededRandom(hashString(`days:${body}`));
  const mean = body === SEED_RUT_BODY ? 2.1 : 0.2 + random() * 1.6;
  const counts = new Int32Array(SPAN_DAYS);
  for (let d = 0; d < SPAN_DAYS; d++) {
    const weekday = new Date(Date.parse(`${SPAN_START}T00:00:00Z`) + d * 86_400_000).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    counts[d] = poisson(random, weekend ? mean * 0.25 : mean * 1.3);
  }
  if (body === SEED_RUT_BODY) fitSeedTotal(counts, random);
  const prefix = new Int32Array(SPAN_DAYS + 1);
  for (let d = 0; d < SPAN_DAYS; d++) prefix[d + 1] = (prefix[d] ?? 0) + (counts[d] ?? 0);
  return { prefix };
}

/** Nudges the seed debtor's day counts until its seed range holds exactly SEED_TOTAL. */
function fitSeedTotal(counts: Int32Array, random: Random): void {
  const first = daysBetween(SPAN_START, SEED_FROM);
  const last = daysBetween(SPAN_START, SEED_TO);
  let sum = 0;
  for (let d = first; d <= last; d++) sum += counts[d] ?? 0;
  while (sum !== SEED_TOTAL) {
    const d = intBetween(random, first, last);
    if (sum < SEED_TOTAL) {
      counts[d] = (counts[d] ?? 0) + 1;
      sum++;
    } else if ((counts[d] ?? 0) > 0) {
      counts[d] = (counts[d] ?? 0) - 1;
      sum--;
    }
  }
}

function dayTable(body: string): DayTable {
  let table = dayTables.get(body);
  if (!table) {
    if (dayTables.size > 256) dayTables.clear(); // bounded: a simulator, not a database
    table = buildDayTable(body);
    dayTables.set(body, table);
  }
  return table;
}

/** Day index (since SPAN_START) of the case with global index g: binary search on prefix. */
function dayOfIndex(prefix: Int32Array, g: number): number {
  let lo = 0;
  let hi = prefix.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((prefix[mid] ?? 0) <= g) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function clampDay(iso: string): number {
  return Math.min(Math.max(daysBetween(SPAN_START, iso), 0), SPAN_DAYS);
}

/** A debtor's real history: the cases of the span created between `from` and `to`. */
export function historicalCases(body: string, from: string, to: string): CaseList {
  const { prefix } = dayTable(body);
  const start = from > SPAN_END ? (prefix[SPAN_DAYS] ?? 0) : (prefix[clampDay(from)] ?? 0);
  const endDay = to < SPAN_START ? 0 : Math.min(daysBetween(SPAN_START, to) + 1, SPAN_DAYS);
  const end = Math.max(prefix[endDay] ?? 0, start);
  const total = end - start;
  return {
    total,
    item(k) {
      const g = end - 1 - k;
      const day = dayOfIndex(prefix, g);
      const ofDay = (prefix[day + 1] ?? 0) - (prefix[day] ?? 0);
      const slot = g - (prefix[day] ?? 0);
      return makeItem(body, g, addDays(SPAN_START, day), slot, ofDay);
    },
  };
}

/** A fixed number of cases spread evenly over whatever range is asked (scenario debtors). */
export function evenlySpreadCases(body: string, from: string, to: string, count: number): CaseList {
  const days = daysBetween(from, to) + 1;
  // Day d holds cases firstOf(d) … firstOf(d + 1) − 1. Integer products before dividing:
  // with a float `count / days` factor, rounding could put a case in a day it is not
  // in (slot −1 or slot = cases of the day), giving times like "-2:-25" or after 18:00.
  const firstOf = (day: number) => Math.ceil((day * count) / days);
  return {
    total: count,
    item(k) {
      const g = count - 1 - k;
      const day = Math.floor((g * days) / count);
      const firstOfDay = firstOf(day);
      const ofDay = Math.max(firstOf(day + 1) - firstOfDay, 1);
      return makeItem(body, g, addDays(from, day), g - firstOfDay, ofDay);
    },
  };
}

/** `extra` brand-new cases on top of `base` (newest first), as if created while paging. */
export function withNewCases(body: string, base: CaseList, extra: number, day: string): CaseList {
  return {
    total: base.total + extra,
    item(k) {
      if (k >= extra) return base.item(k - extra);
      const item = makeItem(body, base.total + extra - 1 - k, day, 1000 - k, 1000);
      return { ...item, IdCaso: `NUEVO-${pad(extra - k, 3)}` };
    },
  };
}

function creditorFor(random: Random, debtorBody: string): Participant {
  // Skewed towards the first participants, so "top creditors" has a shape.
  for (;;) {
    const index = Math.floor(random() ** 2.2 * PARTICIPANTS.length);
    const candidate = PARTICIPANTS[index] as Participant;
    if (candidate.body !== debtorBody) return candidate;
  }
}

function descriptionFor(random: Random, motivo: string, periodo: string, folio: number): string {
  const year = periodo.slice(0, 4);
  return weighted<() => string>(random, [
    [
      () =>
        `Se objeta el monto de la instrucción por "${motivo.toLowerCase()}", período ${periodo}.`,
      30,
    ],
    [
      () =>
        `Diferencia de energía en barra ${pick(random, BARRAS)}, período ${periodo}.\nSe adjunta memoria de cálculo; favor revisar.`,
      20,
    ],
    [
      () =>
        `La factura folio ${folio} no corresponde al cuadro de pago vigente, según lo acordado.`,
      15,
    ],
    [
      () => `Corrección de peajes (Ley N° 20.936), tramo "Alto Jahuel – Polpaico", año ${year}.`,
      10,
    ],
    [() => `Acreedor indica "Ñuble"; la razón social correcta es otra. Revisión pendiente.`, 8],
    [() => `=SUMA(A1:A3) no cuadra con el monto instruido`, 2],
    [
      () => `-${intBetween(random, 2, 30)}% respecto de la instrucción original; ver "ajuste" v2`,
      2,
    ],
    [() => `+${intBetween(random, 1, 9)}.000 CLP no reconocidos, se solicita anulación`, 2],
    [() => `@Coordinador: favor revisar, la instrucción está duplicada`, 2],
  ])();
}

function makeItem(
  body: string,
  g: number,
  day: string,
  slotInDay: number,
  casesInDay: number,
): NonconformityItemInput {
  const random = seededRandom(hashString(`case:${body}:${g}`));
  const debtor = debtorFor(body);
  const creditor = creditorFor(random, body);
  // Times grow with the slot, so the list stays ordered by creation time within a day.
  const minutes = 8 * 60 + Math.floor(((slotInDay + random() * 0.9) / casesInDay) * 10 * 60);
  const [year, month, dayOfMonth] = day.split('-');
  const fechaCreacion = `${month}/${dayOfMonth}/${year} ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

  const periodDate = new Date(Date.UTC(Number(year), Number(month) - 2, 1));
  const periodo = `${periodDate.getUTCFullYear()}-${pad(periodDate.getUTCMonth() + 1)}`;
  const age = daysBetween(day, SPAN_END);
  const estado = weighted(random, [
    [ESTADOS_ABIERTOS[0], age < 90 ? 35 : 4],
    [ESTADOS_ABIERTOS[1], age < 180 ? 30 : 5],
    ['Respondida', 15],
    ['Cerrada', age < 90 ? 10 : 55],
    ['Rechazada', 12],
  ] as const);
  const motivo = pick(random, MOTIVOS);
  const credit = random() < 0.04;
  const exenta = !credit && random() < 0.08;
  const magnitude = Math.round(
    Math.exp(Math.log(50_000) + random() * Math.log(800_000_000 / 50_000)),
  );
  const neto = credit ? -magnitude : magnitude;
  const bruto = exenta ? neto : Math.round(neto * 1.19);
  const folio = intBetween(random, 1000, 999_999);
  const version = intBetween(random, 1, 3);
  const closed = estado === 'Respondida' || estado === 'Cerrada' || estado === 'Rechazada';
  const resolution = addDays(day, intBetween(random, 3, 90));

  return {
    IdCaso: `DC-${body.slice(-4)}-${pad(g + 1, 6)}`,
    FechaCreacion: fechaCreacion,
    Estado: estado,
    Motivo: motivo,
    Descripcion: descriptionFor(random, motivo, periodo, folio),
    RutDeudor: debtor.body,
    DvDeudor: debtor.dv,
    RazonSocialDeudor: debtor.name,
    RutAcreedor: creditor.body,
    DvAcreedor: creditor.dv,
    RazonSocialAcreedor: creditor.name,
    IdInstruccion: 1_000_000 + (hashString(`instr:${body}:${g}`) % 8_000_000),
    CodigoCuadroPago: `SEN_[${pick(random, CUADROS)}_][${MESES[periodDate.getUTCMonth()]}${String(periodDate.getUTCFullYear()).slice(2)}][${random() < 0.7 ? 'L' : 'R'}][V${pad(version)}]`,
    Periodo: periodo,
    MontoNeto: neto,
    // Some amounts and folios arrive as strings, as in CEN's own billing API.
    MontoBruto: random() < 0.15 ? String(bruto) : bruto,
    TipoDte: credit ? 61 : exenta ? 34 : 33,
    Folio: random() < 0.3 ? String(folio) : folio,
    FechaResolucion: closed && resolution <= SPAN_END ? resolution : null,
  };
}
