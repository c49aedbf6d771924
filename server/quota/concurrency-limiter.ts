// At most `max` tasks at a time, at most `queueLimit` waiting behind them; past that a
// caller is refused at once rather than left waiting without end. A caller may leave the
// queue before its turn (nobody wants its answer any more): its place is freed at once.

/** A place in the queue, taken when every slot was busy. */
export interface QueuedPlace {
  /** Resolves true when the slot is this caller's, false when it left the queue first. */
  readonly turn: Promise<boolean>;
  /** Leaves the queue: true when it did, false when its turn had already come (the slot is held). */
  leave(): boolean;
}

// The queue is a doubly linked list: a place leaves from anywhere in it at no cost.
interface Waiter {
  grant(granted: boolean): void;
  prev: Waiter | undefined;
  next: Waiter | undefined;
  queued: boolean;
}

export class ConcurrencyLimiter {
  readonly #max: number;
  readonly #queueLimit: number;
  #active = 0;
  #first: Waiter | undefined;
  #last: Waiter | undefined;
  #queued = 0;

  constructor(max: number, queueLimit: number) {
    this.#max = max;
    this.#queueLimit = queueLimit;
  }

  get active(): number {
    return this.#active;
  }

  get queued(): number {
    return this.#queued;
  }

  /** Whether `acquire()` would be refused now. */
  get full(): boolean {
    return this.#active >= this.#max && this.#queued >= this.#queueLimit;
  }

  /**
   * Takes a place: `undefined` when it runs now (nothing made on the common path), a place
   * in the queue when every slot is busy, or `false` when the queue is full. Every slot
   * taken (now, or when a place's turn comes) is given back with `release()`.
   */
  acquire(): QueuedPlace | undefined | false {
    if (this.#active < this.#max) {
      this.#active++;
      return undefined;
    }
    if (this.#queued >= this.#queueLimit) return false;
    let grant: (granted: boolean) => void = () => {};
    const turn = new Promise<boolean>((resolve) => {
      grant = resolve;
    });
    const waiter: Waiter = { grant, prev: this.#last, next: undefined, queued: true };
    if (this.#last) this.#last.next = waiter;
    else this.#first = waiter;
    this.#last = waiter;
    this.#queued++;
    return {
      turn,
      leave: () => {
        if (!this.#unlink(waiter)) return false;
        waiter.grant(false);
        return true;
      },
    };
  }

  release(): void {
    const next = this.#first;
    if (next !== undefined) {
      // The slot passes to the next in line: #active stays the same.
      this.#unlink(next);
      next.grant(true);
      return;
    }
    this.#active--;
  }

  #unlink(waiter: Waiter): boolean {
    if (!waiter.queued) return false;
    waiter.queued = false;
    if (waiter.prev) waiter.prev.next = waiter.next;
    else this.#first = waiter.next;
    if (waiter.next) waiter.next.prev = waiter.prev;
    else this.#last = waiter.prev;
    waiter.prev = undefined;
    waiter.next = undefined;
    this.#queued--;
    return true;
  }
}
