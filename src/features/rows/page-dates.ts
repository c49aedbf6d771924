// The dates of one page, normalized under both readings of ambiguous slash dates, and the
// page's votes for the reading. Pure; computed in the page worker while the page arrives,
// so the main thread only picks the reading the whole search decides on.
import type { NonconformityItem } from '@/contract/item';
import {
  type CommonItemDate,
  itemDateToString,
  parseItemDate,
  readCommonItemDate,
  type SlashOrder,
  slashDateEvidence,
} from '@/lib/dates';

/** `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm` per item; null when absent or unreadable. */
export interface DateColumns {
  fechaCreacion: (string | null)[];
  fechaResolucion: (string | null)[];
}

export interface PageDates {
  votes: Record<SlashOrder, number>;
  mdy: DateColumns;
  /** Day-first reading; null when no date of the page is a slash date (both agree). */
  dmy: DateColumns | null;
  /**
   * The page has slash dates, but their day-first reading was not computed (the page
   * worker leaves it out: a search rarely decides day first, and it would double the date
   * work and the hand-over). Read again from the items when a search does.
   */
  dmyLeftOut?: boolean;
}

const LOOKS_SLASHED = /^\s*\d{1,2}\/\d{1,2}\//;

function normalized(value: unknown, order: SlashOrder): string | null {
  const parsed = parseItemDate(value, order);
  return parsed ? itemDateToString(parsed) : null;
}

/** The month-first reading, vote and slashedness of any value (common forms read fast). */
function readDate(value: unknown): CommonItemDate {
  if (typeof value === 'string') {
    const common = readCommonItemDate(value);
    if (common) return common;
  }
  return {
    monthFirst: normalized(value, 'mdy'),
    vote: slashDateEvidence(value),
    slashed: typeof value === 'string' && LOOKS_SLASHED.test(value),
  };
}

export function pageDates(items: readonly NonconformityItem[], withDayFirst = true): PageDates {
  const votes = { mdy: 0, dmy: 0 };
  const mdy: DateColumns = { fechaCreacion: [], fechaResolucion: [] };
  const dmy: DateColumns = { fechaCreacion: [], fechaResolucion: [] };
  let slashed = false;
  for (const item of items) {
    for (const field of ['fechaCreacion', 'fechaResolucion'] as const) {
      const value = field === 'fechaCreacion' ? item.FechaCreacion : item.FechaResolucion;
      const { monthFirst, vote, slashed: isSlashed } = readDate(value);
      if (vote) votes[vote]++;
      mdy[field].push(monthFirst);
      if (isSlashed) {
        slashed = true;
        if (withDayFirst) dmy[field].push(normalized(value, 'dmy'));
      } else if (withDayFirst) {
        dmy[field].push(monthFirst);
      }
    }
  }
  if (slashed && !withDayFirst) return { votes, mdy, dmy: null, dmyLeftOut: true };
  return { votes, mdy, dmy: slashed ? dmy : null };
}
