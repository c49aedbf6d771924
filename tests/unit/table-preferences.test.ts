import { describe, expect, it } from 'vitest';
import { loadCaseColumnPinned, saveCaseColumnPinned } from '@/features/table/table-preferences';
import { MemoryStorage } from '../support/memory-storage';

describe('the case column pin', () => {
  it('is pinned until the user unpins it, and remembered', () => {
    const storage = new MemoryStorage();
    expect(loadCaseColumnPinned(storage)).toBe(true);
    saveCaseColumnPinned(false, storage);
    expect(loadCaseColumnPinned(storage)).toBe(false);
    saveCaseColumnPinned(true, storage);
    expect(loadCaseColumnPinned(storage)).toBe(true);
  });

  it('is pinned when storage is missing or refuses', () => {
    expect(loadCaseColumnPinned(undefined)).toBe(true);
    const refusing = new MemoryStorage(true);
    expect(loadCaseColumnPinned(refusing)).toBe(true);
    expect(() => saveCaseColumnPinned(false, refusing)).not.toThrow();
  });
});
