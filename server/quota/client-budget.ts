// A per-client budget of billed upstream requests: a token bucket per client that holds
// `perMinute` tokens and refills at `perMinute` a minute. A search spends one per page, so
// an analyst's burst (100 pages at once) passes, while a runaway script is slowed to the
// refill rate and told when to come back.

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets of clients idle long enough to be full again are dropped past this many. */
const SWEEP_AT = 10_000;

export class ClientBudget {
  readonly #capacity: number;
  readonly #perMs: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(perMinute: number, now: () => number = Date.now) {
    this.#capacity = perMinute;
    this.#perMs = perMinute / 60_000;
    this.#now = now;
  }

  /** Spends one request: 0 when allowed, else the milliseconds until one is. */
  spend(client: string): number {
    const now = this.#now();
    let bucket = this.#buckets.get(client);
    if (bucket === undefined) {
      if (this.#buckets.size >= SWEEP_AT) this.#sweep(now);
      bucket = { tokens: this.#capacity, updatedAt: now };
      this.#buckets.set(client, bucket);
    } else {
      bucket.tokens = Math.min(
        this.#capacity,
        bucket.tokens + (now - bucket.updatedAt) * this.#perMs,
      );
      bucket.updatedAt = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.#perMs);
  }

  /** Gives back a request that was not made after all. */
  refund(client: string): void {
    const bucket = this.#buckets.get(client);
    if (bucket) bucket.tokens = Math.min(this.#capacity, bucket.tokens + 1);
  }

  #sweep(now: number): void {
    for (const [client, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.#perMs >= this.#capacity) {
        this.#buckets.delete(client);
      }
    }
  }
}
