// Refused sign-ins, for the operator: the user name given, the client address and why, never
// a password or a header. An address's first refusal gets a line of its own; the next ones
// are summed up in one line per interval, so that a flood cannot flood the log (a timer runs
// only while there is something to sum up or an address to forget):
//   access refused user=ana addr=10.0.0.9 reason=wrong-password
//   access refused addr=10.0.0.9 more=4211 in=10s reasons=backoff:4190,busy:19,wrong-password:2 users=ana
// Names are percent-encoded like the audit log's, so a name cannot forge a field or a line.
import { logField } from '../proxy/audit-log';

export type RefusalReason =
  /** HTTP Basic: the user exists, the password is not hers. */
  | 'wrong-password'
  | 'unknown-user'
  /** An Authorization header that is not HTTP Basic with a user name. */
  | 'malformed-credentials'
  /** Not checked: the address failed too often lately. */
  | 'backoff'
  /** Not checked: the address has a check running, or the check slots are full. */
  | 'busy'
  /** Single sign-on: the identity header from a peer that is not the SSO proxy. */
  | 'not-from-proxy'
  /** Single sign-on: the proxy named no user, or not a valid name. */
  | 'no-user'
  /** Single sign-on: the identity header more than once. */
  | 'duplicate-identity';

export interface RefusalLogOptions {
  /** How often repeated refusals are summed up (its timer calls `flush()`). */
  intervalMs?: number;
  /** Addresses tallied at most; refusals from more are summed up under `other-addresses`. */
  maxAddresses?: number;
  now?: () => number;
}

export const REFUSAL_LOG_INTERVAL_MS = 10_000;
const OTHER_ADDRESSES = 'other-addresses';
const MAX_USERS_LISTED = 5;
/** Longer names (a pasted password, a flood of text) are cut: no user has one (USER_NAME). */
const MAX_NAME_CHARS = 64;

interface Tally {
  since: number;
  more: number;
  reasons: Map<RefusalReason, number>;
  /** As log fields (cut and encoded): a flood of long names stays small. */
  users: Set<string>;
}

/** A name as a log field, cut by code points (never inside a surrogate pair). */
function nameField(user: string | undefined): string {
  if (user === undefined) return '-';
  const chars = Array.from(user.slice(0, 2 * MAX_NAME_CHARS + 2));
  const cut = chars.length > MAX_NAME_CHARS ? `${chars.slice(0, MAX_NAME_CHARS).join('')}…` : user;
  return logField(cut);
}

export class RefusalLog {
  readonly #log: (line: string) => void;
  readonly #intervalMs: number;
  readonly #maxAddresses: number;
  readonly #now: () => number;
  readonly #tallies = new Map<string, Tally>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(log: (line: string) => void, options: RefusalLogOptions = {}) {
    this.#log = log;
    this.#intervalMs = options.intervalMs ?? REFUSAL_LOG_INTERVAL_MS;
    this.#maxAddresses = options.maxAddresses ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  refused(address: string, user: string | undefined, reason: RefusalReason): void {
    this.#schedule();
    let key = address;
    let tally = this.#tallies.get(key);
    if (tally === undefined && this.#tallies.size < this.#maxAddresses) {
      this.#tallies.set(key, this.#newTally());
      this.#log(
        `access refused user=${nameField(user)} addr=${logField(address)} reason=${reason}`,
      );
      return;
    }
    if (tally === undefined) {
      key = OTHER_ADDRESSES;
      tally = this.#tallies.get(key) ?? this.#newTally();
      this.#tallies.set(key, tally);
    }
    tally.more++;
    tally.reasons.set(reason, (tally.reasons.get(reason) ?? 0) + 1);
    if (user !== undefined && tally.users.size <= MAX_USERS_LISTED)
      tally.users.add(nameField(user));
  }

  /** Sums up each address's refusals since the last flush; an address without any is dropped. */
  flush(): void {
    const now = this.#now();
    for (const [address, tally] of this.#tallies) {
      if (tally.more === 0) {
        this.#tallies.delete(address);
        continue;
      }
      const reasons = [...tally.reasons]
        .sort((a, b) => b[1] - a[1])
        .map(([reason, count]) => `${reason}:${count}`)
        .join(',');
      const names = [...tally.users].slice(0, MAX_USERS_LISTED);
      if (tally.users.size > MAX_USERS_LISTED) names.push('…');
      const users = names.length === 0 ? '' : ` users=${names.join(',')}`;
      const seconds = Math.max(1, Math.round((now - tally.since) / 1000));
      this.#log(
        `access refused addr=${logField(address)} more=${tally.more} in=${seconds}s reasons=${reasons}${users}`,
      );
      Object.assign(tally, this.#newTally());
    }
    if (this.#tallies.size > 0) this.#schedule();
  }

  /** The next flush, unless one is due already; it never keeps the process alive. */
  #schedule(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.flush();
    }, this.#intervalMs);
    this.#timer.unref();
  }

  #newTally(): Tally {
    return { since: this.#now(), more: 0, reasons: new Map(), users: new Set() };
  }
}
