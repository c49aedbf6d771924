// The password checks' share of libuv's threads (scrypt runs there, beside compression and
// file reads): at most `max` checks at once, of which clients with recent failures hold at
// most `maxSuspect`. A flood of wrong guesses, even from many addresses, so leaves a slot to
// clients that are not failing, and their waiters are served first.

export class CheckSlots {
  readonly #max: number;
  readonly #maxSuspect: number;
  readonly #queueLimit: number;
  #active = 0;
  #activeSuspect = 0;
  readonly #clean: Array<() => void> = [];
  readonly #suspect: Array<() => void> = [];

  constructor(max: number, maxSuspect: number, queueLimit: number) {
    if (maxSuspect >= max) throw new Error('CheckSlots: maxSuspect must leave a slot to others');
    this.#max = max;
    this.#maxSuspect = maxSuspect;
    this.#queueLimit = queueLimit;
  }

  get active(): number {
    return this.#active;
  }

  /**
   * Takes a slot: `undefined` when the check may start now, a promise that resolves when it
   * may, or `false` when the waiters of its kind are already `queueLimit`. Every slot taken
   * is given back with `release(suspect)`, with the same `suspect`.
   */
  acquire(suspect: boolean): Promise<void> | undefined | false {
    if (this.#canStart(suspect)) {
      this.#start(suspect);
      return undefined;
    }
    const queue = suspect ? this.#suspect : this.#clean;
    if (queue.length >= this.#queueLimit) return false;
    return new Promise((resolve) => queue.push(resolve));
  }

  release(suspect: boolean): void {
    this.#active--;
    if (suspect) this.#activeSuspect--;
    // The queues are at most `queueLimit` long: shift() is cheap enough.
    while (this.#clean.length > 0 && this.#canStart(false)) {
      this.#start(false);
      (this.#clean.shift() as () => void)();
    }
    while (this.#suspect.length > 0 && this.#canStart(true)) {
      this.#start(true);
      (this.#suspect.shift() as () => void)();
    }
  }

  #canStart(suspect: boolean): boolean {
    return this.#active < this.#max && (!suspect || this.#activeSuspect < this.#maxSuspect);
  }

  #start(suspect: boolean): void {
    this.#active++;
    if (suspect) this.#activeSuspect++;
  }
}
