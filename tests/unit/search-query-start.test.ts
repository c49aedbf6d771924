// A failed search runs again only when the user asks: no observer (a view mounting after
// the form started it, a view switching to it, a focus, a reconnect) reads it by itself.
import { focusManager, onlineManager, QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { startsByItself } from '@/features/fetching/engine/use-nonconformities-search';
import { createQueryClient } from '@/lib/query-client';

const failing = () => Promise.reject(new Error('DO_NOT_RETRY'));
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

/**
 * react-query's own defaults (refetch and retry on mount, focus and reconnect), so that
 * only the rule under test keeps a failed query from running again.
 */
const bareClient = () => new QueryClient({ defaultOptions: { queries: { retry: false } } });

async function failed(client: QueryClient, key: string): Promise<QueryClient> {
  await client.prefetchQuery({ queryKey: [key], queryFn: failing });
  expect(client.getQueryState([key])?.status).toBe('error');
  return client;
}

describe('startsByItself', () => {
  it('a view mounting on a failed search does not read it again', async () => {
    const client = await failed(bareClient(), 'a');
    const queryFn = vi.fn(failing);
    const observer = new QueryObserver(client, {
      queryKey: ['a'],
      queryFn,
      enabled: startsByItself,
    });
    const unsubscribe = observer.subscribe(() => {});
    await settle();
    expect(queryFn).not.toHaveBeenCalled();
    unsubscribe();
  });

  it('a view switching from another search to a failed one does not read it again', async () => {
    const client = await failed(bareClient(), 'b');
    const queryFn = vi.fn(failing);
    const observer = new QueryObserver(client, { queryKey: ['none'], queryFn, enabled: false });
    const unsubscribe = observer.subscribe(() => {});
    observer.setOptions({ queryKey: ['b'], queryFn, enabled: startsByItself });
    await settle();
    expect(queryFn).not.toHaveBeenCalled();
    unsubscribe();
  });

  it('a window focus or a reconnect does not read a failed search again', async () => {
    const client = await failed(bareClient(), 'c');
    client.mount();
    const queryFn = vi.fn(failing);
    const observer = new QueryObserver(client, {
      queryKey: ['c'],
      queryFn,
      enabled: startsByItself,
    });
    const unsubscribe = observer.subscribe(() => {});
    focusManager.setFocused(false);
    focusManager.setFocused(true);
    onlineManager.setOnline(false);
    onlineManager.setOnline(true);
    await settle();
    expect(queryFn).not.toHaveBeenCalled();
    unsubscribe();
    client.unmount();
  });

  it('a search never tried starts when its view mounts, and the user can rerun a failed one', async () => {
    const queryFn = vi.fn(failing);
    const client = bareClient();
    const observer = new QueryObserver(client, {
      queryKey: ['d'],
      queryFn,
      enabled: startsByItself,
    });
    const unsubscribe = observer.subscribe(() => {});
    await vi.waitFor(() => expect(client.getQueryState(['d'])?.status).toBe('error'));
    expect(queryFn).toHaveBeenCalledTimes(1);
    await observer.refetch();
    expect(queryFn).toHaveBeenCalledTimes(2);
    unsubscribe();
  });
});

describe("the app's query client", () => {
  it('never reads a failed query again as a view mounts', async () => {
    const client = await failed(createQueryClient(), 'e');
    const queryFn = vi.fn(failing);
    const observer = new QueryObserver(client, { queryKey: ['e'], queryFn });
    const unsubscribe = observer.subscribe(() => {});
    await settle();
    expect(queryFn).not.toHaveBeenCalled();
    unsubscribe();
  });
});
