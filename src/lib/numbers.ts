// Numbers that may arrive as numbers or as numeric strings (whole CLP, DTE types, folios).

const PLAIN = /^[+-]?\d+(?:\.\d+)?$/;
// es-CL thousands grouping, optionally with a peso sign: "$1.234.567", "-1.234".
const GROUPED = /^[+-]?\$?\s?\d{1,3}(?:\.\d{3})+$/;

/** A finite number from a number or a numeric string; null for anything else. */
export function parseNumeric(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (PLAIN.test(text)) return Number(text);
  if (GROUPED.test(text)) return Number(text.replace(/[$.\s]/g, ''));
  return null;
}
