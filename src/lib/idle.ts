// Idle time of the page, as a promise: background work (saving a search, building the
// search index) runs in slices that never hold up input or rendering.

/** An idle period: how much of it is left, ms. */
export interface IdlePeriod {
  timeRemaining(): number;
}

/** Resolves in an idle period of the page (or a short slice where there is no such notion). */
export function idlePeriod(): Promise<IdlePeriod> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') {
      requestIdleCallback(resolve, { timeout: 1000 });
    } else {
      const end = performance.now() + 8;
      setTimeout(() => resolve({ timeRemaining: () => Math.max(0, end - performance.now()) }), 0);
    }
  });
}
