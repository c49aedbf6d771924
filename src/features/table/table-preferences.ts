// Per-browser ways of reading the table that are not part of a shared view.
const PIN_CASE_KEY = 'cen-explorer:pin-case-column';

/** The case column stays at the left while the table scrolls sideways (the default). */
export function loadCaseColumnPinned(storage: Storage | undefined = globalThis.localStorage) {
  try {
    return storage?.getItem(PIN_CASE_KEY) !== 'no';
  } catch {
    return true;
  }
}

export function saveCaseColumnPinned(
  pinned: boolean,
  storage: Storage | undefined = globalThis.localStorage,
): void {
  try {
    storage?.setItem(PIN_CASE_KEY, pinned ? 'yes' : 'no');
  } catch {
    // Storage disabled: the default applies next time.
  }
}
