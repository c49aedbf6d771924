// Defense in depth: the proxy passes the upstream's JSON on byte for byte, so an answer that
// echoed the credential (an error about the login, or data whose AdditionalInformation repeats
// the request) would reach the browser, and the proxy's cache. Every answer is searched for
// the configured secrets in any JSON spelling of them (each character as itself, as its
// \uXXXX escape in either case, or as its short escape), and each is replaced.
import type { NonSharedBuffer } from 'node:buffer';
import type { UpstreamAuth } from './config';

const REDACTED = '[oculto]';
/** Shorter strings (a "username" field such as "ana") would hit ordinary text. */
const MIN_SECRET_LENGTH = 6;
const BACKSLASH = 0x5c;
/** Text made only of what JSON may hold outside its strings (numbers, literals, punctuation). */
const OUTSIDE_STRINGS = /^[-+.0-9\s,:[\]{}aeflnrstu]*$/;

/** Every secret of the upstream credential: the token or key, and the account's strings. */
export function secretsOf(auth: UpstreamAuth): string[] {
  const strings: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') strings.push(value);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  if (auth.mode === 'jwt') walk(auth.token);
  else walk([auth.key, auth.accountCredential]);
  return strings.filter((s) => s.length >= MIN_SECRET_LENGTH);
}

/** A character and the letter of its short JSON escape (`\n` for a line feed). */
const SHORT_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  '\b': 'b',
  '\f': 'f',
  '\n': 'n',
  '\r': 'r',
  '\t': 't',
};

const regexLiteral = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** `\uXXXX` for one UTF-16 unit, its hex digits in either case. */
function unicodeEscape(unit: number): string {
  const hex = unit.toString(16).padStart(4, '0');
  return `\\\\u${[...hex].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('')}`;
}

/**
 * Every way JSON may write `char` inside a string, as a regex over the body read as Latin-1
 * (one character per byte, so UTF-8 text is matched by its bytes). A character JSON must
 * escape has no literal spelling: a match never spans a string's quotes.
 */
function spellingsOf(char: string): string {
  const code = char.codePointAt(0) as number;
  const spellings: string[] = [];
  if (char !== '"' && char !== '\\' && code >= 0x20) {
    spellings.push(regexLiteral(Buffer.from(char, 'utf8').toString('latin1')));
  }
  const short = SHORT_ESCAPES[char];
  if (short !== undefined) spellings.push(`\\\\${regexLiteral(short)}`);
  // Beyond the BMP, JSON escapes the character's surrogate pair.
  const units = code > 0xffff ? [char.charCodeAt(0), char.charCodeAt(1)] : [code];
  spellings.push(units.map(unicodeEscape).join(''));
  return `(?:${spellings.join('|')})`;
}

const SHORT_ESCAPED = new Map(
  Object.entries(SHORT_ESCAPES).map(([char, letter]) => [letter.charCodeAt(0), char.charCodeAt(0)]),
);

/** The value of a hex digit's byte, or -1. */
function hexDigit(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/**
 * Whether an escape in the JSON `bytes` stands for one of `units` (UTF-16 units). Escapes
 * are read in order as JSON's lexer reads them (a backslash only ever starts one, `\\`
 * included), with the byte search of Buffer#indexOf between them: pages hold many escapes
 * (`\n`, `\"`, escaped accents), and this is what keeps those without a secret cheap.
 */
function holdsEscapeOf(bytes: NonSharedBuffer, units: ReadonlySet<number>): boolean {
  let at = bytes.indexOf(BACKSLASH);
  while (at !== -1) {
    const letter = bytes[at + 1];
    if (letter === 0x75 /* u */) {
      let unit = 0;
      for (let i = 2; i < 6; i++) unit = unit * 16 + hexDigit(bytes[at + i]);
      // A malformed escape (not in JSON the proxy passes on) is searched the slow way.
      if (unit < 0 || units.has(unit)) return true;
      at = bytes.indexOf(BACKSLASH, at + 6);
    } else {
      const unit = letter === undefined ? undefined : SHORT_ESCAPED.get(letter);
      if (unit === undefined || units.has(unit)) return true;
      at = bytes.indexOf(BACKSLASH, at + 2);
    }
  }
  return false;
}

/** Whether the match at `offset` starts a character of its string, not inside an escape. */
function startsCharacter(text: string, offset: number): boolean {
  let backslashes = 0;
  while (offset - backslashes > 0 && text.charCodeAt(offset - backslashes - 1) === BACKSLASH) {
    backslashes++;
  }
  return backslashes % 2 === 0;
}

/**
 * Whether `offset` lies inside a string of the JSON `text`, read from its start. Only asked
 * of a match that JSON could also hold outside a string (one with any other character, or
 * an escape, is in a string), so it is rare.
 */
function insideString(text: string, offset: number): boolean {
  let opening = text.indexOf('"');
  while (opening !== -1 && opening < offset) {
    let closing = text.indexOf('"', opening + 1);
    while (closing !== -1 && !startsCharacter(text, closing)) {
      closing = text.indexOf('"', closing + 1);
    }
    if (closing === -1 || closing > offset) return true;
    opening = text.indexOf('"', closing + 1);
  }
  return false;
}

/** Returns the bytes unchanged (the same object) when they hold no secret. */
export function createRedactor(
  secrets: readonly string[],
): (bytes: NonSharedBuffer) => NonSharedBuffer {
  const unique = [...new Set(secrets)].filter((secret) => secret !== '');
  if (unique.length === 0) return (bytes) => bytes;
  // The longest first, so a secret that contains another is replaced whole.
  unique.sort((a, b) => b.length - a.length);
  const literals = unique.map((secret) => Buffer.from(secret, 'utf8'));
  const pattern = unique.map((secret) => [...secret].map(spellingsOf).join('')).join('|');
  const everySpelling = new RegExp(pattern, 'g');
  const units = new Set(
    unique.flatMap((secret) => Array.from(secret, (_, i) => secret.charCodeAt(i))),
  );
  return (bytes) => {
    // The common case, cheaply: a secret is there as written, or some of its characters
    // are escaped (then the escape of one of them is in the body).
    if (!literals.some((literal) => bytes.includes(literal)) && !holdsEscapeOf(bytes, units)) {
      return bytes;
    }
    const text = bytes.toString('latin1');
    let found = false;
    const redacted = text.replace(everySpelling, (match, offset: number) => {
      if (!startsCharacter(text, offset)) return match;
      // Only in strings: a secret of digits is not an amount that happens to hold them.
      if (OUTSIDE_STRINGS.test(match) && !insideString(text, offset)) return match;
      found = true;
      return REDACTED;
    });
    return found ? Buffer.from(redacted, 'latin1') : bytes;
  };
}
