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

/** What a number field holds: nothing, a number, or text that is not one. */
export type NumberInput =
  | { kind: 'empty' }
  | { kind: 'number'; value: number }
  | { kind: 'invalid'; text: string };

// What a person types in Chile, whatever the browser's own language: points group
// thousands, a comma starts decimals, a peso sign may lead. "1.5" is not read as one and a
// half: in es-CL it is a malformed grouping, and guessing would filter from the wrong amount.
const TYPED_NUMBER = /^([+-]?)\s*\$?\s*([+-]?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/;

/**
 * A number as typed in es-CL: `1000000`, `1.000.000`, `$1.000.000`, `-1.500` and, with
 * `decimals`, `1,5`. Blank text is empty; anything else unread is invalid.
 */
export function readNumberInput(text: string, { decimals = false } = {}): NumberInput {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  const match = TYPED_NUMBER.exec(trimmed);
  if (!match) return { kind: 'invalid', text: trimmed };
  const [, outerSign, innerSign, whole = '', fraction] = match;
  if (outerSign && innerSign) return { kind: 'invalid', text: trimmed };
  if (fraction !== undefined && !decimals) return { kind: 'invalid', text: trimmed };
  const sign = (outerSign || innerSign) === '-' ? -1 : 1;
  const value = Number(`${whole.replace(/\./g, '')}${fraction ? `.${fraction}` : ''}`);
  if (!Number.isFinite(value)) return { kind: 'invalid', text: trimmed };
  return { kind: 'number', value: sign * value || 0 };
}
