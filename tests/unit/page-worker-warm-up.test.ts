// The warm-up runs the real page path on a made-up page: if that page stopped passing the
// contract, the warm-up would silently warm nothing.
import { describe, expect, it } from 'vitest';
import { packPage, unpackPage } from '@/features/fetching/worker/page-packing';
import {
  warmUpPage,
  warmUpPagePath,
  warmUpUnpacking,
} from '@/features/fetching/worker/page-worker-warm-up';

describe('page path warm-up', () => {
  it('uses a page the contract accepts, with distinct cases, that crosses the hand-over intact', () => {
    const page = warmUpPage();
    expect(page?.items).toHaveLength(50);
    expect(new Set(page?.items.map((item) => item.IdCaso)).size).toBe(50);
    if (!page) return;
    expect(unpackPage(packPage(page)).items).toEqual(page.items);
  });

  it('runs in the worker and on the main thread without throwing', () => {
    expect(() => warmUpPagePath()).not.toThrow();
    expect(() => warmUpUnpacking()).not.toThrow();
  });
});
