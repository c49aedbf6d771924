// Who gets a password check, so that nobody can lock the others out of sign-in by flooding
// wrong guesses:
// - per client address (an IPv6 address by its /64), failed checks back off exponentially (after a few free ones), and an
//   address in back-off is refused before any scrypt is spent;
// - per address, one check at a time (the same credentials sent again meanwhile share it);
// - per user name, failed checks answer more slowly as the name gathers failures, from any
//   address; a right password is never slowed, so this cannot lock its owner out;
// - the check slots keep one for addresses with no recent failure (check-slots.ts).
import { isIP } from 'node:net';
import { CheckSlots } from './check-slots';
import { type BackoffPolicy, FailureBackoff } from './failure-backoff';

export type SignInOutcome =
  | { kind: 'ok' }
  | { kind: 'wrong' }
  /** The address failed too often: not checked; it may try again in `retryAfterMs`. */
  | { kind: 'backoff'; retryAfterMs: number }
  /** Not checked: the address has another check running, or the check slots are full. */
  | { kind: 'busy' };

/** Three typos free; then 1 s, 2 s, 4 s… up to a minute, forgotten after 15 quiet minutes. */
export const ADDRESS_BACKOFF: BackoffPolicy = {
  free: 3,
  baseMs: 1000,
  maxMs: 60_000,
  forgetAfterMs: 15 * 60_000,
  maxKeys: 10_000,
};

/** A name guessed at from many addresses: its failed checks answer 250 ms… up to 4 s later. */
export const USER_NAME_SLOWDOWN: BackoffPolicy = {
  free: 5,
  baseMs: 250,
  maxMs: 4000,
  forgetAfterMs: 15 * 60_000,
  maxKeys: 10_000,
};

/** scrypt runs on libuv's 4 threads (shared with gzip and files): at most 2 checks at once. */
const MAX_CONCURRENT_CHECKS = 2;
/** Of which addresses with recent failures hold at most this many. */
const MAX_SUSPECT_CHECKS = 1;
const MAX_QUEUED_CHECKS = 64;
/** Longer user names are no user's (password-hash.ts USER_NAME): one key for them all. */
const MAX_NAME_KEY = 64;

const OK: SignInOutcome = Object.freeze({ kind: 'ok' });
const WRONG: SignInOutcome = Object.freeze({ kind: 'wrong' });
const BUSY: SignInOutcome = Object.freeze({ kind: 'busy' });

export interface SignInGuardOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The client an address counts as: an IPv4 address itself, an IPv6 address its /64 (a host
 * is usually given a whole /64, and would otherwise have a fresh address for every guess).
 */
export function clientBlock(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail] = (address.split('%')[0] as string).split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0');
  const groups = tail === undefined ? left : [...left, ...zeros, ...right];
  const prefix = groups.slice(0, 4).map((group) => Number.parseInt(group, 16).toString(16));
  return `${prefix.join(':')}::/64`;
}

export class SignInGuard {
  readonly #addresses: FailureBackoff;
  readonly #names: FailureBackoff;
  readonly #slots = new CheckSlots(MAX_CONCURRENT_CHECKS, MAX_SUSPECT_CHECKS, MAX_QUEUED_CHECKS);
  readonly #sleep: (ms: number) => Promise<void>;
  /** The check running per address, with the key of the credentials it checks. */
  readonly #running = new Map<string, { key: string; outcome: Promise<SignInOutcome> }>();

  constructor(options: SignInGuardOptions = {}) {
    this.#addresses = new FailureBackoff(ADDRESS_BACKOFF, options.now);
    this.#names = new FailureBackoff(USER_NAME_SLOWDOWN, options.now);
    this.#sleep =
      options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()));
  }

  /**
   * Checks the credentials `key` (naming `user`) sent from address `from` with `verify`, or says
   * why they are not checked now. `key` identifies the whole credentials, without holding them.
   */
  check(
    from: string,
    key: string,
    user: string,
    verify: () => Promise<boolean>,
  ): Promise<SignInOutcome> {
    const address = clientBlock(from);
    const retryAfterMs = this.#addresses.waitMs(address);
    if (retryAfterMs > 0) return Promise.resolve({ kind: 'backoff', retryAfterMs });
    const running = this.#running.get(address);
    if (running !== undefined) return running.key === key ? running.outcome : Promise.resolve(BUSY);
    // #run is async: its `finally` comes after the entry is set.
    const outcome = this.#run(address, user, verify).finally(() => this.#running.delete(address));
    this.#running.set(address, { key, outcome });
    return outcome;
  }

  async #run(
    address: string,
    user: string,
    verify: () => Promise<boolean>,
  ): Promise<SignInOutcome> {
    const suspect = this.#addresses.hasFailed(address);
    const slot = this.#slots.acquire(suspect);
    if (slot === false) return BUSY;
    if (slot !== undefined) await slot;
    let ok: boolean;
    try {
      ok = await verify();
    } finally {
      this.#slots.release(suspect);
    }
    if (ok) return OK;
    this.#addresses.fail(address);
    // The address stays busy meanwhile: it cannot start another guess.
    const slowdown = this.#names.fail(user.length > MAX_NAME_KEY ? '' : user);
    if (slowdown > 0) await this.#sleep(slowdown);
    return WRONG;
  }
}
