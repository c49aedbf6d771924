import { afterEach, describe, expect, it, vi } from 'vitest';
import { warmConnections } from '../../src/lib/warm-connections';

afterEach(() => vi.unstubAllGlobals());

describe('warmConnections', () => {
  it('opens the browser’s 6 connections with light requests, once per 50 s', async () => {
    const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => new Response('{}'));
    vi.stubGlobal('fetch', fetchMock);
    warmConnections(100_000);
    expect(fetchMock).toHaveBeenCalledTimes(6);
    expect(fetchMock.mock.calls.every(([url]) => url === '/api/health')).toBe(true);
    warmConnections(149_999);
    expect(fetchMock).toHaveBeenCalledTimes(6);
    warmConnections(150_000);
    expect(fetchMock).toHaveBeenCalledTimes(12);
  });

  it('never fails when the server cannot be reached', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    expect(() => warmConnections(1_000_000)).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
});
