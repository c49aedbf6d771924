import { describe, expect, it } from 'vitest';
import type { NonconformityItem } from '@/contract/item';
import { KeptKeys, keyHash, pageKeyHashes, rowKey } from '@/features/rows/row-keys';

const item = (fields: Partial<NonconformityItem>) => fields as NonconformityItem;

describe('row keys', () => {
  it('is IdCaso when there is one, else page and position', () => {
    expect(rowKey(item({ IdCaso: 'DC-1' }), 3, 7)).toBe('DC-1');
    expect(rowKey(item({ IdCaso: '' }), 3, 7)).toBe('3:7');
    expect(rowKey(item({}), 0, 0)).toBe('0:0');
  });

  it('hashes to a 30-bit integer, the same for the same key', () => {
    for (const key of ['', 'DC-0000-000001', '3:7', 'Ñuble ✓']) {
      const hash = keyHash(key);
      expect(Number.isInteger(hash)).toBe(true);
      expect(hash).toBeGreaterThanOrEqual(0);
      expect(hash).toBeLessThan(2 ** 30);
      expect(keyHash(`${key}`)).toBe(hash);
    }
    expect(keyHash('DC-1')).not.toBe(keyHash('DC-2'));
  });

  it("hashes a page's row keys in order", () => {
    const page = { page: 2, items: [item({ IdCaso: 'A' }), item({})] };
    expect([...pageKeyHashes(page)]).toEqual([keyHash('A'), keyHash('2:1')]);
  });
});

describe('KeptKeys', () => {
  it('tells a key kept before, and keeps apart different keys with one hash', () => {
    const kept = new KeptKeys();
    expect(kept.add('a', 1)).toBe(true);
    expect(kept.add('b', 1)).toBe(true);
    expect(kept.add('c', 1)).toBe(true);
    expect(kept.add('a', 1)).toBe(false);
    expect(kept.add('b', 1)).toBe(false);
    expect(kept.add('d', 2)).toBe(true);
    expect(kept.add('d', 2)).toBe(false);
  });

  it('forgets keys newest first, and keeps them again after', () => {
    const kept = new KeptKeys();
    kept.add('a', 1);
    kept.add('b', 1);
    kept.add('c', 2);
    kept.delete('c', 2);
    kept.delete('b', 1);
    expect(kept.add('a', 1)).toBe(false);
    expect(kept.add('b', 1)).toBe(true);
    expect(kept.add('c', 2)).toBe(true);
    kept.delete('c', 2);
    kept.delete('b', 1);
    kept.delete('a', 1);
    expect(kept.add('b', 1)).toBe(true);
    expect(kept.add('a', 1)).toBe(true);
    expect(kept.add('b', 1)).toBe(false);
  });
});
