import { describe, expect, it } from 'vitest';
import { extentOfUnknownEnd, pageCountFor, pageLetsSearchGoOn } from '@/contract/page-rules';

const extent = (total: number, rowsPerPage = 200) => ({
  total,
  pageCount: pageCountFor(total, rowsPerPage),
});

describe('pageCountFor', () => {
  it('counts whole pages and never fewer than one', () => {
    expect(pageCountFor(4575, 200)).toBe(23);
    expect(pageCountFor(4600, 200)).toBe(23);
    expect(pageCountFor(1, 200)).toBe(1);
    expect(pageCountFor(0, 200)).toBe(1);
  });
});

describe('pageLetsSearchGoOn', () => {
  it('lets any page with cases go on', () => {
    expect(pageLetsSearchGoOn({ page: 0, items: 200 }, extent(4575))).toBe(true);
    expect(pageLetsSearchGoOn({ page: 7, items: 1 }, extent(4575))).toBe(true);
  });

  it('lets an empty search end normally', () => {
    expect(pageLetsSearchGoOn({ page: 0, items: 0 }, extent(0))).toBe(true);
  });

  it('stops on an empty page 0 under a positive total, even when it is the only page', () => {
    expect(pageLetsSearchGoOn({ page: 0, items: 0 }, extent(4575))).toBe(false);
    expect(pageLetsSearchGoOn({ page: 0, items: 0 }, extent(12))).toBe(false);
  });

  it('stops on an empty page before the announced end, not on an empty last page', () => {
    expect(pageLetsSearchGoOn({ page: 5, items: 0 }, extent(4575))).toBe(false);
    expect(pageLetsSearchGoOn({ page: 21, items: 0 }, extent(4575))).toBe(false);
    expect(pageLetsSearchGoOn({ page: 22, items: 0 }, extent(4575))).toBe(true);
  });

  it('where the end is not known, lets only a page with cases or an empty search go on', () => {
    expect(pageLetsSearchGoOn({ page: 3, items: 1 }, extentOfUnknownEnd(4575))).toBe(true);
    expect(pageLetsSearchGoOn({ page: 0, items: 0 }, extentOfUnknownEnd(0))).toBe(true);
    expect(pageLetsSearchGoOn({ page: 0, items: 0 }, extentOfUnknownEnd(12))).toBe(false);
    expect(pageLetsSearchGoOn({ page: 22, items: 0 }, extentOfUnknownEnd(4575))).toBe(false);
  });
});
