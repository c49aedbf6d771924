import { describe, expect, it } from 'vitest';
import {
  addRecentSearch,
  choiceOfRecent,
  loadRecentSearches,
  MAX_RECENT_SEARCHES,
  type RecentSearch,
  recentRangeText,
  recentSearchKey,
  recentSearchOf,
  recentSettingsText,
  saveRecentSearches,
} from '@/features/search/recent-searches';
import { MemoryStorage } from '../support/memory-storage';

const STORAGE_KEY = 'cen-explorer:recent-searches';

const entry = (overrides: Partial<RecentSearch> = {}): RecentSearch => ({
  rut: { body: '76999999', dv: 'K' },
  from: '2024-01-01',
  to: '2024-03-31',
  range: null,
  rowsPerPage: 200,
  concurrency: 4,
  name: null,
  at: 1_000,
  ...overrides,
});

/** Eight distinct searches, newest first. */
const fullList = () =>
  Array.from({ length: MAX_RECENT_SEARCHES }, (_, i) =>
    entry({ from: `2024-01-${String(i + 1).padStart(2, '0')}`, at: 100 - i }),
  );

describe('addRecentSearch', () => {
  it('puts a new search first', () => {
    const older = entry({ rut: { body: '11111111', dv: '1' }, at: 1 });
    const newer = entry({ at: 2 });
    expect(addRecentSearch([older], newer)).toEqual([newer, older]);
  });

  it('moves a repeated search first instead of listing it twice', () => {
    const a = entry({ from: '2023-01-01', at: 1 });
    const b = entry({ from: '2023-06-01', at: 2 });
    const again = { ...a, at: 3 };
    const list = addRecentSearch([b, a], again);
    expect(list).toHaveLength(2);
    expect(list[0]).toEqual(again);
    expect(list[1]).toEqual(b);
  });

  it('treats another rows per page, concurrency, date, range or RUT as another search', () => {
    const base = entry();
    for (const other of [
      entry({ rowsPerPage: 1000 }),
      entry({ concurrency: 2 }),
      entry({ range: '12m' }),
      entry({ to: '2024-04-01' }),
      entry({ rut: { body: '12345678', dv: '5' } }),
    ]) {
      expect(addRecentSearch([base], other)).toHaveLength(2);
    }
  });

  it('a quick range is the same search whatever day it ran', () => {
    const monday = entry({ range: '30d', from: '2025-11-02', to: '2025-12-01', at: 1 });
    const tuesday = entry({ range: '30d', from: '2025-11-03', to: '2025-12-02', at: 2 });
    expect(addRecentSearch([monday], tuesday)).toEqual([tuesday]);
  });

  it('keeps the business name already known when the repeat does not bring one', () => {
    const named = entry({ name: 'Eléctrica Andes SpA', at: 1 });
    const list = addRecentSearch([named], entry({ name: null, at: 2 }));
    expect(list).toEqual([entry({ name: 'Eléctrica Andes SpA', at: 2 })]);
  });

  it('takes a newer business name over the stored one', () => {
    const named = entry({ name: 'Nombre antiguo', at: 1 });
    expect(addRecentSearch([named], entry({ name: 'Nombre nuevo', at: 2 }))[0]?.name).toBe(
      'Nombre nuevo',
    );
  });

  it('keeps at most eight searches, dropping the oldest', () => {
    const list = fullList();
    const newest = entry({ from: '2025-01-01', at: 200 });
    const next = addRecentSearch(list, newest);
    expect(MAX_RECENT_SEARCHES).toBe(8);
    expect(next).toHaveLength(8);
    expect(next[0]).toEqual(newest);
    expect(next.slice(1)).toEqual(list.slice(0, 7));
  });

  it('repeating the oldest of a full list keeps all eight', () => {
    const list = fullList();
    const oldest = list[7] as RecentSearch;
    const next = addRecentSearch(list, { ...oldest, at: 500 });
    expect(next).toHaveLength(8);
    expect(next[0]).toEqual({ ...oldest, at: 500 });
    expect(next.slice(1)).toEqual(list.slice(0, 7));
  });

  it('does not change the list it was given', () => {
    const list = [entry({ name: 'X', at: 1 })];
    const copy = structuredClone(list);
    addRecentSearch(list, entry({ at: 2 }));
    expect(list).toEqual(copy);
  });
});

describe('what an entry says and reopens', () => {
  it('a quick range reads as its name and reopens with the dates of the day it is clicked', () => {
    const relative = entry({ range: '12m', from: '2024-01-01', to: '2024-12-31' });
    expect(recentRangeText(relative)).toBe('Últimos 12 meses');
    expect(choiceOfRecent(relative, '2025-12-03')).toEqual({
      search: {
        rut: { body: '76999999', dv: 'K' },
        from: '2024-12-04',
        to: '2025-12-03',
        rowsPerPage: 200,
      },
      concurrency: 4,
      range: '12m',
    });
  });

  it('fixed dates read dd-mm-aaaa and reopen as they were, with their settings', () => {
    const fixed = entry({ rowsPerPage: 1000, concurrency: 2 });
    expect(recentRangeText(fixed)).toBe('01-01-2024 a 31-03-2024');
    expect(choiceOfRecent(fixed, '2025-12-03')).toEqual({
      search: { rut: fixed.rut, from: '2024-01-01', to: '2024-03-31', rowsPerPage: 1000 },
      concurrency: 2,
      range: null,
    });
  });

  it('is made from a search as it was chosen', () => {
    const made = recentSearchOf(
      {
        search: {
          rut: { body: '76999999', dv: 'K' },
          from: '2024-01-01',
          to: '2024-03-31',
          rowsPerPage: 200,
        },
        concurrency: 4,
        range: null,
      },
      null,
      1_000,
    );
    expect(made).toEqual(entry());
  });

  it('says its settings when a twin differs only in them, or when they are not the defaults', () => {
    const plain = entry();
    const wide = entry({ rowsPerPage: 1000, concurrency: 2 });
    const other = entry({ rut: { body: '12345678', dv: '5' } });
    const list = [plain, wide, other];
    expect(recentSettingsText(plain, list)).toBe('200 filas/página · 4 simultáneas');
    expect(recentSettingsText(wide, list)).toBe('1.000 filas/página · 2 simultáneas');
    expect(recentSettingsText(other, list)).toBeNull();
    expect(recentSettingsText(entry({ concurrency: 1 }), [])).toBe(
      '200 filas/página · 1 simultánea',
    );
    expect(new Set(list.map(recentSearchKey)).size).toBe(3);
  });
});

describe('loadRecentSearches / saveRecentSearches', () => {
  it('reads back what was saved', () => {
    const storage = new MemoryStorage();
    const list = [entry({ name: 'Eléctrica Andes SpA', at: 2 }), entry({ from: '2023-01-01' })];
    saveRecentSearches(list, storage);
    expect(loadRecentSearches(storage)).toEqual(list);
  });

  it('is empty when nothing was saved or there is no storage', () => {
    expect(loadRecentSearches(new MemoryStorage())).toEqual([]);
    expect(loadRecentSearches(undefined)).toEqual([]);
    expect(() => saveRecentSearches([entry()], undefined)).not.toThrow();
  });

  it('is empty when the stored text is not a JSON list', () => {
    for (const garbage of ['{not json', '"text"', '{"a":1}', 'null', '42']) {
      const storage = new MemoryStorage();
      storage.setItem(STORAGE_KEY, garbage);
      expect(loadRecentSearches(storage), garbage).toEqual([]);
    }
  });

  it('drops malformed entries and keeps the good ones in order', () => {
    const good1 = entry({ at: 3 });
    const good2 = entry({ from: '2023-01-01', name: 'Andes', at: 2 });
    const storage = new MemoryStorage();
    storage.setItem(
      STORAGE_KEY,
      JSON.stringify([
        null,
        good1,
        'text',
        { ...good1, rut: '76999999-K' },
        { ...good1, rowsPerPage: '200' },
        { ...good1, name: 5 },
        { ...good1, at: undefined },
        good2,
      ]),
    );
    expect(loadRecentSearches(storage)).toEqual([good1, good2]);
  });

  it('reads entries saved before ranges and concurrency were kept, with the defaults', () => {
    const storage = new MemoryStorage();
    const { range: _range, concurrency: _concurrency, ...old } = entry();
    storage.setItem(STORAGE_KEY, JSON.stringify([old, { ...old, range: 'mañana' }]));
    expect(loadRecentSearches(storage)).toEqual([entry()]);
  });

  it('keeps at most eight when more were stored', () => {
    const storage = new MemoryStorage();
    const many = Array.from({ length: 12 }, (_, i) => entry({ at: i }));
    storage.setItem(STORAGE_KEY, JSON.stringify(many));
    expect(loadRecentSearches(storage)).toEqual(many.slice(0, 8));
  });

  it('survives a storage that throws (disabled or full)', () => {
    const storage = new MemoryStorage(true);
    expect(loadRecentSearches(storage)).toEqual([]);
    expect(() => saveRecentSearches([entry()], storage)).not.toThrow();
  });
});
