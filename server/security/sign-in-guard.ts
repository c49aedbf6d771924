// Who gets a password check, so that nobody can lock the others out of sign-in by flooding
// wrong guesses:
// - per client address (an IPv6 address by its /64), failed checks back off exponentially
//   (after a few free ones), and an address in back-off is refused before any scrypt is spent;
// - per address, a few checks at once while it has no recent failure (colleagues behind one
//   NAT sign in together), one at a time once it has; the same credentials sent again
//   meanwhile share the running check;
// - per user name, failed checks answer more slowly as the name gathers failures, from any
//   address; a right password is never slowed, and the address is free while a wrong one
//   waits for its answer, so this cannot lock the name's owner out;
// - addresses with recent failures hold at most one of the check slots, running or next in
//   line. Addresses that have not failed yet are not told apart from honest ones: a flood
//   from many fresh addresses competes with everyone for the slots (MAX_QUEUED_CHECKS bounds
//   the wait), each address for its first few guesses only;
// - a check still waiting for a slot is dropped once every client that sent it has left.
import { isIP } from 'node:net';
import { Callers, type SignalOf } from '../quota/callers';
import { ConcurrencyLimiter } from '../quota/concurrency-limiter';
import { type BackoffPolicy, FailureBackoff } from './failure-backoff';

export type SignInOutcome =
  | { kind: 'ok' }
  | { kind: 'wrong' }
  /** The address failed too often: not checked; it may try again in `retryAfterMs`. */
  | { kind: 'backoff'; retryAfterMs: number }
  /** Not checked: the address has its checks running, or the check slots are full. */
  | { kind: 'busy' }
  /** Not checked: every client that sent it left while it waited for a slot. */
  | { kind: 'gone' };

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
/** Checks waiting for a slot; past it, busy. */
const MAX_QUEUED_CHECKS = 64;
/** Checks at once from one address with no recent failure; one once it failed. */
export const MAX_CHECKS_PER_ADDRESS = 4;
/** Longer user names are no user's (password-hash.ts USER_NAME): one key for them all. */
const MAX_NAME_KEY = 64;

const OK: SignInOutcome = Object.freeze({ kind: 'ok' });
const WRONG: SignInOutcome = Object.freeze({ kind: 'wrong' });
const BUSY: SignInOutcome = Object.freeze({ kind: 'busy' });
const GONE: SignInOutcome = Object.freeze({ kind: 'gone' });
const NOBODY_LEAVES = new AbortController().signal;
const staying: SignalOf = () => NOBODY_LEAVES;

/** A check under way: its outcome, and the clients that sent its credentials. */
interface RunningCheck {
  outcome: Promise<SignInOutcome>;
  callers: Callers;
}

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
  /** scrypt's share of libuv's threads. */
  readonly #slots = new ConcurrencyLimiter(MAX_CONCURRENT_CHECKS, MAX_QUEUED_CHECKS);
  /** Passed first by addresses with recent failures: one of them at a time takes a slot. */
  readonly #suspectGate = new ConcurrencyLimiter(1, MAX_QUEUED_CHECKS);
  readonly #sleep: (ms: number) => Promise<void>;
  /** The checks under way per address, by the key of the credentials each checks. */
  readonly #running = new Map<string, Map<string, RunningCheck>>();

  constructor(options: SignInGuardOptions = {}) {
    this.#addresses = new FailureBackoff(ADDRESS_BACKOFF, options.now);
    this.#names = new FailureBackoff(USER_NAME_SLOWDOWN, options.now);
    this.#sleep =
      options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()));
  }

  /**
   * Checks the credentials `key` (naming `user`) sent from address `from` with `verify`, or says
   * why they are not checked now. `key` identifies the whole credentials, without holding them;
   * `caller` gives the signal of the client's request (aborted when it leaves).
   */
  check(
    from: string,
    key: string,
    user: string,
    verify: () => Promise<boolean>,
    caller: SignalOf = staying,
  ): Promise<SignInOutcome> {
    const address = clientBlock(from);
    const retryAfterMs = this.#addresses.waitMs(address);
    if (retryAfterMs > 0) return Promise.resolve({ kind: 'backoff', retryAfterMs });
    const running = this.#running.get(address) ?? new Map<string, RunningCheck>();
    const same = running.get(key);
    if (same !== undefined) {
      same.callers.add(caller);
      return same.outcome;
    }
    const suspect = this.#addresses.hasFailed(address);
    if (running.size >= (suspect ? 1 : MAX_CHECKS_PER_ADDRESS)) return Promise.resolve(BUSY);
    this.#running.set(address, running);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      running.delete(key);
      if (running.size === 0) this.#running.delete(address);
    };
    const callers = new Callers(caller);
    // #run is async: it ends the entry only after an await, once the entry is set below.
    const outcome = this.#run(address, user, suspect, verify, callers, end).finally(end);
    running.set(key, { outcome, callers });
    return outcome;
  }

  async #run(
    address: string,
    user: string,
    suspect: boolean,
    verify: () => Promise<boolean>,
    callers: Callers,
    end: () => void,
  ): Promise<SignInOutcome> {
    let ok: boolean;
    if (suspect) {
      const passed = await enter(this.#suspectGate, callers);
      if (passed !== undefined) return passed;
    }
    try {
      const slot = await enter(this.#slots, callers);
      if (slot !== undefined) return slot;
      try {
        ok = await verify();
      } finally {
        this.#slots.release();
      }
    } finally {
      if (suspect) this.#suspectGate.release();
    }
    if (ok) return OK;
    this.#addresses.fail(address);
    const slowdown = this.#names.fail(user.length > MAX_NAME_KEY ? '' : user);
    // The wrong answer is slowed, not the address: its next try (a corrected password) may
    // start meanwhile, within the address's own back-off.
    end();
    if (slowdown > 0) await this.#sleep(slowdown);
    return WRONG;
  }
}

/**
 * Takes a slot of `limiter`: undefined once it is held (to be released), else why not: busy
 * when its queue is full, gone when every client of the check left while it waited.
 */
async function enter(
  limiter: ConcurrencyLimiter,
  callers: Callers,
): Promise<SignInOutcome | undefined> {
  const place = limiter.acquire();
  if (place === undefined) return undefined;
  if (place === false) return BUSY;
  const unwatch = callers.watch(() => place.leave());
  const granted = await place.turn;
  unwatch();
  return granted ? undefined : GONE;
}
