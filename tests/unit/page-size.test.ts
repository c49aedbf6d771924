// Larger pages in the cost question, and when the upstream refused a size.
import { describe, expect, it } from 'vitest';
import {
  LARGE_PAGE_ROWS,
  largerPagesOffer,
  refusedPageSize,
} from '@/features/fetching/engine/page-size';
import {
  isPageSizeRefused,
  rememberPageSizeRefusal,
} from '@/features/fetching/storage/page-size-refusals';
import { pageError } from '../support/fixtures/page-errors';
import { MemoryStorage } from '../support/memory-storage';

describe('largerPagesOffer', () => {
  it('offers 1,000 rows a page with what the search then costs from the start', () => {
    // 100,000 cases at 200: page 0 read, 499 to go; at 1,000 it starts over: 100 requests.
    expect(largerPagesOffer(100_000, 200, 499, false)).toEqual({
      rowsPerPage: LARGE_PAGE_ROWS,
      requests: 100,
    });
  });

  it('offers nothing at 1,000 already, after a refusal, or when it would not save', () => {
    expect(largerPagesOffer(100_000, 1000, 99, false)).toBeNull();
    expect(largerPagesOffer(100_000, 200, 499, true)).toBeNull();
    // 1,100 cases at 500: 2 to go; at 1,000 it would be 2 as well.
    expect(largerPagesOffer(1100, 500, 2, false)).toBeNull();
  });
});

describe('refusedPageSize', () => {
  it('is a P003 on page 0 of a failed search', () => {
    const error = pageError('stop', { code: 'P003', type: 'DO_NOT_RETRY' });
    expect(refusedPageSize({ phase: 'failed', failures: [{ page: 0, error }] })).toBe(true);
  });

  it('is not another code, another page, or a search that goes on', () => {
    const p003 = pageError('stop', { code: 'P003' });
    const other = pageError('stop', { code: 'E401' });
    expect(refusedPageSize({ phase: 'failed', failures: [{ page: 0, error: other }] })).toBe(false);
    expect(refusedPageSize({ phase: 'failed', failures: [{ page: 3, error: p003 }] })).toBe(false);
    expect(refusedPageSize({ phase: 'loading', failures: [] })).toBe(false);
  });
});

describe('page size refusals', () => {
  it('are kept per upstream, and cover larger sizes', () => {
    const storage = new MemoryStorage();
    expect(isPageSizeRefused('khipu', 1000, storage)).toBe(false);
    rememberPageSizeRefusal('khipu', 1000, storage);
    expect(isPageSizeRefused('khipu', 1000, storage)).toBe(true);
    expect(isPageSizeRefused('khipu', 200, storage)).toBe(false);
    expect(isPageSizeRefused('simulator', 1000, storage)).toBe(false);
    rememberPageSizeRefusal('khipu', 500, storage);
    expect(isPageSizeRefused('khipu', 800, storage)).toBe(true);
  });

  it('read as none when the storage holds something else', () => {
    const storage = new MemoryStorage();
    storage.setItem('cen-explorer:page-size-refusals', 'not json');
    expect(isPageSizeRefused('khipu', 1000, storage)).toBe(false);
  });
});
