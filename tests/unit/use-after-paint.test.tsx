// @vitest-environment jsdom
// The figures' value follows the rows one painted frame late, and waiting shows at once.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAfterPaint } from '@/lib/use-after-paint';

let frames: FrameRequestCallback[] = [];
/** Runs the animation frames asked for so far (one frame of the page). */
const nextFrame = () =>
  act(() => {
    const due = frames;
    frames = [];
    for (const callback of due) callback(performance.now());
  });

beforeEach(() => {
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    frames.push(callback);
    return frames.length;
  });
  vi.stubGlobal('cancelAnimationFrame', () => {
    frames = [];
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function Shown({ value }: { value: string | null }) {
  const shown = useAfterPaint(value);
  return <p>{shown ?? 'esperando'}</p>;
}

describe('useAfterPaint', () => {
  it('shows the value it opens with at once', () => {
    render(<Shown value="a" />);
    expect(screen.getByText('a')).toBeTruthy();
  });

  it('shows a new value only after the frame that follows its change', async () => {
    const view = render(<Shown value="a" />);
    view.rerender(<Shown value="b" />);
    expect(screen.getByText('a')).toBeTruthy();
    await nextFrame();
    expect(screen.getByText('a')).toBeTruthy();
    await nextFrame();
    expect(screen.getByText('b')).toBeTruthy();
  });

  it('shows waiting (null) at once, and never a value replaced before its frame', async () => {
    const view = render(<Shown value="a" />);
    view.rerender(<Shown value={null} />);
    expect(screen.getByText('esperando')).toBeTruthy();
    view.rerender(<Shown value="b" />);
    view.rerender(<Shown value="c" />);
    await nextFrame();
    await nextFrame();
    expect(screen.getByText('c')).toBeTruthy();
    expect(screen.queryByText('b')).toBeNull();
  });
});
