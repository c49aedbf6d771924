// The clients waiting for their turn (an upstream slot, a password check, a search lane),
// each known by the signal of its going away, and the answer to one that left.

/** The signal that a client went away (read lazily: @hono/node-server builds a web Request for it). */
export type SignalOf = () => AbortSignal;

interface Watch {
  present: number;
  onAllGone: () => void;
  unfollow: Array<() => void>;
}

/** The clients that want one task's result, each known by the signal of its going away. */
export class Callers {
  readonly #callers: SignalOf[];
  #watch: Watch | undefined;
  #allGone = false;

  constructor(first: SignalOf) {
    this.#callers = [first];
  }

  /** Every caller had gone while the task was watching them. */
  get allGone(): boolean {
    return this.#allGone;
  }

  add(caller: SignalOf): void {
    this.#callers.push(caller);
    if (this.#watch !== undefined) this.#follow(this.#watch, caller);
  }

  /**
   * Calls `onAllGone` once every caller, those here and those who join meanwhile, has gone
   * away; until the function returned is called. Signals are read only here.
   */
  watch(onAllGone: () => void): () => void {
    const watch: Watch = { present: 0, onAllGone, unfollow: [] };
    this.#watch = watch;
    for (const caller of this.#callers) this.#follow(watch, caller);
    if (watch.present === 0) this.#gone(watch);
    return () => this.#stop(watch);
  }

  #follow(watch: Watch, caller: SignalOf): void {
    const signal = caller();
    if (signal.aborted) return;
    watch.present++;
    const onAbort = () => {
      watch.present--;
      if (watch.present === 0) this.#gone(watch);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    watch.unfollow.push(() => signal.removeEventListener('abort', onAbort));
  }

  #gone(watch: Watch): void {
    if (this.#watch !== watch) return;
    this.#allGone = true;
    this.#stop(watch);
    watch.onAllGone();
  }

  #stop(watch: Watch): void {
    if (this.#watch === watch) this.#watch = undefined;
    for (const unfollow of watch.unfollow.splice(0)) unfollow();
  }
}

/**
 * A request whose client left before it was served (waiting in its lane, for its upstream
 * slot or for its password check): not sent, so not billed. Nobody reads this answer, so it
 * has no body; 499 (a client that closed its request, as web servers log it) tells the
 * request log what happened.
 */
export function clientGone(): Response {
  return new Response(null, { status: 499, headers: { 'cache-control': 'no-store' } });
}
