// Charts drawn one per task: recharts lays out a chart (measuring its labels, building its
// axes) in one go, so no single task draws them all and holds up a click.
import { useEffect, useState } from 'react';

/** False until `turn` tasks after the first draw: turn 0 draws at once, turn 1 a task later. */
export function useDrawTurn(turn: number): boolean {
  const [drawn, setDrawn] = useState(turn === 0);
  useEffect(() => {
    if (drawn) return;
    let left = turn;
    let timer: ReturnType<typeof setTimeout>;
    // One timer after another: each chart's render gets a task of its own in between.
    const step = () => {
      left -= 1;
      if (left <= 0) setDrawn(true);
      else timer = setTimeout(step, 0);
    };
    timer = setTimeout(step, 0);
    return () => clearTimeout(timer);
  }, [drawn, turn]);
  return drawn;
}
