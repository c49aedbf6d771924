// Pages of items → the rows every view reads (table, charts, CSV): in the API's order,
// de-duplicated by IdCaso, with dates normalized once per search.
import type { NonconformityItem } from '@/contract/item';
import { KNOWN_ITEM_FIELDS } from '@/contract/item-fields';
import { type SlashOrder, type SlashOrderDecision, slashOrderFromVotes } from '@/lib/dates';
import type { PageData } from './page-data';
import { type DateColumns, type PageDates, pageDates } from './page-dates';
import { KeptKeys, pageKeyHashes, rowKey } from './row-keys';

export interface CaseRow {
  /** IdCaso when present, else `page:position` (stable across re-reads of the same page). */
  key: string;
  /** Every field as parsed, unknown ones included. */
  item: NonconformityItem;
  /** `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm`; null when absent or unreadable (raw stays in `item`). */
  fechaCreacion: string | null;
  fechaResolucion: string | null;
}

export interface RowsResult {
  rows: CaseRow[];
  /** Fields items carry that the contract does not know, in order of first appearance. */
  unknownFields: string[];
  /** Items dropped because their IdCaso had already been read. */
  duplicates: number;
  slashOrder: SlashOrderDecision;
}

const KNOWN = new Set<string>(KNOWN_ITEM_FIELDS);

// Pages never change once read: their dates, unknown fields and rows are computed once,
// not on every arrival of another page (a 100,000-case search gets 100 arrivals).
const datesCache = new WeakMap<PageData, PageDates>();
const unknownFieldsCache = new WeakMap<PageData, string[]>();
const rowsCache = new WeakMap<PageData, Partial<Record<SlashOrder, CaseRow[]>>>();
const keyHashesCache = new WeakMap<PageData, Uint32Array>();

/** The page worker's key hashes, or the same computed here (restored pages, tests). */
function keyHashesOf(page: PageData): Uint32Array {
  let hashes = page.keyHashes ?? keyHashesCache.get(page);
  if (!hashes) {
    hashes = pageKeyHashes(page);
    keyHashesCache.set(page, hashes);
  }
  return hashes;
}

function pageUnknownFields(page: PageData): string[] {
  let fields = unknownFieldsCache.get(page);
  if (!fields) {
    if (page.fields) {
      fields = page.fields.filter((field) => !KNOWN.has(field));
    } else {
      const seen = new Set<string>();
      for (const item of page.items) {
        for (const field of Object.keys(item)) if (!KNOWN.has(field)) seen.add(field);
      }
      fields = [...seen];
    }
    unknownFieldsCache.set(page, fields);
  }
  return fields;
}

/** The page worker's dates, or the same computed here (restored pages, tests). */
function datesOf(page: PageData): PageDates {
  let dates = page.dates ?? datesCache.get(page);
  if (!dates) {
    dates = pageDates(page.items);
    datesCache.set(page, dates);
  }
  return dates;
}

const dayFirstCache = new WeakMap<PageData, DateColumns | null>();

/** The day-first reading of a page's dates, read again when the worker left it out. */
function dayFirstDates(page: PageData, dates: PageDates): DateColumns | null {
  if (!dates.dmyLeftOut) return dates.dmy;
  let columns = dayFirstCache.get(page);
  if (columns === undefined) {
    columns = pageDates(page.items).dmy;
    dayFirstCache.set(page, columns);
  }
  return columns;
}

function pageRows(page: PageData, order: SlashOrder): CaseRow[] {
  let byOrder = rowsCache.get(page);
  if (!byOrder) {
    byOrder = {};
    rowsCache.set(page, byOrder);
  }
  let rows = byOrder[order];
  if (!rows) {
    const dates = datesOf(page);
    const dayFirst = order === 'dmy' ? dayFirstDates(page, dates) : null;
    const columns = dayFirst ?? dates.mdy;
    rows = page.items.map((item, position) => ({
      key: rowKey(item, page.page, position),
      item,
      fechaCreacion: columns.fechaCreacion[position] ?? null,
      fechaResolucion: columns.fechaResolucion[position] ?? null,
    }));
    byOrder[order] = rows;
  }
  return rows;
}

/** What each page gave to the last result, so the next call can keep the unchanged prefix. */
interface Contribution {
  /** Rows in the result after this page. */
  rowsEnd: number;
  duplicates: number;
}

interface Assembly {
  pages: readonly (PageData | undefined)[];
  order: SlashOrder;
  rows: CaseRow[];
  /** The hash of each row's key (rows[r].key hashes to hashes[r]). */
  hashes: number[];
  seen: KeptKeys;
  contributions: Contribution[];
}

// Pages arrive one by one and earlier ones never change: the rows of an unchanged prefix
// are kept from the previous call (dates, keys and de-duplication are not redone), so each
// arrival only copies the prefix's references, once, into the new rows array.
let last: Assembly | null = null;

// Keyed by the pages array: a render React interrupts and starts over (progress renders as
// a transition) asks again for the same pages, and gets the rows already assembled.
const resultCache = new WeakMap<readonly (PageData | undefined)[], RowsResult>();

export function buildRows(pages: readonly (PageData | undefined)[]): RowsResult {
  let result = resultCache.get(pages);
  if (!result) {
    result = assembleRows(pages);
    resultCache.set(pages, result);
  }
  return result;
}

function assembleRows(pages: readonly (PageData | undefined)[]): RowsResult {
  const present = pages.filter((page): page is PageData => page !== undefined);
  let mdy = 0;
  let dmy = 0;
  for (const page of present) {
    const { votes } = datesOf(page);
    mdy += votes.mdy;
    dmy += votes.dmy;
  }
  const slashOrder = slashOrderFromVotes(mdy, dmy);

  let keep = 0;
  if (last && last.order === slashOrder.order) {
    while (keep < pages.length && keep < last.pages.length && pages[keep] === last.pages[keep])
      keep++;
  }
  const previous = last && keep > 0 ? last : null;
  const seen = previous ? previous.seen : new KeptKeys();
  const contributions = previous ? previous.contributions.slice(0, keep) : [];
  const kept = contributions[keep - 1];
  const keptRows = kept?.rowsEnd ?? 0;
  if (previous) {
    // The rows after the kept prefix are the ones the dropped pages added: newest first.
    for (let r = previous.rows.length - 1; r >= keptRows; r--) {
      seen.delete((previous.rows[r] as CaseRow).key, previous.hashes[r] as number);
    }
  }
  const rows = previous ? previous.rows.slice(0, keptRows) : [];
  const hashes = previous ? previous.hashes.slice(0, keptRows) : [];
  let duplicates = kept?.duplicates ?? 0;
  for (let j = keep; j < pages.length; j++) {
    const page = pages[j];
    if (page) {
      const pageHashes = keyHashesOf(page);
      const added = pageRows(page, slashOrder.order);
      for (let i = 0; i < added.length; i++) {
        const row = added[i] as CaseRow;
        const hash = pageHashes[i] as number;
        if (seen.add(row.key, hash)) {
          rows.push(row);
          hashes.push(hash);
        } else {
          duplicates++;
        }
      }
    }
    contributions.push({ rowsEnd: rows.length, duplicates });
  }
  last = { pages: [...pages], order: slashOrder.order, rows, hashes, seen, contributions };
  const unknownFields = [...new Set(present.flatMap(pageUnknownFields))];
  // `rows` is this call's own copy (the next call slices before it appends): no second copy.
  return { rows, unknownFields, duplicates, slashOrder };
}
