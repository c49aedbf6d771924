// WAIT_4_HOURS_BEFORE_RETRY holds for its search until the time the API gave: kept in the
// browser, so a new try of that search (a reload included) shows the wait instead of paying
// for a request the API will refuse.
import { PageError, type PageErrorDetails } from '@/features/fetching/api/page-error';

const WAITS_KEY = 'cen-explorer:retry-waits';
/** Bound on what is kept: waits are rare, and expired ones are dropped on every write. */
const MAX_WAITS = 200;

type StoredWait = Omit<PageErrorDetails, 'retryAt' | 'retryAfterMs' | 'kind'> & { retryAt: string };

/** The given storage, else the browser's; reading `localStorage` throws where site data is blocked. */
function storageOr(storage: Storage | undefined): Storage | undefined {
  return storage ?? globalThis.localStorage;
}

function readWaits(storage: Storage | undefined): Record<string, StoredWait> {
  try {
    const parsed: unknown = JSON.parse(storageOr(storage)?.getItem(WAITS_KEY) ?? '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, StoredWait>)
      : {};
  } catch {
    return {};
  }
}

/** The wait a search must still honour at `now`, as the error its page gave; null if none. */
export function activeWait(searchKey: string, now: number, storage?: Storage): PageError | null {
  const stored = readWaits(storage)[searchKey];
  if (typeof stored?.retryAt !== 'string') return null;
  const retryAt = new Date(stored.retryAt);
  if (!(retryAt.getTime() > now)) return null;
  return new PageError({
    kind: 'wait-4-hours',
    code: String(stored.code),
    type: stored.type ?? null,
    description: String(stored.description),
    httpStatus: stored.httpStatus ?? null,
    operationId: stored.operationId ?? null,
    retryAfterMs: null,
    retryAt,
  });
}

/** Keeps a page's WAIT_4_HOURS_BEFORE_RETRY for its search; any other error is ignored. */
export function rememberWait(
  searchKey: string,
  error: unknown,
  now: number,
  storage?: Storage,
): void {
  if (!(error instanceof PageError) || error.kind !== 'wait-4-hours' || !error.retryAt) return;
  const kept = Object.entries(readWaits(storage)).filter(
    ([key, wait]) => key !== searchKey && new Date(wait.retryAt).getTime() > now,
  );
  const wait: StoredWait = {
    code: error.code,
    type: error.type,
    description: error.description,
    httpStatus: error.httpStatus,
    operationId: error.operationId,
    retryAt: error.retryAt.toISOString(),
  };
  const waits = Object.fromEntries([...kept.slice(-(MAX_WAITS - 1)), [searchKey, wait]]);
  try {
    storageOr(storage)?.setItem(WAITS_KEY, JSON.stringify(waits));
  } catch {
    // Storage full or disabled: the wait still shows in this run's error.
  }
}
