// Page sizes an upstream refused, kept in the browser per upstream, so the cost question
// does not offer again a size the API will refuse (and bill a refused page 0 for).
const REFUSALS_KEY = 'cen-explorer:page-size-refusals';

/** The given storage, else the browser's; reading `localStorage` throws where site data is blocked. */
function storageOr(storage: Storage | undefined): Storage | undefined {
  return storage ?? globalThis.localStorage;
}

/** Upstream → the smallest page size it refused. */
function readRefusals(storage: Storage | undefined): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(storageOr(storage)?.getItem(REFUSALS_KEY) ?? '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, number>)
      : {};
  } catch {
    return {};
  }
}

/** Whether this upstream refused pages of `rowsPerPage` rows (or fewer) before. */
export function isPageSizeRefused(
  upstream: string,
  rowsPerPage: number,
  storage?: Storage,
): boolean {
  const refused = readRefusals(storage)[upstream];
  return typeof refused === 'number' && rowsPerPage >= refused;
}

export function rememberPageSizeRefusal(
  upstream: string,
  rowsPerPage: number,
  storage?: Storage,
): void {
  const refusals = readRefusals(storage);
  const known = refusals[upstream];
  if (typeof known === 'number' && known <= rowsPerPage) return;
  try {
    storageOr(storage)?.setItem(
      REFUSALS_KEY,
      JSON.stringify({ ...refusals, [upstream]: rowsPerPage }),
    );
  } catch {
    // Storage disabled: the size is offered again, and the fallback repeats.
  }
}
