// Per-browser preferences that are not part of a shared view.
export const DEFAULT_COST_THRESHOLD = 50;
const COST_THRESHOLD_KEY = 'cen-explorer:cost-threshold';

/** Above this many requests still to make, the user confirms before they are made. */
export function loadCostThreshold(storage: Storage | undefined = globalThis.localStorage): number {
  try {
    const stored = storage?.getItem(COST_THRESHOLD_KEY);
    // Number('') is 0: blank text is no stored value, not a threshold of 0.
    if (stored === null || stored === undefined || stored.trim() === '') {
      return DEFAULT_COST_THRESHOLD;
    }
    const value = Number(stored);
    return Number.isInteger(value) && value >= 0 ? value : DEFAULT_COST_THRESHOLD;
  } catch {
    return DEFAULT_COST_THRESHOLD;
  }
}

export function saveCostThreshold(
  value: number,
  storage: Storage | undefined = globalThis.localStorage,
): void {
  try {
    storage?.setItem(COST_THRESHOLD_KEY, String(value));
  } catch {
    // Storage disabled: the default applies next time.
  }
}
