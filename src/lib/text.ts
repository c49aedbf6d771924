// Text as people search it: case and accents do not matter ("revision" finds "En revisión").

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Lower case, accents removed (ñ becomes n too: searches should not need a Spanish keyboard). */
export function foldText(value: string): string {
  return value.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** A cell value as plain text: objects as JSON, nothing as empty. */
export function valueToText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

/**
 * At most `max` characters, with an ellipsis when cut (a surrogate pair is never split).
 * What the page shows of a field that may hold megabytes: laying out 5 MB of text in a
 * cell or a dialog freezes Chromium for seconds. The CSV keeps the whole text.
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}
