import { describe, expect, it } from 'vitest';
import { clipText } from '@/lib/text';

describe('clipText', () => {
  it('keeps text up to the limit as it is', () => {
    expect(clipText('', 3)).toBe('');
    expect(clipText('abc', 3)).toBe('abc');
  });

  it('cuts longer text at the limit and marks the cut', () => {
    expect(clipText('abcdef', 3)).toBe('abc…');
    expect(clipText('x'.repeat(5_000_000), 1000)).toHaveLength(1001);
  });

  it('never splits a surrogate pair (an emoji stays whole or goes)', () => {
    expect(clipText('ab😀cd', 3)).toBe('ab…');
    expect(clipText('ab😀cd', 4)).toBe('ab😀…');
  });
});
