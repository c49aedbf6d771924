// At most `max` tasks at a time, at most `queueLimit` waiting behind them; past that a
// caller is refused at once rather than left waiting without end.

export class ConcurrencyLimiter {
  readonly #max: number;
  readonly #queueLimit: number;
  #active = 0;
  // A queue as an array and a head index: shift() on a long array copies it.
  #waiting: Array<() => void> = [];
  #head = 0;

  constructor(max: number, queueLimit: number) {
    this.#max = max;
    this.#queueLimit = queueLimit;
  }

  get active(): number {
    return this.#active;
  }

  get queued(): number {
    return this.#waiting.length - this.#head;
  }

  /** Whether `acquire()` would be refused now. */
  get full(): boolean {
    return this.#active >= this.#max && this.queued >= this.#queueLimit;
  }

  /**
   * Takes a place: `undefined` when it runs now (no promise made on the common path), a
   * promise that resolves when a slot frees, or `false` when the queue is full. Every
   * place taken is given back with `release()`.
   */
  acquire(): Promise<void> | undefined | false {
    if (this.#active < this.#max) {
      this.#active++;
      return undefined;
    }
    if (this.queued >= this.#queueLimit) return false;
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    if (this.#head < this.#waiting.length) {
      // The slot passes to the next in line: #active stays the same.
      const next = this.#waiting[this.#head] as () => void;
      this.#head++;
      if (this.#head === this.#waiting.length) {
        this.#waiting = [];
        this.#head = 0;
      } else if (this.#head >= 1024 && this.#head * 2 >= this.#waiting.length) {
        this.#waiting = this.#waiting.slice(this.#head);
        this.#head = 0;
      }
      next();
      return;
    }
    this.#active--;
  }
}
