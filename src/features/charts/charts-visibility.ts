// Whether the charts are folded away: a per-browser preference, not part of a shared view.
const COLLAPSED_KEY = 'cen-explorer:charts-collapsed';

export function loadChartsCollapsed(
  storage: Storage | undefined = globalThis.localStorage,
): boolean {
  try {
    return storage?.getItem(COLLAPSED_KEY) === '1';
  } catch {
    // Storage blocked: the charts show.
    return false;
  }
}

export function saveChartsCollapsed(
  collapsed: boolean,
  storage: Storage | undefined = globalThis.localStorage,
): void {
  try {
    if (collapsed) storage?.setItem(COLLAPSED_KEY, '1');
    else storage?.removeItem(COLLAPSED_KEY);
  } catch {
    // Storage disabled: the charts show again next time.
  }
}
