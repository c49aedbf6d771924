// Where complete searches are kept between visits: one small manifest per search and each
// page as its own JSON text in a Blob. Texts and Blobs are made in idle moments, several
// pages per moment, then written in one transaction, so a reader sees the old search or the
// new one, never half of each. A Blob, not the text itself: IndexedDB clones a string into
// the transaction on the calling task, all pages at once, while a Blob is handed over as a
// reference, and the one transaction stays short.
import type { PersistedQuery } from '@tanstack/react-query-persist-client';
import type { PageData } from '@/features/rows/page-data';
import type { IdlePeriod } from '@/lib/idle';

/** The few operations of a key-value store (idb-keyval's, or a Map in tests). */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  /** All in one transaction. */
  setMany(entries: [string, unknown][]): Promise<void>;
  /** All in one transaction: a search of 100 pages is one read, not 100. */
  getMany<T>(keys: string[]): Promise<(T | undefined)[]>;
  del(key: string): Promise<void>;
  /** All in one transaction. */
  delMany(keys: string[]): Promise<void>;
}

export const SEARCH_CACHE_MAX_AGE_MS = 24 * 60 * 60_000;
export const SEARCH_CACHE_MAX_ENTRIES = 20;
/** About 200 MB of rows at most on disk. */
export const SEARCH_CACHE_MAX_ROWS = 400_000;

const INDEX_KEY = '__index__';

interface IndexEntry {
  key: string;
  rows: number;
  pages: number;
  savedAt: number;
}

interface Manifest {
  /** The persisted query with its pages taken out (they are stored one by one). */
  query: PersistedQuery;
  pages: number;
}

interface WithPages {
  pages?: { items: unknown[] }[];
}

const pageKey = (key: string, page: number) => `${key}|page:${page}`;

/** Keeps the newest entries within the bounds; returns the keys to delete. */
export function entriesToEvict(index: readonly Pick<IndexEntry, 'key' | 'rows' | 'savedAt'>[]) {
  const newestFirst = [...index].sort((a, b) => b.savedAt - a.savedAt);
  const evict: string[] = [];
  let rows = 0;
  newestFirst.forEach((entry, position) => {
    rows += entry.rows;
    if (position >= SEARCH_CACHE_MAX_ENTRIES || rows > SEARCH_CACHE_MAX_ROWS) evict.push(entry.key);
  });
  return evict;
}

/** Leaves this much of an idle period unused: about one page of 1,000 cases' text and Blob. */
const IDLE_MARGIN_MS = 8;

/** A page's text as stored: a Blob where there are Blobs. */
const toStored = (text: string): Blob | string =>
  typeof Blob === 'function' ? new Blob([text], { type: 'application/json' }) : text;

/** A stored page's text; undefined when it is missing or not a page. */
async function storedText(value: unknown): Promise<string | undefined> {
  if (typeof value === 'string') return value;
  if (typeof Blob === 'function' && value instanceof Blob) return value.text();
  return undefined;
}

export function pagedSearchStorage(kv: KeyValueStore, nextIdle: () => Promise<IdlePeriod>) {
  let queue: Promise<unknown> = Promise.resolve();
  // Writes run one after another so two saves never lose each other's index entry.
  const serially = <T>(task: () => Promise<T>) => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };
  const readIndex = async () => (await kv.get<IndexEntry[]>(INDEX_KEY)) ?? [];
  // The keys on disk, read once: a search that was never saved (the usual new search) then
  // starts its first request without waiting for a database read (~10–30 ms).
  let savedKeys: Promise<Set<string>> | null = null;
  const knownKeys = () => {
    savedKeys ??= readIndex().then(
      (index) => new Set(index.map((entry) => entry.key)),
      () => new Set<string>(),
    );
    return savedKeys;
  };
  const remember = async (keys: readonly string[], forget: readonly string[] = []) => {
    const known = await knownKeys();
    for (const key of forget) known.delete(key);
    for (const key of keys) known.add(key);
  };
  const forget = (key: string, pages: number) =>
    kv.delMany([key, ...Array.from({ length: pages }, (_, page) => pageKey(key, page))]);

  return {
    /** Reads the index ahead of the first search (call it at start). */
    prepare: () => void knownKeys(),
    async getItem(key: string): Promise<PersistedQuery | undefined> {
      if (!(await knownKeys()).has(key)) return undefined;
      const manifest = await kv.get<Manifest>(key);
      // Absent, or written by an older version of this storage.
      if (!manifest?.query || !Number.isInteger(manifest.pages)) return undefined;
      const stored = await kv.getMany<unknown>(
        Array.from({ length: manifest.pages }, (_, page) => pageKey(key, page)),
      );
      const texts = await Promise.all(stored.map(storedText));
      if (texts.some((text) => text === undefined)) return undefined;
      const data = manifest.query.state.data as WithPages | undefined;
      if (!data) return manifest.query;
      return {
        ...manifest.query,
        state: {
          ...manifest.query.state,
          data: { ...data, pages: texts.map((text) => JSON.parse(text as string)) },
        },
      };
    },

    setItem: (key: string, value: PersistedQuery) =>
      serially(async () => {
        const data = value.state.data as WithPages | undefined;
        const pages = data?.pages ?? [];
        const entries: [string, unknown][] = [];
        let idle = await nextIdle();
        for (let page = 0; page < pages.length; page++) {
          if (idle.timeRemaining() < IDLE_MARGIN_MS) idle = await nextIdle();
          // What the worker derived is left out: restored pages derive it again.
          const {
            dates: _dates,
            fields: _fields,
            keyHashes: _keyHashes,
            ...stored
          } = pages[page] as PageData;
          entries.push([pageKey(key, page), toStored(JSON.stringify(stored))]);
        }
        const query: PersistedQuery = data
          ? { ...value, state: { ...value.state, data: { ...data, pages: [] } } }
          : value;
        entries.push([key, { query, pages: pages.length } satisfies Manifest]);
        await kv.setMany(entries);
        const rows = pages.reduce((sum, page) => sum + page.items.length, 0);
        const index = (await readIndex()).filter((entry) => entry.key !== key);
        index.push({ key, rows, pages: pages.length, savedAt: Date.now() });
        const evict = new Set(entriesToEvict(index));
        for (const entry of index) if (evict.has(entry.key)) await forget(entry.key, entry.pages);
        await kv.set(
          INDEX_KEY,
          index.filter((entry) => !evict.has(entry.key)),
        );
        await remember([key], [...evict]);
      }),

    removeItem: (key: string) =>
      serially(async () => {
        const index = await readIndex();
        const entry = index.find((e) => e.key === key);
        await forget(key, entry?.pages ?? 0);
        await kv.set(
          INDEX_KEY,
          index.filter((e) => e.key !== key),
        );
        await remember([], [key]);
      }),
  };
}
