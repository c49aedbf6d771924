// A value shown one painted frame after it changes: what follows the rows (the figures) waits
// for the rows' frame to be on screen.
import { startTransition, useEffect, useState } from 'react';

/**
 * `value` once the frame after its change has painted (null at once): the table's rows
 * paint before the figures follow them, at the end of a load as after a keystroke in the
 * search (the KPIs' pass and the charts' render, 15–40 ms on 100,000 rows, would otherwise
 * run before the rows the user waited for are on screen). A view that opens with its value
 * shows it at once.
 */
export function useAfterPaint<T>(value: T | null): T | null {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (value === null) {
      setShown(null);
      return;
    }
    // The second frame's callback runs once the first frame, with the rows, has painted.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => startTransition(() => setShown(value)));
    });
    return () => cancelAnimationFrame(frame);
  }, [value]);
  return value === null ? null : shown;
}
