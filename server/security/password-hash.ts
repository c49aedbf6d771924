// Salted password hashes for the built-in HTTP Basic users (AUTH_USERS_FILE), with Node's
// own scrypt: a memory-hard function from a library that ships with the runtime, so the
// server bundle needs no native or third-party package.
//
// One hash reads `$scrypt$ln=15,r=8,p=1$<salt, base64>$<hash, base64>`: the cost travels with
// each hash, so it can be raised later without invalidating the lines already written.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptCost {
  /** log2 of scrypt's N (CPU and memory cost). */
  ln: number;
  /** Block size. */
  r: number;
  /** Parallelization. */
  p: number;
}

export interface PasswordHash {
  cost: ScryptCost;
  salt: Buffer;
  hash: Buffer;
}

/** N = 2^15, r = 8: 32 MiB and ~150 ms per check on this project's machine. */
export const DEFAULT_COST: ScryptCost = { ln: 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const MIN_HASH_BYTES = 16;
const FORMAT =
  /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;
/** A user name fits the HTTP Basic form (no colon) and an audit-log field (no spaces). */
export const USER_NAME = /^[\p{L}\p{N}._@+-]{1,64}$/u;

function derive(password: string, salt: Buffer, cost: ScryptCost, bytes: number): Promise<Buffer> {
  const N = 2 ** cost.ln;
  // scrypt needs 128·N·r bytes; Node refuses anything over `maxmem` (32 MiB by default).
  const maxmem = 256 * N * cost.r;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, bytes, { N, r: cost.r, p: cost.p, maxmem }, (e, key) =>
      e ? reject(e) : resolve(key),
    );
  });
}

export async function hashPassword(password: string, cost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, cost, HASH_BYTES);
  return formatHash({ cost, salt, hash });
}

export function formatHash({ cost, salt, hash }: PasswordHash): string {
  return `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** The parsed hash, or a reason it is not one (never the text itself: it is a secret). */
export function parseHash(text: string): PasswordHash | string {
  const match = FORMAT.exec(text);
  if (!match) return 'expected $scrypt$ln=…,r=…,p=…$<salt>$<hash>';
  const [, ln, r, p, salt, hash] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const cost = { ln: Number(ln), r: Number(r), p: Number(p) };
  if (cost.ln < 10 || cost.ln > 20 || cost.r < 1 || cost.r > 32 || cost.p < 1 || cost.p > 16) {
    return 'scrypt cost out of range (ln 10–20, r 1–32, p 1–16)';
  }
  const parsed = { cost, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
  if (parsed.salt.length < 8 || parsed.hash.length < MIN_HASH_BYTES)
    return 'salt or hash too short';
  return parsed;
}

/** Constant-time for a given cost: the whole hash is derived and compared every time. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const derived = await derive(password, stored.salt, stored.cost, stored.hash.length);
  return timingSafeEqual(derived, stored.hash);
}

/** A hash no password matches, at a given cost: checked for unknown users, so they cost the same. */
export function decoyHash(cost: ScryptCost): PasswordHash {
  return { cost, salt: randomBytes(SALT_BYTES), hash: randomBytes(HASH_BYTES) };
}

/**
 * The users file: one `name:hash` a line (what `hash-password` prints); blank lines and
 * lines starting with `#` are ignored. Throws with the line number, never the line.
 */
export function parseUsersFile(text: string): Map<string, PasswordHash> {
  const users = new Map<string, PasswordHash>();
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `line ${index + 1}`;
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon);
    if (!USER_NAME.test(name)) {
      throw new Error(
        `${where}: expected "name:hash" with a name of 1–64 letters, digits or . _ @ + -`,
      );
    }
    if (users.has(name)) throw new Error(`${where}: user "${name}" appears twice`);
    const hash = parseHash(line.slice(colon + 1));
    if (typeof hash === 'string') throw new Error(`${where} (user "${name}"): ${hash}`);
    users.set(name, hash);
  }
  if (users.size === 0) throw new Error('it lists no user');
  return users;
}
