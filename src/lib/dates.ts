// Calendar dates as plain strings: ISO `YYYY-MM-DD` inside the app, `MM/DD/YYYY` on the
// wire (the API's request format), and the several forms items may carry.

export const SANTIAGO_TZ = 'America/Santiago';

/** Order of the parts of a slash date: month first (the API's request form) or day first. */
export type SlashOrder = 'mdy' | 'dmy';

export interface ItemDate {
  /** `YYYY-MM-DD`. */
  date: string;
  /** `HH:mm` when the value carried a time, else null. */
  time: string | null;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Month lengths in a leap year (a table: this runs for every date of every row). */
const MONTH_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDate(year: number, month: number, day: number): boolean {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  if (day > (MONTH_DAYS[month] as number)) return false;
  if (month === 2 && day === 29) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return true;
}

function toIso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** `2019-11-14` → `11/14/2019`; null when the input is not a real ISO date. */
export function isoToUs(iso: string): string | null {
  if (!isIsoDate(iso)) return null;
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
}

/** Strict wire form `MM/DD/YYYY` → `YYYY-MM-DD`; null when malformed or impossible. */
export function usToIso(us: string): string | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(us);
  if (!m) return null;
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(year, month, day) ? toIso(year, month, day) : null;
}

const SLASH_DATE =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * What a slash date says about its own order: a first part over 12 can only be a day,
 * a second part over 12 only a day too. Null when both readings are possible.
 */
export function slashDateEvidence(value: unknown): SlashOrder | null {
  if (typeof value !== 'string') return null;
  const m = SLASH_DATE.exec(value.trim());
  if (!m) return null;
  const first = Number(m[1]);
  const second = Number(m[2]);
  if (first > 12 && second <= 12) return 'dmy';
  if (second > 12 && first <= 12) return 'mdy';
  return null;
}

export interface SlashOrderDecision {
  order: SlashOrder;
  /** `none`: no value told (month first assumed); `conflict`: values said both. */
  evidence: SlashOrder | 'none' | 'conflict';
  monthFirstVotes: number;
  dayFirstVotes: number;
}

/**
 * Decides once per search how to read ambiguous slash dates, from the values that are
 * not ambiguous. Defaults to month first, like the API's request format.
 */
export function decideSlashOrder(values: Iterable<unknown>): SlashOrderDecision {
  let monthFirstVotes = 0;
  let dayFirstVotes = 0;
  for (const value of values) {
    const vote = slashDateEvidence(value);
    if (vote === 'mdy') monthFirstVotes++;
    else if (vote === 'dmy') dayFirstVotes++;
  }
  return slashOrderFromVotes(monthFirstVotes, dayFirstVotes);
}

/** The decision from vote counts already tallied (e.g. per page). */
export function slashOrderFromVotes(
  monthFirstVotes: number,
  dayFirstVotes: number,
): SlashOrderDecision {
  let evidence: SlashOrderDecision['evidence'] = 'none';
  if (monthFirstVotes > 0 && dayFirstVotes > 0) evidence = 'conflict';
  else if (monthFirstVotes > 0) evidence = 'mdy';
  else if (dayFirstVotes > 0) evidence = 'dmy';
  const order: SlashOrder = dayFirstVotes > monthFirstVotes ? 'dmy' : 'mdy';
  return { order, evidence, monthFirstVotes, dayFirstVotes };
}

let santiagoParts: Intl.DateTimeFormat | undefined;

/** Wall-clock date and time in Santiago of an instant. */
export function santiagoWallTime(instant: Date): ItemDate {
  santiagoParts ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: SANTIAGO_TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const parts: Record<string, string> = {};
  for (const p of santiagoParts.formatToParts(instant)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
  };
}

/** Today's date in Santiago, `YYYY-MM-DD`. */
export function santiagoToday(now: Date = new Date()): string {
  return santiagoWallTime(now).date;
}

function timeOf(
  hour: string | undefined,
  minute: string | undefined,
  second?: string,
): string | null | undefined {
  if (hour === undefined || minute === undefined) return null;
  const h = Number(hour);
  const m = Number(minute);
  if (h > 23 || m > 59 || Number(second ?? 0) > 59) return undefined;
  return `${pad2(h)}:${pad2(m)}`;
}

/** `Z`, `±HH`, `±HHmm` or `±HH:mm` (all ISO 8601) → `Z` or `±HH:mm`, the forms Date() reads. */
function dateOffset(offset: string): string {
  if (offset === 'Z') return offset;
  const digits = offset.slice(1).replace(':', '');
  return `${offset.slice(0, 1)}${digits.slice(0, 2)}:${digits.slice(2) || '00'}`;
}

/** A common item date read at once: its month-first form, its vote, whether it is slashed. */
export interface CommonItemDate {
  /** `parseItemDate(value, 'mdy')` as a string (`itemDateToString`), or null. */
  monthFirst: string | null;
  /** `slashDateEvidence(value)`. */
  vote: SlashOrder | null;
  /** A slash date (its day-first reading may differ). */
  slashed: boolean;
}

/** The two digits at `at` as a number, or -1. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const units = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : -1;
}

/**
 * The forms items nearly always carry, `MM/DD/YYYY HH:mm`, `MM/DD/YYYY` and `YYYY-MM-DD`,
 * read by character codes with the same results as `parseItemDate` and
 * `slashDateEvidence`: their regular expressions cost ~1 µs a value, and a 100,000-case
 * search has 200,000 dates. Undefined for any other form (the general parser reads it).
 */
export function readCommonItemDate(text: string): CommonItemDate | undefined {
  const length = text.length;
  if (length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    // YYYY-MM-DD
    const high = twoDigits(text, 0);
    const low = twoDigits(text, 2);
    const month = twoDigits(text, 5);
    const day = twoDigits(text, 8);
    if (high < 0 || low < 0 || month < 0 || day < 0) return undefined;
    const real = isRealDate(high * 100 + low, month, day);
    return { monthFirst: real ? text : null, vote: null, slashed: false };
  }
  if ((length !== 10 && length !== 16) || text.charCodeAt(2) !== 47 || text.charCodeAt(5) !== 47) {
    return undefined;
  }
  // MM/DD/YYYY, then optionally ` HH:mm` or `THH:mm`
  const first = twoDigits(text, 0);
  const second = twoDigits(text, 3);
  const high = twoDigits(text, 6);
  const low = twoDigits(text, 8);
  if (first < 0 || second < 0 || high < 0 || low < 0) return undefined;
  let time = true;
  if (length === 16) {
    const separator = text.charCodeAt(10);
    if ((separator !== 32 && separator !== 84) || text.charCodeAt(13) !== 58) return undefined;
    const hour = twoDigits(text, 11);
    const minute = twoDigits(text, 14);
    if (hour < 0 || minute < 0) return undefined;
    time = hour <= 23 && minute <= 59;
  }
  const vote = first > 12 && second <= 12 ? 'dmy' : second > 12 && first <= 12 ? 'mdy' : null;
  const real = time && isRealDate(high * 100 + low, first, second);
  const date = `${text.slice(6, 10)}-${text.slice(0, 2)}-${text.slice(3, 5)}`;
  const monthFirst = !real ? null : length === 16 ? `${date}T${text.slice(11, 16)}` : date;
  return { monthFirst, vote, slashed: true };
}

/**
 * The tolerant item-date parser: `MM/DD/YYYY`, `MM/DD/YYYY HH:mm[:ss]` (or day first, per
 * `order`), `YYYY-MM-DD`, and ISO 8601 date-times. A time with an offset or `Z` is an
 * instant and is read as Santiago wall time. Returns null for anything else, so the
 * caller keeps the raw text.
 */
export function parseItemDate(value: unknown, order: SlashOrder = 'mdy'): ItemDate | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const iso = ISO_DATE.exec(text);
  if (iso) {
    const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (!isRealDate(year, month, day)) return null;
    const time = timeOf(iso[4], iso[5], iso[6]);
    if (time === undefined) return null;
    if (iso[7] !== undefined && time !== null) {
      const stamp = `${toIso(year, month, day)}T${time}:${iso[6] ?? '00'}`;
      const instant = new Date(`${stamp}${dateOffset(iso[7])}`);
      return Number.isNaN(instant.getTime()) ? null : santiagoWallTime(instant);
    }
    return { date: toIso(year, month, day), time };
  }
  const slash = SLASH_DATE.exec(text);
  if (slash) {
    const a = Number(slash[1]);
    const b = Number(slash[2]);
    const year = Number(slash[3]);
    const [month, day] = order === 'mdy' ? [a, b] : [b, a];
    if (!isRealDate(year, month, day)) return null;
    const time = timeOf(slash[4], slash[5], slash[6]);
    if (time === undefined) return null;
    return { date: toIso(year, month, day), time };
  }
  return null;
}

/** `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm`: the single string form of an item date. */
export function itemDateToString(value: ItemDate): string {
  return value.time === null ? value.date : `${value.date}T${value.time}`;
}

/** Adds whole days to an ISO date (calendar arithmetic, no time zone involved). */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both ISO dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
