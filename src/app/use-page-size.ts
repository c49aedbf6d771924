// The page size the cost question may change, and the fall back to the default size when
// the upstream refuses a larger one (remembered per upstream, so it is not offered again).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { LARGE_PAGE_ROWS, refusedPageSize } from '@/features/fetching/engine/page-size';
import type { NonconformitiesSearch } from '@/features/fetching/engine/use-nonconformities-search';
import {
  isPageSizeRefused,
  rememberPageSizeRefusal,
} from '@/features/fetching/storage/page-size-refusals';
import type { PageSizeChoice } from '@/features/fetching/ui/search-status';
import { useHealth } from '@/features/health/get-health';
import { DEFAULT_ROWS_PER_PAGE } from '@/features/search/search-params';
import { type SearchInput, searchKey } from '@/features/search-input/search-input';

export function usePageSize(
  search: SearchInput | null,
  nonconformities: NonconformitiesSearch,
  /** Runs a search at another size; `confirmed` when its cost was agreed to. */
  runAt: (next: SearchInput, confirmed: boolean) => void,
): PageSizeChoice | null {
  const upstream = useHealth().data?.upstream ?? 'unknown';
  const [refusals, setRefusals] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read again after each refusal kept
  const largeRefused = useMemo(
    () => isPageSizeRefused(upstream, LARGE_PAGE_ROWS),
    [upstream, refusals],
  );
  const [fallback, setFallback] = useState<{ key: string; from: number } | null>(null);

  const { answerConfirmation } = nonconformities;
  // The size each larger-page search was chosen from: a refusal goes back to it (its page 0
  // is already read there), not to a size the user never picked.
  const chosenFrom = useRef(new Map<string, number>());
  const onChoose = useCallback(
    (rowsPerPage: number) => {
      if (!search) return;
      // The question at this size ends declined: nothing more is read at it.
      answerConfirmation(false);
      const next = { ...search, rowsPerPage };
      chosenFrom.current.set(searchKey(next), search.rowsPerPage);
      runAt(next, true);
    },
    [search, answerConfirmation, runAt],
  );

  // Once per refused search: going back to it shows its failure, it does not run again.
  const handled = useRef(new Set<string>());
  const paging = nonconformities.run?.paging;
  const refused =
    search !== null &&
    search.rowsPerPage > DEFAULT_ROWS_PER_PAGE &&
    !nonconformities.isRunning &&
    paging !== undefined &&
    refusedPageSize(paging);
  useEffect(() => {
    if (!refused || !search) return;
    const key = searchKey(search);
    if (handled.current.has(key)) return;
    handled.current.add(key);
    // Kept only for a known upstream: under "unknown" it would not stop the next offer.
    if (upstream !== 'unknown') {
      rememberPageSizeRefusal(upstream, search.rowsPerPage);
      setRefusals((n) => n + 1);
    }
    const back = chosenFrom.current.get(key) ?? DEFAULT_ROWS_PER_PAGE;
    const next = { ...search, rowsPerPage: back };
    setFallback({ key: searchKey(next), from: search.rowsPerPage });
    // Its cost is asked again: the user agreed to the larger pages' count, not this one.
    runAt(next, false);
  }, [refused, search, upstream, runAt]);

  const refusedFrom =
    search && fallback && fallback.key === searchKey(search) ? fallback.from : null;
  return useMemo(
    () =>
      search ? { rowsPerPage: search.rowsPerPage, largeRefused, refusedFrom, onChoose } : null,
    [search, largeRefused, refusedFrom, onChoose],
  );
}
