// The proxy's memory of recent successful answers, and of requests in flight, so the
// same billed request is not paid twice (a colleague opening a shared link, a double click).
import { Callers, type SignalOf } from '../quota/callers';
import type { CheckedPage } from '../upstream/upstream-json';

export interface CachedAnswer {
  status: number;
  body: Uint8Array<ArrayBuffer>;
  /** The page's items and total, where known: whether it lets a lane's search go on. */
  page?: CheckedPage;
  storedAt: number;
}

export interface ResponseCacheOptions {
  ttlMs: number;
  maxBytes: number;
  now?: () => number;
}

/** Least-recently-used, bounded by bytes, entries expire after `ttlMs`. */
export class ResponseCache {
  readonly #entries = new Map<string, CachedAnswer>();
  #bytes = 0;
  readonly #options: ResponseCacheOptions;
  readonly #now: () => number;

  constructor(options: ResponseCacheOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.#options.ttlMs > 0 && this.#options.maxBytes > 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get(key: string): CachedAnswer | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.#now() - entry.storedAt >= this.#options.ttlMs) {
      this.#delete(key, entry);
      return undefined;
    }
    // Refresh its place in the LRU order.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  set(key: string, status: number, body: Uint8Array<ArrayBuffer>, page?: CheckedPage): void {
    if (!this.enabled || body.byteLength > this.#options.maxBytes) return;
    const old = this.#entries.get(key);
    if (old) this.#delete(key, old);
    this.#entries.set(key, { status, body, page, storedAt: this.#now() });
    this.#bytes += body.byteLength;
    for (const [oldestKey, oldest] of this.#entries) {
      if (this.#bytes <= this.#options.maxBytes) break;
      this.#delete(oldestKey, oldest);
    }
  }

  #delete(key: string, entry: CachedAnswer): void {
    this.#entries.delete(key);
    this.#bytes -= entry.body.byteLength;
  }
}

/**
 * Runs one task per key at a time; callers asking meanwhile join it and share its result.
 * Each caller comes with the signal of its going away, so a task that can still be dropped
 * (waiting for its upstream slot) knows when nobody wants it any more (`Callers.watch`).
 */
export class InFlight<T> {
  readonly #running = new Map<string, { value: Promise<T>; callers: Callers }>();

  get size(): number {
    return this.#running.size;
  }

  /** The result of the task running for `key`, as one more caller; undefined when none runs. */
  join(key: string, caller: SignalOf): Promise<T> | undefined {
    const flight = this.#running.get(key);
    // A task all of whose callers went away is being dropped: it cannot be joined.
    if (flight === undefined || flight.callers.allGone) return undefined;
    flight.callers.add(caller);
    return flight.value;
  }

  /** Starts `task` for `key` with its first caller; the key is free again once it settles. */
  start(key: string, caller: SignalOf, task: (callers: Callers) => Promise<T>): Promise<T> {
    const callers = new Callers(caller);
    const value = task(callers).finally(() => {
      // A dropped task's key may already hold the next one.
      if (this.#running.get(key)?.callers === callers) this.#running.delete(key);
    });
    this.#running.set(key, { value, callers });
    return value;
  }
}
