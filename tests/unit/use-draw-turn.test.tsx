// @vitest-environment jsdom
// Charts take their turns: one drawn per task, none left waiting once gone.
import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useDrawTurn } from '@/features/charts/use-draw-turn';

afterEach(() => vi.useRealTimers());

describe('useDrawTurn', () => {
  it('draws turn 0 at once and turn n after n tasks', () => {
    vi.useFakeTimers();
    const first = renderHook(() => useDrawTurn(0));
    const third = renderHook(() => useDrawTurn(2));
    expect(first.result.current).toBe(true);
    expect(third.result.current).toBe(false);
    act(() => vi.advanceTimersToNextTimer());
    expect(third.result.current).toBe(false);
    act(() => vi.advanceTimersToNextTimer());
    expect(third.result.current).toBe(true);
  });

  it('leaves no timer behind when the chart goes away before its turn', () => {
    vi.useFakeTimers();
    const { unmount } = renderHook(() => useDrawTurn(3));
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
