// Defense in depth: the proxy passes the upstream's JSON on byte for byte, so an answer that
// echoed the credential (an error about the login, or data whose AdditionalInformation repeats
// the request) would reach the browser, and the proxy's cache. Every answer is searched for
// the configured secrets in any JSON spelling of them (each character as itself, as its
// \uXXXX escape in either case, or as its short escape), and each is replaced.
import type { NonSharedBuffer } from 'node:buffer';
import type { UpstreamAuth } from '../config';

const REDACTED = '[oculto]';
/** Shorter strings (a "username" field such as "ana") would hit ordinary text. */
const MIN_SECRET_LENGTH = 6;
const BACKSLASH = 0x5c;

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

/**
 * A reader of JSON text that tells, for offsets asked in increasing order, where the next
 * character inside a string starts: not outside strings (a secret of digits is not an amount
 * that happens to hold them), not within an escape (`\u0020` holds no "0020"). It reads the
 * text once from its start, whatever the number of questions.
 */
export class StringCharacters {
  readonly #text: string;
  readonly #onRead: (characters: number) => void;
  /** Read up to here: outside strings, or where a character of a string (or its end) starts. */
  #at = 0;
  #inString = false;
  /** The next quote and backslash at or after `#at`, once looked for (-1: not yet). */
  #quote = -1;
  #backslash = -1;

  constructor(text: string, onRead: (characters: number) => void = () => {}) {
    this.#text = text;
    this.#onRead = onRead;
  }

  /** The first offset at or after `offset` where a character inside a string starts; -1: none. */
  startFrom(offset: number): number {
    const text = this.#text;
    let at = this.#at;
    let found = -1;
    for (;;) {
      const quote = this.#next('"', at);
      if (!this.#inString) {
        if (quote === text.length) {
          at = quote;
          break;
        }
        at = quote + 1;
        this.#inString = true;
      } else if (at >= offset) {
        found = at;
        break;
      } else {
        const backslash = this.#next('\\', at);
        if (backslash < quote && backslash < offset) {
          at = backslash + (text.charCodeAt(backslash + 1) === 0x75 /* u */ ? 6 : 2);
        } else if (quote < offset) {
          at = quote + 1;
          this.#inString = false;
        } else {
          // Only whole characters lie between: `offset` starts one.
          at = offset;
        }
      }
    }
    this.#at = at;
    return found;
  }

  /** Where `char` next occurs at or after `at` (the text's length: nowhere), each byte read once. */
  #next(char: '"' | '\\', at: number): number {
    const known = char === '"' ? this.#quote : this.#backslash;
    if (known >= at) return known;
    const found = this.#text.indexOf(char, at);
    const next = found === -1 ? this.#text.length : found;
    // Read from `at` through what was found (an escape at the very end may put `at` past it).
    this.#onRead(Math.max(0, (found === -1 ? next : next + 1) - at));
    if (char === '"') this.#quote = next;
    else this.#backslash = next;
    return next;
  }
}

export interface RedactorOptions {
  /** Told how many characters of the body were read to place matches (a test's measure). */
  onRead?: (characters: number) => void;
}

/** Returns the bytes unchanged (the same object) when they hold no secret. */
export function createRedactor(
  secrets: readonly string[],
  { onRead }: RedactorOptions = {},
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
    const characters = new StringCharacters(text, onRead);
    const parts: string[] = [];
    let copied = 0;
    everySpelling.lastIndex = 0;
    for (let match = everySpelling.exec(text); match !== null; match = everySpelling.exec(text)) {
      // Matches come in increasing offsets; one that does not start a character of a string
      // is looked for again from the next one that does (a secret may start within it).
      const start = characters.startFrom(match.index);
      if (start === -1) break;
      if (start !== match.index) {
        everySpelling.lastIndex = start;
        continue;
      }
      // A spelling is whole characters, so a match that starts one ends before another.
      parts.push(text.slice(copied, start), REDACTED);
      copied = start + match[0].length;
    }
    if (parts.length === 0) return bytes;
    parts.push(text.slice(copied));
    return Buffer.from(parts.join(''), 'latin1');
  };
}
