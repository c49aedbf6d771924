// Search lanes: the pages of one search that the browser sends ahead wait here, so the API
// is never idle between two of them. The browser keeps one page more than its concurrency
// on the way (page-prefetch.ts); here at most `concurrency` go upstream at once, in the
// order they came. A page enters the API as soon as an earlier one of its lane answered
// well, instead of a round trip to the browser and back later (~15-25 ms a page on two
// cores, seven times over a 23-page search at concurrency 4).
//
// The browser's rule carries over: a page leaves only once an earlier one proved good. An
// answer that is not a good page closes the lane, and what waits in it is turned away
// unsent (unbilled); the browser then decides, as without a lane, what to ask again.

export type LaneEntry =
  /** Go upstream now; call `leave` with whether the answer was a good page. */
  | { kind: 'go'; leave(good: boolean): void }
  /** An earlier page of the lane failed: do not send this one. */
  | { kind: 'closed' }
  /** The lane already holds as many as it may: the request is refused. */
  | { kind: 'full' }
  /** The browser went away while this one waited. */
  | { kind: 'gone' };

interface Lane {
  max: number;
  active: number;
  waiting: Array<(entry: LaneEntry) => void>;
  closed: boolean;
  touchedAt: number;
}

/** A lane holds at most this many waiting requests (the browser sends one beyond). */
const MAX_WAITING = 8;
/** Idle lanes (nothing active or waiting) are forgotten after this long. */
const IDLE_MS = 60_000;
/** Past this many lanes, idle ones are swept. */
const SWEEP_AT = 1_000;

export class SearchLanes {
  readonly #lanes = new Map<string, Lane>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  get size(): number {
    return this.#lanes.size;
  }

  /**
   * Enters lane `id` (a lane's concurrency is the one its first request gave). Resolves
   * at once when a place is free, else when one frees, the lane closes or the request's
   * signal aborts (asked for only then: reading it costs the server a web Request).
   */
  enter(
    id: string,
    concurrency: number,
    signalOf?: () => AbortSignal,
  ): LaneEntry | Promise<LaneEntry> {
    const now = this.#now();
    let lane = this.#lanes.get(id);
    if (lane === undefined) {
      if (this.#lanes.size >= SWEEP_AT) this.#sweep(now);
      lane = { max: concurrency, active: 0, waiting: [], closed: false, touchedAt: now };
      this.#lanes.set(id, lane);
    }
    lane.touchedAt = now;
    if (lane.closed) return { kind: 'closed' };
    if (lane.active < lane.max) {
      lane.active++;
      return this.#go(lane);
    }
    if (lane.waiting.length >= MAX_WAITING) return { kind: 'full' };
    const signal = signalOf?.();
    if (signal?.aborted) return { kind: 'gone' };
    const current = lane;
    return new Promise<LaneEntry>((resolve) => {
      const onAbort = () => {
        const at = current.waiting.indexOf(settle);
        if (at >= 0) current.waiting.splice(at, 1);
        resolve({ kind: 'gone' });
      };
      const settle = (entry: LaneEntry) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(entry);
      };
      current.waiting.push(settle);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #go(lane: Lane): LaneEntry {
    let left = false;
    return {
      kind: 'go',
      leave: (good) => {
        if (left) return;
        left = true;
        lane.touchedAt = this.#now();
        if (!good) {
          lane.closed = true;
          lane.active--;
          for (const settle of lane.waiting.splice(0)) settle({ kind: 'closed' });
          return;
        }
        const next = lane.waiting.shift();
        // The place passes to the next in line: `active` stays the same.
        if (next) next(this.#go(lane));
        else lane.active--;
      },
    };
  }

  #sweep(now: number): void {
    for (const [id, lane] of this.#lanes) {
      if (lane.active === 0 && lane.waiting.length === 0 && now - lane.touchedAt > IDLE_MS) {
        this.#lanes.delete(id);
      }
    }
  }
}
