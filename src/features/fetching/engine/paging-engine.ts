// Reads every page of one search: page 0 first (it announces the total), then the rest
// with bounded concurrency. Framework-free: React wires `loadPage` to react-query.

import { extentOf, pageLetsSearchGoOn, type SearchExtent } from '@/contract/page-rules';
import { PageError, stopsTheSearch } from '@/features/fetching/api/page-error';
import type { PageData } from '@/features/rows/page-data';

export interface PagingOptions {
  rowsPerPage: number;
  /** Pages requested at once after page 0. */
  concurrency: number;
  /** Above this many requests still to make, ask before making them. */
  costThreshold: number;
}

export interface CostQuestion {
  /** Requests still to make (pages not already cached). */
  remainingRequests: number;
  total: number;
  pageCount: number;
}

export interface PagingDeps {
  loadPage(page: number, signal: AbortSignal): Promise<PageData>;
  /** True when a page is already at hand and costs no request. */
  isCached?(page: number): boolean;
  /** Resolves true to go on; without it, every search goes on. */
  confirmCost?(question: CostQuestion, signal: AbortSignal): Promise<boolean>;
  onUpdate?(state: PagingState): void;
  /**
   * The pages about to be asked for, in order (those after page 0 not cached), under the
   * extent page 0 announced, so they can be fetched ahead; returns what to call once the
   * engine is done with them (called once more on a cancel: it must allow being called twice).
   */
  planPages?(pages: readonly number[], extent: SearchExtent): () => void;
  /** Resolves once the page has painted what `onUpdate` last gave it (or soon after). */
  nextPaint?(): Promise<void>;
}

/**
 * Page 0 answered faster than this: the machine sets the pace, not the network. Its rows
 * then paint before the rest is asked for (they would otherwise share the two cores with
 * the next pages' reading, ~3× slower); a slower answer lets the rest leave at once.
 */
export const FAST_FIRST_PAGE_MS = 100;

/**
 * `complete`: every page read. `failed`: some pages could not be read (see `failures`,
 * `unrequested`). `stopped`: an empty page came before the announced end. `declined`:
 * the user chose not to pay for the rest. `cancelled`: aborted.
 */
export type PagingPhase =
  | 'loading'
  | 'confirming'
  | 'complete'
  | 'failed'
  | 'stopped'
  | 'declined'
  | 'cancelled';

export interface PageFailure {
  page: number;
  error: PageError;
}

export interface PagingState {
  phase: PagingPhase;
  /** Total announced by page 0. */
  total: number | null;
  pageCount: number | null;
  /** Pages read so far, by index (holes for pages not read). */
  pages: readonly (PageData | undefined)[];
  loadedPages: number;
  failures: readonly PageFailure[];
  /** Pages never requested because the search stopped, was declined or cancelled. */
  unrequested: readonly number[];
  /** The total announced by a later page, when it differs from page 0's. */
  totalChanged: { first: number; latest: number } | null;
  /** The empty page that stopped the paging before the announced end. */
  emptyPageBeforeEnd: number | null;
  /** Requests still to make when the user was asked (phase `confirming` or `declined`). */
  pendingRequests: number | null;
}

export function initialPagingState(): PagingState {
  return {
    phase: 'loading',
    total: null,
    pageCount: null,
    pages: [],
    loadedPages: 0,
    failures: [],
    unrequested: [],
    totalChanged: null,
    emptyPageBeforeEnd: null,
    pendingRequests: null,
  };
}

export async function runPaging(
  options: PagingOptions,
  deps: PagingDeps,
  signal: AbortSignal,
): Promise<PagingState> {
  const pages: (PageData | undefined)[] = [];
  const failures: PageFailure[] = [];
  let state = initialPagingState();
  // The pages array is copied only when a page came: an update without a new page (the
  // final phase, say) keeps its identity, and the rows built from it are not built again.
  let shownPages: number | null = null;
  const emit = (changes: Partial<PagingState>) => {
    const loaded = pages.filter(Boolean).length;
    const samePages = shownPages === loaded && state.pages.length === pages.length;
    state = {
      ...state,
      ...changes,
      pages: samePages ? state.pages : [...pages],
      failures: [...failures],
      loadedPages: loaded,
    };
    shownPages = loaded;
    deps.onUpdate?.(state);
    return state;
  };
  const cancelled = (unrequested: number[]) => emit({ phase: 'cancelled', unrequested });

  emit({ phase: 'loading' });
  let first: PageData;
  const firstAsked = performance.now();
  try {
    first = await deps.loadPage(0, signal);
  } catch (error) {
    if (signal.aborted) return cancelled([0]);
    failures.push({ page: 0, error: asPageError(error) });
    return emit({ phase: 'failed' });
  }
  if (signal.aborted) return cancelled([]);
  pages[0] = first;
  const total = first.total;
  const extent = extentOf(total, options.rowsPerPage);
  const { pageCount } = extent;
  const rest = Array.from({ length: pageCount - 1 }, (_, i) => i + 1);
  emit({ total, pageCount });

  if (!pageLetsSearchGoOn({ page: 0, items: first.items.length }, extent)) {
    return emit({ phase: 'stopped', emptyPageBeforeEnd: 0, unrequested: rest });
  }
  if (rest.length > 0 && deps.nextPaint && performance.now() - firstAsked < FAST_FIRST_PAGE_MS) {
    await deps.nextPaint();
    if (signal.aborted) return cancelled(rest);
  }

  const toRequest = rest.filter((page) => !deps.isCached?.(page)).length;
  if (toRequest > options.costThreshold && deps.confirmCost) {
    emit({ phase: 'confirming', pendingRequests: toRequest });
    const question = { remainingRequests: toRequest, total, pageCount };
    let goOn: boolean;
    try {
      goOn = await deps.confirmCost(question, signal);
    } catch {
      goOn = false;
    }
    if (signal.aborted) return cancelled(rest);
    if (!goOn) return emit({ phase: 'declined', unrequested: rest });
    emit({ phase: 'loading', pendingRequests: null });
  }

  let next = 0;
  let stopLaunching = false;
  let emptyPageBeforeEnd: number | null = null;
  let totalChanged: PagingState['totalChanged'] = null;
  const attempted = new Set<number>();

  const worker = async () => {
    while (!stopLaunching && !signal.aborted && next < rest.length) {
      const page = rest[next++] as number;
      attempted.add(page);
      try {
        const data = await deps.loadPage(page, signal);
        if (signal.aborted) return;
        pages[page] = data;
        if (data.total !== total) totalChanged = { first: total, latest: data.total };
        if (!pageLetsSearchGoOn({ page, items: data.items.length }, extent)) {
          emptyPageBeforeEnd =
            emptyPageBeforeEnd === null ? page : Math.min(emptyPageBeforeEnd, page);
          stopLaunching = true;
        }
        emit({ totalChanged, emptyPageBeforeEnd });
      } catch (error) {
        if (signal.aborted) return;
        failures.push({ page, error: asPageError(error) });
        failures.sort((a, b) => a.page - b.page);
        if (stopsTheSearch(error)) stopLaunching = true;
        emit({});
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, rest.length));
  const endPlan = deps.planPages?.(
    rest.filter((page) => !deps.isCached?.(page)),
    extent,
  );
  // A cancel ends the plan at once: nothing more may leave while the pages in flight settle.
  const endOnAbort = () => endPlan?.();
  signal.addEventListener('abort', endOnAbort, { once: true });
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    signal.removeEventListener('abort', endOnAbort);
    endPlan?.();
  }

  const unrequested = rest.filter((page) => !attempted.has(page));
  if (signal.aborted) {
    return cancelled(rest.filter((page) => pages[page] === undefined));
  }
  if (failures.length > 0) return emit({ phase: 'failed', unrequested });
  if (emptyPageBeforeEnd !== null) return emit({ phase: 'stopped', unrequested });
  return emit({ phase: 'complete', unrequested: [] });
}

function asPageError(error: unknown): PageError {
  if (error instanceof PageError) return error;
  return new PageError({
    kind: 'internal',
    code: 'CLIENTE',
    type: null,
    description: error instanceof Error ? error.message : String(error),
    httpStatus: null,
    operationId: null,
    retryAfterMs: null,
    retryAt: null,
  });
}
