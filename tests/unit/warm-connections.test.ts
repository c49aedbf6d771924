import { afterEach, describe, expect, it, vi } from 'vitest';
import { warmConnections } from '@/lib/warm-connections';

afterEach(() => vi.unstubAllGlobals());

describe('warmConnections', () => {
  it('opens the connections a search uses with light, low-priority requests, once per 50 s', async () => {
    const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => new Response('{}'));
    vi.stubGlobal('fetch', fetchMock);
    warmConnections(100_000);
    expect(fetchMock).toHaveBeenCalledTimes(5);
    for (const [url, init] of fetchMock.mock.calls) {
      expect(url).toBe('/api/health');
      expect(init).toMatchObject({ cache: 'no-store', priority: 'low' });
    }
    warmConnections(149_999);
    expect(fetchMock).toHaveBeenCalledTimes(5);
    warmConnections(150_000);
    expect(fetchMock).toHaveBeenCalledTimes(10);
  });

  it('never fails when the server cannot be reached', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    // A rejection left unhandled would fail this test run.
    warmConnections(1_000_000);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fetch).toHaveBeenCalledTimes(5);
  });
});
