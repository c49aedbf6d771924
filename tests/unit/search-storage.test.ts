import type { PersistedQuery } from '@tanstack/react-query-persist-client';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  entriesToEvict,
  type KeyValueStore,
  pagedSearchStorage,
  SEARCH_CACHE_MAX_ENTRIES,
  SEARCH_CACHE_MAX_ROWS,
} from '@/features/fetching/storage/paged-search-storage';
import { searchPersister } from '@/features/fetching/storage/search-persister';
import {
  DEFAULT_COST_THRESHOLD,
  loadCostThreshold,
  saveCostThreshold,
} from '@/features/search/search-preferences';
import { pageRequestBody, type SearchInput, searchKey } from '@/features/search-input/search-input';
import { seedSearch } from '../support/fixtures/requests';
import { MemoryStorage } from '../support/memory-storage';

const COST_KEY = 'cen-explorer:cost-threshold';

const withStored = (value: string) => {
  const storage = new MemoryStorage();
  storage.setItem(COST_KEY, value);
  return storage;
};

describe('cost threshold preference', () => {
  it('defaults to 50 when nothing is stored or there is no storage', () => {
    expect(DEFAULT_COST_THRESHOLD).toBe(50);
    expect(loadCostThreshold(new MemoryStorage())).toBe(50);
    expect(loadCostThreshold(undefined)).toBe(50);
  });

  it('reads back a saved threshold, 0 included (always ask)', () => {
    for (const value of [0, 1, 120, 5000]) {
      const storage = new MemoryStorage();
      saveCostThreshold(value, storage);
      expect(loadCostThreshold(storage)).toBe(value);
    }
  });

  it('falls back to 50 for a stored value that is not a whole number ≥ 0', () => {
    for (const bad of ['abc', '-5', '2.5', 'NaN', 'Infinity', '', '   ']) {
      expect(loadCostThreshold(withStored(bad)), JSON.stringify(bad)).toBe(50);
    }
  });

  it('survives a storage that throws', () => {
    const storage = new MemoryStorage(true);
    expect(loadCostThreshold(storage)).toBe(50);
    expect(() => saveCostThreshold(10, storage)).not.toThrow();
  });
});

const search = (overrides: Partial<SearchInput> = {}) =>
  seedSearch({ to: '2024-01-31', ...overrides });

describe('searchKey', () => {
  it('is the same for the same RUT, dates and rows per page', () => {
    expect(searchKey(search())).toBe(searchKey(search()));
  });

  it('changes when anything that changes the billed requests changes', () => {
    const base = searchKey(search());
    const others = [
      search({ rut: { body: '12345678', dv: '5' } }),
      search({ from: '2019-11-15' }),
      search({ to: '2024-02-01' }),
      search({ rowsPerPage: 1000 }),
    ].map(searchKey);
    for (const key of others) expect(key).not.toBe(base);
    expect(new Set(others).size).toBe(others.length);
  });
});

describe('pageRequestBody', () => {
  it('sends the API its own form: MM/DD/YYYY dates, bare RUT body, numbers as text', () => {
    expect(pageRequestBody(search(), 3)).toEqual({
      RequestData: {
        FechaCreacionDelCasoDesde: '11/14/2019',
        FechaCreacionDelCasoHasta: '01/31/2024',
        RutDeudor: '76999999',
        Filas: '200',
        Paginas: '3',
      },
    });
  });

  it('asks for the given page with the given rows per page', () => {
    const body = pageRequestBody(search({ rowsPerPage: 1000 }), 1);
    expect(body.RequestData.Filas).toBe('1000');
    expect(body.RequestData.Paginas).toBe('1');
    expect(body).not.toHaveProperty('CallbackUrl');
  });
});

describe('search persister', () => {
  it('is off where there is no IndexedDB (node)', () => {
    expect(typeof indexedDB).toBe('undefined');
    expect(searchPersister).toBeNull();
  });
});

describe('entriesToEvict', () => {
  const at = (key: string, savedAt: number, rows = 100) => ({ key, rows, savedAt });

  it('keeps everything within 20 entries and 400,000 rows', () => {
    expect(SEARCH_CACHE_MAX_ENTRIES).toBe(20);
    expect(SEARCH_CACHE_MAX_ROWS).toBe(400_000);
    expect(entriesToEvict([])).toEqual([]);
    const twenty = Array.from({ length: 20 }, (_, i) => at(`k${i}`, i, 20_000));
    expect(entriesToEvict(twenty)).toEqual([]);
  });

  it('evicts the oldest beyond 20 entries, whatever the index order', () => {
    const entries = Array.from({ length: 23 }, (_, i) => at(`k${i}`, 1_000 + i));
    // The index is not kept sorted: the oldest sit in the middle and at the end here.
    const shuffled = [...entries.slice(12), ...entries.slice(0, 2), ...entries.slice(3, 12)];
    shuffled.push(entries[2] ?? at('k2', 1_002));
    expect(entriesToEvict(shuffled).sort()).toEqual(['k0', 'k1', 'k2']);
  });

  it('evicts older entries once the rows would pass 400,000', () => {
    const index = [at('old', 1, 1), at('mid', 2, 100_000), at('new', 3, 300_000)];
    expect(entriesToEvict(index)).toEqual(['old']);
    // Exactly at the bound is still kept.
    expect(entriesToEvict([at('a', 1, 100_000), at('b', 2, 300_000)])).toEqual([]);
  });

  it('does not keep a single search larger than the row bound', () => {
    expect(entriesToEvict([at('small', 1, 10), at('huge', 2, 400_001)])).toEqual(['huge', 'small']);
  });

  it('always keeps the newest entries that fit, and only those', () => {
    const indexArb = fc
      .uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 40 })
      .chain((times) =>
        fc.tuple(
          fc.constant(times),
          fc.array(fc.integer({ min: 0, max: 150_000 }), {
            minLength: times.length,
            maxLength: times.length,
          }),
        ),
      )
      .map(([times, rows]) => times.map((t, i) => at(`k${t}`, t, rows[i] ?? 0)));
    fc.assert(
      fc.property(indexArb, (index) => {
        const evicted = new Set(entriesToEvict(index));
        const kept = index.filter((e) => !evicted.has(e.key));
        expect(kept.length).toBeLessThanOrEqual(20);
        expect(kept.reduce((sum, e) => sum + e.rows, 0)).toBeLessThanOrEqual(400_000);
        // Kept ones are all newer than every evicted one.
        const oldestKept = Math.min(...kept.map((e) => e.savedAt));
        for (const e of index) if (evicted.has(e.key)) expect(e.savedAt).toBeLessThan(oldestKept);
        // Nothing is evicted while the bounds hold.
        const total = index.reduce((sum, e) => sum + e.rows, 0);
        if (index.length <= 20 && total <= 400_000) expect(evicted.size).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});

/** A Map behind the key-value interface, recording what was written. */
function mapStore() {
  const map = new Map<string, unknown>();
  const kv: KeyValueStore = {
    get: async <T>(key: string) => map.get(key) as T | undefined,
    set: async (key, value) => {
      map.set(key, value);
    },
    setMany: async (entries) => {
      for (const [key, value] of entries) map.set(key, value);
    },
    getMany: async <T>(keys: string[]) => keys.map((key) => map.get(key) as T | undefined),
    del: async (key) => {
      map.delete(key);
    },
    delMany: async (keys) => {
      for (const key of keys) map.delete(key);
    },
  };
  return { map, kv };
}

const persisted = (pages: { items: unknown[] }[], extra: Record<string, unknown> = {}) =>
  ({
    buster: 'v2',
    queryHash: '["cenhub-search","k"]',
    queryKey: ['cenhub-search', 'k'],
    state: { data: { total: 3, pages, ...extra }, dataUpdatedAt: 1, status: 'success' },
  }) as unknown as PersistedQuery;

const pageOf = (page: number, ids: string[]) => ({
  page,
  total: 3,
  items: ids.map((IdCaso) => ({ IdCaso, Descripcion: 'Ñandú "=1+1"' })),
});

/** An idle period with plenty of time. */
const roomy = async () => ({ timeRemaining: () => 50 });

describe('paged search storage', () => {
  it('reads back exactly what it stored, page by page', async () => {
    const { kv, map } = mapStore();
    const storage = pagedSearchStorage(kv, roomy);
    const value = persisted([pageOf(0, ['a', 'b']), pageOf(1, ['c'])], { requests: 2 });
    await storage.setItem('search-1', value);
    expect(await storage.getItem('search-1')).toEqual(value);
    // Each page is its own entry, a Blob of its JSON text; the manifest holds no rows.
    const page0 = map.get('search-1|page:0');
    expect(page0).toBeInstanceOf(Blob);
    expect(JSON.parse(await (page0 as Blob).text()).items).toHaveLength(2);
    expect(JSON.stringify(map.get('search-1'))).not.toContain('"IdCaso"');
  });

  it('writes in idle periods: several pages in a long one, a new period when one runs out', async () => {
    const { kv } = mapStore();
    let periods = 0;
    const counting = (remaining: number) => async () => {
      periods++;
      return { timeRemaining: () => remaining };
    };
    const pages = [pageOf(0, ['a']), pageOf(1, ['b']), pageOf(2, ['c'])];
    await pagedSearchStorage(kv, counting(50)).setItem('s', persisted(pages));
    expect(periods).toBe(1);
    periods = 0;
    await pagedSearchStorage(kv, counting(0)).setItem('t', persisted(pages));
    expect(periods).toBe(4);
  });

  it('shows the old search or the new one while it is rewritten, never a mix', async () => {
    const { kv } = mapStore();
    let release: () => void = () => {};
    let paused = false;
    const storage = pagedSearchStorage(kv, () =>
      paused
        ? new Promise((resolve) => (release = () => resolve({ timeRemaining: () => 50 })))
        : roomy(),
    );
    await storage.setItem('s', persisted([pageOf(0, ['a']), pageOf(1, ['b'])]));
    paused = true;
    const rewrite = storage.setItem('s', persisted([pageOf(0, ['x']), pageOf(1, ['y'])]));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const idsOf = async () => {
      const data = (await storage.getItem('s'))?.state.data as
        | { pages: { items: { IdCaso: string }[] }[] }
        | undefined;
      return data?.pages.flatMap((p) => p.items.map((i) => i.IdCaso));
    };
    expect(await idsOf()).toEqual(['a', 'b']);
    paused = false;
    release();
    await rewrite;
    expect(await idsOf()).toEqual(['x', 'y']);
  });

  it('answers nothing for an entry of the older format, or with a page missing', async () => {
    const { kv, map } = mapStore();
    const storage = pagedSearchStorage(kv, roomy);
    map.set('old', persisted([pageOf(0, ['a'])]));
    expect(await storage.getItem('old')).toBeUndefined();
    await storage.setItem('s', persisted([pageOf(0, ['a']), pageOf(1, ['b'])]));
    map.delete('s|page:1');
    expect(await storage.getItem('s')).toBeUndefined();
  });

  it('deletes an evicted search with all its pages', async () => {
    const { kv, map } = mapStore();
    const storage = pagedSearchStorage(kv, roomy);
    vi.useFakeTimers({ toFake: ['Date'] });
    for (let i = 0; i <= SEARCH_CACHE_MAX_ENTRIES; i++) {
      vi.setSystemTime(1_000 + i);
      await storage.setItem(`s${i}`, persisted([pageOf(0, ['a']), pageOf(1, ['b'])]));
    }
    vi.useRealTimers();
    expect(map.has('s0')).toBe(false);
    expect(map.has('s0|page:0')).toBe(false);
    expect(map.has('s0|page:1')).toBe(false);
    expect(map.has(`s${SEARCH_CACHE_MAX_ENTRIES}|page:1`)).toBe(true);
    await storage.removeItem('s1');
    expect([...map.keys()].some((key) => key.startsWith('s1|') || key === 's1')).toBe(false);
  });
});
