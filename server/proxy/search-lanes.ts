// Search lanes: the pages of one search that the browser sends ahead wait here, so the API
// is never idle between two of them. The browser keeps one page more than its concurrency
// on the way (page-prefetch.ts); here a page enters the API as soon as an earlier one of
// its lane answered well, instead of a round trip to the browser and back later, once for
// every round of a search.
//
// The browser's own rule holds here, whatever order the requests arrive in: each page
// names its position in the search's plan, and the page at position p goes once p is below
// the concurrency plus the good answers so far (so at most `concurrency` are at the API at
// once). An answer that does not let the search go on (page-rules.ts) closes the lane: what
// waits in it is turned away unsent (unbilled), and the browser decides, as without a lane,
// what to ask again.

import { DEFAULT_UPSTREAM_TIMEOUT_MS } from '../config';

export type LaneEntry =
  /** Go upstream now, then `leave` with how it went. */
  | { kind: 'go'; leave(outcome: LaneOutcome): void }
  /** An earlier page of the lane failed: do not send this one. */
  | { kind: 'closed' }
  /** Too many lanes, this one holds too many waiting pages, or the turn never came: refused. */
  | { kind: 'full' }
  /** The browser went away while this one waited. */
  | { kind: 'gone' };

/** A page that lets the search go on (page-rules.ts), anything else, or nothing sent after all. */
export type LaneOutcome = 'good' | 'bad' | 'unsent';

interface Waiter {
  position: number;
  settle(entry: LaneEntry): void;
}

interface Lane {
  concurrency: number;
  good: number;
  /** Pages gone upstream and not yet back. */
  active: number;
  closed: boolean;
  waiting: Waiter[];
  touchedAt: number;
}

/** A lane holds at most this many waiting pages (the browser sends one beyond). */
const MAX_WAITING = 8;
/** Lanes with nothing upstream or waiting are forgotten after this long unused. */
const IDLE_MS = 30_000;
/** Past this many lanes, idle ones are swept (at most once a second); past the cap, refused. */
const SWEEP_AT = 1_000;
const MAX_LANES = 10_000;

export interface SearchLanesOptions {
  /**
   * A page that waited this long is refused (`full`), and the browser asks for it on its
   * own: a turn that never comes (a position the lane never saw) delays, never hangs.
   */
  maxWaitMs?: number;
  now?: () => number;
}

export class SearchLanes {
  readonly #lanes = new Map<string, Lane>();
  readonly #now: () => number;
  readonly #maxWaitMs: number;
  #sweptAt = Number.NEGATIVE_INFINITY;

  constructor({
    maxWaitMs = DEFAULT_UPSTREAM_TIMEOUT_MS,
    now = Date.now,
  }: SearchLanesOptions = {}) {
    this.#now = now;
    this.#maxWaitMs = maxWaitMs;
  }

  get size(): number {
    return this.#lanes.size;
  }

  /**
   * Enters lane `id` with the page at `position` of its plan (a lane's concurrency is the
   * one its first page gave). Settles at once when the page may go, else when it may, the
   * lane closes or the request's signal aborts (asked for only then: reading it costs the
   * server a web Request).
   */
  enter(
    id: string,
    concurrency: number,
    position: number,
    signalOf?: () => AbortSignal,
  ): LaneEntry | Promise<LaneEntry> {
    const lane = this.#lane(id, concurrency);
    if (lane === undefined) return { kind: 'full' };
    if (lane.closed) return { kind: 'closed' };
    if (position < lane.concurrency + lane.good) return this.#go(lane);
    if (lane.waiting.length >= MAX_WAITING) return { kind: 'full' };
    const signal = signalOf?.();
    if (signal?.aborted) return { kind: 'gone' };
    return new Promise<LaneEntry>((resolve) => {
      const leaveTheLine = (entry: LaneEntry) => {
        const at = lane.waiting.indexOf(waiter);
        if (at >= 0) lane.waiting.splice(at, 1);
        waiter.settle(entry);
      };
      const onAbort = () => leaveTheLine({ kind: 'gone' });
      const timer = setTimeout(() => leaveTheLine({ kind: 'full' }), this.#maxWaitMs);
      const waiter: Waiter = {
        position,
        settle: (entry) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(entry);
        },
      };
      lane.waiting.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * A page of lane `id` answered without going upstream (from the proxy's cache): it counts
   * as an answer all the same, good when it lets the search go on, or later pages would wait
   * for it.
   */
  credit(id: string, concurrency: number, good: boolean): void {
    const lane = this.#lane(id, concurrency);
    if (lane) this.#answered(lane, good ? 'good' : 'bad');
  }

  /** The lane `id`, made if new; undefined when there are too many. */
  #lane(id: string, concurrency: number): Lane | undefined {
    const now = this.#now();
    let lane = this.#lanes.get(id);
    if (lane === undefined) {
      if (this.#lanes.size >= SWEEP_AT && now - this.#sweptAt >= 1000) this.#sweep(now);
      if (this.#lanes.size >= MAX_LANES) return undefined;
      lane = { concurrency, good: 0, active: 0, closed: false, waiting: [], touchedAt: now };
      this.#lanes.set(id, lane);
    }
    lane.touchedAt = now;
    return lane;
  }

  #go(lane: Lane): LaneEntry {
    let left = false;
    lane.active++;
    return {
      kind: 'go',
      leave: (outcome) => {
        if (left) return;
        left = true;
        lane.active--;
        lane.touchedAt = this.#now();
        this.#answered(lane, outcome);
      },
    };
  }

  #answered(lane: Lane, outcome: LaneOutcome): void {
    if (outcome === 'unsent' || lane.closed) return;
    if (outcome === 'bad') {
      lane.closed = true;
      for (const waiter of lane.waiting.splice(0)) waiter.settle({ kind: 'closed' });
      return;
    }
    lane.good++;
    const allowed = lane.concurrency + lane.good;
    const going = lane.waiting.filter((waiter) => waiter.position < allowed);
    lane.waiting = lane.waiting.filter((waiter) => waiter.position >= allowed);
    for (const waiter of going) waiter.settle(this.#go(lane));
  }

  #sweep(now: number): void {
    this.#sweptAt = now;
    for (const [id, lane] of this.#lanes) {
      const idle = lane.active === 0 && lane.waiting.length === 0;
      if (idle && now - lane.touchedAt > IDLE_MS) this.#lanes.delete(id);
    }
  }
}
