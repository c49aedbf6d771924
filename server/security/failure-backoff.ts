// Failures counted per key (a client address, a user name) with an exponential back-off past
// a few free ones (typos happen), forgotten after a quiet spell. The table is bounded: a flood
// from many addresses drops the keys whose last failure is oldest, never grows without end.

export interface BackoffPolicy {
  /** Failures in a row that start no back-off. */
  free: number;
  /** The back-off after the first failure past the free ones; it doubles with each next. */
  baseMs: number;
  maxMs: number;
  /** A key with no failure for this long (and no back-off left) starts afresh. */
  forgetAfterMs: number;
  /** Keys kept at most. */
  maxKeys: number;
}

/** The back-off that the `failures`-th failure starts. */
export function backoffMs(policy: BackoffPolicy, failures: number): number {
  const past = failures - policy.free;
  if (past <= 0) return 0;
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(past - 1, 30));
}

interface Entry {
  failures: number;
  lastFailureAt: number;
  backoffUntil: number;
}

export class FailureBackoff {
  readonly #policy: BackoffPolicy;
  readonly #now: () => number;
  // In order of last failure (a key is re-inserted on each): the first is the one to drop.
  readonly #entries = new Map<string, Entry>();

  constructor(policy: BackoffPolicy, now: () => number = Date.now) {
    this.#policy = policy;
    this.#now = now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Milliseconds until `key` is out of back-off; 0 when it is. */
  waitMs(key: string): number {
    const entry = this.#live(key, this.#now());
    return entry === undefined ? 0 : Math.max(0, entry.backoffUntil - this.#now());
  }

  /** Whether `key` failed recently (and is not forgotten yet). */
  hasFailed(key: string): boolean {
    return this.#live(key, this.#now()) !== undefined;
  }

  /** Counts a failure of `key`; returns the back-off it starts (0 within the free ones). */
  fail(key: string): number {
    const now = this.#now();
    const failures = (this.#live(key, now)?.failures ?? 0) + 1;
    const wait = backoffMs(this.#policy, failures);
    this.#entries.delete(key);
    while (this.#entries.size >= this.#policy.maxKeys) {
      const [oldest] = this.#entries.keys();
      this.#entries.delete(oldest as string);
    }
    this.#entries.set(key, { failures, lastFailureAt: now, backoffUntil: now + wait });
    return wait;
  }

  #live(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (now - entry.lastFailureAt >= this.#policy.forgetAfterMs && now >= entry.backoffUntil) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
