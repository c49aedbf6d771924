// The quota guard of the billed API: a global bound on concurrent upstream requests with a
// bounded queue behind it, and a per-client budget of upstream requests a minute. Only
// requests that go upstream pass through it: cache hits and coalesced requests are not
// billed, so they spend nothing. A request waiting for its slot can be cancelled (its
// client went away): it leaves the queue, is refunded, and is never sent.
import { type AnsweredCode, PROXY_CODES } from '../../src/contract/proxy-codes';
import { ClientBudget } from './client-budget';
import { ConcurrencyLimiter } from './concurrency-limiter';

export interface QuotaLimits {
  /** Upstream requests at once, for all clients together (`PROXY_MAX_CONCURRENT`). */
  maxConcurrent: number;
  /** Requests waiting for one of those slots (`PROXY_QUEUE_LIMIT`). */
  queueLimit: number;
  /** Upstream requests a client may start a minute (`PROXY_CLIENT_BUDGET_PER_MINUTE`). */
  clientBudgetPerMinute: number;
}

export type Admission =
  | {
      ok: true;
      /** Present when the request must wait for a slot; absent: start now. */
      queued?: QueuedAdmission;
    }
  /** A refusal: PROXY_CODES.busy or PROXY_CODES.overBudget, with when to come back. */
  | (AnsweredCode & { ok: false; retryAfterSeconds: number; description: string });

export interface QueuedAdmission {
  /** Resolves true when the request may start, false when it was cancelled first. */
  readonly turn: Promise<boolean>;
  /**
   * Gives up the wait: the place in the queue is freed, the client's budget refunded, and
   * `turn` resolves false. No effect once the turn came (the slot is then held).
   */
  cancel(): void;
}

// The common case allocates nothing.
const ADMITTED_NOW: Admission = Object.freeze({ ok: true });
// Slots free as fast as the upstream answers: a client told "busy" comes back in a second.
const BUSY: Admission = Object.freeze({
  ok: false,
  ...PROXY_CODES.busy,
  retryAfterSeconds: 1,
  description: 'El proxy tiene demasiadas consultas en curso; reintente en un momento.',
});

export class QuotaGuard {
  readonly #slots: ConcurrencyLimiter;
  readonly #budget: ClientBudget;

  constructor(limits: QuotaLimits, now?: () => number) {
    this.#slots = new ConcurrencyLimiter(limits.maxConcurrent, limits.queueLimit);
    this.#budget = new ClientBudget(limits.clientBudgetPerMinute, now);
  }

  get active(): number {
    return this.#slots.active;
  }

  get queued(): number {
    return this.#slots.queued;
  }

  /**
   * Admits one upstream request of `client`, or says why not. Each admission that holds a
   * slot (at once, or when its turn came) is `release()`d.
   */
  admit(client: string): Admission {
    // A full queue refuses before the budget is touched: the request is not made.
    if (this.#slots.full) return BUSY;
    const waitMs = this.#budget.spend(client);
    if (waitMs > 0) {
      return {
        ok: false,
        ...PROXY_CODES.overBudget,
        retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
        description:
          'Se alcanzó el máximo de consultas por minuto a la API para este usuario; reintente en unos segundos.',
      };
    }
    const place = this.#slots.acquire();
    if (place === undefined) return ADMITTED_NOW;
    if (place === false) {
      // Not expected (`full` was checked in this same turn), but never bill a refused request.
      this.#budget.refund(client);
      return BUSY;
    }
    const cancel = () => {
      if (place.leave()) this.#budget.refund(client);
    };
    return { ok: true, queued: { turn: place.turn, cancel } };
  }

  release(): void {
    this.#slots.release();
  }
}
