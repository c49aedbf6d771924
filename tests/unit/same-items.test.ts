import { describe, expect, it } from 'vitest';
import { sameItems } from '@/lib/same-items';

describe('sameItems', () => {
  it('compares lists item by item, in order', () => {
    expect(sameItems([], [])).toBe(true);
    expect(sameItems(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameItems(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameItems(['a'], ['a', 'a'])).toBe(false);
    expect(sameItems([Number.NaN], [Number.NaN])).toBe(true);
  });

  it('compares items the way it is told', () => {
    const byId = (x: { id: number }, y: { id: number }) => x.id === y.id;
    expect(sameItems([{ id: 1 }], [{ id: 1 }])).toBe(false);
    expect(sameItems([{ id: 1 }], [{ id: 1 }], byId)).toBe(true);
  });
});
