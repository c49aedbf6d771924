import { useEffect } from 'react';
import type { CaseRow } from '@/features/rows/case-rows';
import { warmSearchIndex } from '@/features/view/apply-view';
import { idlePeriod } from '@/lib/idle';

/**
 * Prepares every row's searchable text in idle time once the search has loaded, so the
 * first keystroke in the global search does not pay for 100,000 rows at once.
 */
export function useWarmSearchIndex(rows: readonly CaseRow[], loading: boolean) {
  useEffect(() => {
    if (loading || rows.length === 0) return;
    let cancelled = false;
    void (async () => {
      for (let done = false; !done; ) {
        const idle = await idlePeriod();
        if (cancelled) return;
        done = warmSearchIndex(rows, () => idle.timeRemaining() < 2);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [rows, loading]);
}
