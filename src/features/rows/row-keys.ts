// The key that de-duplicates rows, and a small hash of it. The hash is computed where a
// page is read (the page worker): on the main thread, a Set of 100,000 fresh strings
// hashes each one and costs ~50 ms, a Map keyed by small integers a third of that.
import type { NonconformityItem } from '@/contract/item';

/** IdCaso when present, else `page:position` (stable across re-reads of the same page). */
export function rowKey(item: NonconformityItem, page: number, position: number): string {
  return typeof item.IdCaso === 'string' && item.IdCaso !== ''
    ? item.IdCaso
    : `${page}:${position}`;
}

/** FNV-1a of the key's UTF-16 units, cut to 30 bits: a small integer to V8, never boxed. */
export function keyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash & 0x3fffffff;
}

/** The hash of each item's row key, in order. */
export function pageKeyHashes(page: { page: number; items: readonly NonconformityItem[] }) {
  const { items } = page;
  const hashes = new Uint32Array(items.length);
  for (let i = 0; i < items.length; i++) {
    hashes[i] = keyHash(rowKey(items[i] as NonconformityItem, page.page, i));
  }
  return hashes;
}

/**
 * The keys of the rows kept so far. A key is looked up by its hash first; only a second
 * key with the same hash (a duplicate, or a rare collision) compares strings.
 */
export class KeptKeys {
  /** The first key kept with each hash. */
  readonly #byHash = new Map<number, string>();
  /** Keys kept whose hash an earlier, different key already had. */
  readonly #collided = new Set<string>();

  /** Keeps the key; false when it was kept already. */
  add(key: string, hash: number): boolean {
    const first = this.#byHash.get(hash);
    if (first === undefined) {
      this.#byHash.set(hash, key);
      return true;
    }
    if (first === key) return false;
    const before = this.#collided.size;
    this.#collided.add(key);
    return this.#collided.size !== before;
  }

  /**
   * Forgets a key. Keys must be forgotten newest first (as a suffix of what was added is
   * dropped): a collided key then goes before the first key of its hash.
   */
  delete(key: string, hash: number): void {
    if (!this.#collided.delete(key) && this.#byHash.get(hash) === key) this.#byHash.delete(hash);
  }
}
