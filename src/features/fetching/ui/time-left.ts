// "quedan ~12 s": the time a search still needs, from the pace its pages came at so far.

/** Pages to have come before the pace says anything. */
export const MIN_PAGES_FOR_ESTIMATE = 3;

export interface PaceSample {
  /** When the progress first showed this many pages (epoch ms). */
  since: number;
  pagesAtSince: number;
  now: number;
  pages: number;
  pageCount: number;
}

/**
 * Milliseconds left at the pace seen since `since`; null until at least 3 pages have come
 * and some came since then (a pace needs two points), or when nothing is left.
 */
export function timeLeftMs({
  since,
  pagesAtSince,
  now,
  pages,
  pageCount,
}: PaceSample): number | null {
  const came = pages - pagesAtSince;
  const elapsed = now - since;
  const left = pageCount - pages;
  if (pages < MIN_PAGES_FOR_ESTIMATE || came <= 0 || elapsed <= 0 || left <= 0) return null;
  return (left * elapsed) / came;
}

/** "quedan ~12 s", "quedan ~3 min", "quedan ~1 h 5 min" (rounded up: never promises early). */
export function formatTimeLeft(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `quedan ~${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `quedan ~${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `quedan ~${hours} h` : `quedan ~${hours} h ${rest} min`;
}
