// Live progress of the searches being read, by search key: what React shows while the
// search query's function is still running (pages so far, cost question, requests sent).
import { initialPagingState, type PagingState } from './paging-engine';

export interface SearchRun {
  paging: PagingState;
  /** HTTP requests this browser sent for the search, over all its runs (retries included). */
  requests: number;
  /** Set while the user is asked whether to pay for the rest. */
  pendingConfirmation: boolean;
}

type Listener = () => void;

/**
 * Progress reaches React at most this often while pages arrive (a 100,000-case search
 * has 100 arrivals; re-rendering the view for each would slow the reading itself).
 * A change of phase is always told at once.
 */
export const PROGRESS_INTERVAL_MS = 150;
/**
 * For a large search, progress comes less often: each update re-renders a view of tens of
 * thousands of rows (virtualizer measurements, figures), and 2 updates a second still show
 * the bar moving.
 */
const LARGE_SEARCH_ROWS = 20_000;
const LARGE_PROGRESS_INTERVAL_MS = 500;

function progressInterval(total: number | null): number {
  return total !== null && total >= LARGE_SEARCH_ROWS
    ? LARGE_PROGRESS_INTERVAL_MS
    : PROGRESS_INTERVAL_MS;
}

export class SearchRunStore {
  readonly #runs = new Map<string, SearchRun>();
  readonly #listeners = new Set<Listener>();
  readonly #confirmations = new Map<string, (goOn: boolean) => void>();

  subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  get(key: string): SearchRun | undefined {
    return this.#runs.get(key);
  }

  #timer: ReturnType<typeof setTimeout> | null = null;
  #lastNotified = 0;

  #notify(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.#lastNotified = Date.now();
    for (const listener of this.#listeners) listener();
  }

  #set(key: string, run: SearchRun, urgent = true): void {
    this.#runs.set(key, run);
    const interval = progressInterval(run.paging.total);
    if (urgent || Date.now() - this.#lastNotified >= interval) this.#notify();
    else this.#timer ??= setTimeout(() => this.#notify(), interval);
  }

  /**
   * A new run of a search. Its requests add to those of the runs before it (a retry, the rest
   * after a cost question): the count is what the search cost. `recount` starts from zero, for
   * a run that reads every page again ("Actualizar").
   */
  start(key: string, { recount = false }: { recount?: boolean } = {}): void {
    const requests = recount ? 0 : (this.#runs.get(key)?.requests ?? 0);
    this.#set(key, { paging: initialPagingState(), requests, pendingConfirmation: false });
  }

  setPaging(key: string, paging: PagingState): void {
    const run = this.#runs.get(key);
    // The first rows and the phase changes are shown at once; later pages in batches.
    const urgent =
      run !== undefined && (run.paging.phase !== paging.phase || run.paging.loadedPages === 0);
    if (run) this.#set(key, { ...run, paging }, urgent);
  }

  countRequest(key: string): void {
    const run = this.#runs.get(key);
    if (run) this.#set(key, { ...run, requests: run.requests + 1 }, false);
  }

  /** Waits for the user's answer (or the search's end: then no). */
  askConfirmation(key: string, signal: AbortSignal): Promise<boolean> {
    const run = this.#runs.get(key);
    if (run) this.#set(key, { ...run, pendingConfirmation: true });
    return new Promise<boolean>((resolve) => {
      const settle = (goOn: boolean) => {
        this.#confirmations.delete(key);
        signal.removeEventListener('abort', onAbort);
        const current = this.#runs.get(key);
        if (current) this.#set(key, { ...current, pendingConfirmation: false });
        resolve(goOn);
      };
      const onAbort = () => settle(false);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#confirmations.set(key, settle);
    });
  }

  answerConfirmation(key: string, goOn: boolean): void {
    this.#confirmations.get(key)?.(goOn);
  }
}

export const searchRuns = new SearchRunStore();
