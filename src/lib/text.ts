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
