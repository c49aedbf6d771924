// The main thread's page worker client, driven with a fake Worker: what it sends, how each
// reply settles its request, cancels, plans, a worker that fails to load, and disposal.

import { describe, expect, it, vi } from 'vitest';
import type { FetchPageOptions } from '@/features/fetching/api/fetch-page';
import { PageError, type PageErrorDetails } from '@/features/fetching/api/page-error';
import { handOverPage } from '@/features/fetching/worker/page-packing';
import { PageWorkerClient, type WorkerPort } from '@/features/fetching/worker/page-worker-client';
import type {
  PageWorkerReply,
  PageWorkerRequest,
} from '@/features/fetching/worker/page-worker-protocol';
import type { PageData } from '@/features/rows/page-data';
import type { SearchInput } from '@/features/search-input/search-input';
import { WAIT_4_HOURS_DETAILS } from '../support/fixtures/page-errors';
import { seedSearch } from '../support/fixtures/requests';
import { distinctPage } from '../support/fixtures/rows';

const SEARCH: SearchInput = seedSearch();

class FakeWorker implements WorkerPort {
  posted: PageWorkerRequest[] = [];
  terminated = false;
  onmessage: WorkerPort['onmessage'] = null;
  onerror: WorkerPort['onerror'] = null;
  postMessage(message: PageWorkerRequest) {
    this.posted.push(message);
  }
  terminate() {
    this.terminated = true;
  }
  reply(reply: PageWorkerReply) {
    this.onmessage?.({ data: reply } as MessageEvent<PageWorkerReply>);
  }
  /** The worker's script could not load. */
  failToLoad() {
    this.onerror?.({} as ErrorEvent);
  }
  kinds() {
    return this.posted.map((message) => message.kind);
  }
}

const page = (): PageData => distinctPage(50);

const mainThreadPage = { page: 0, total: 0, items: [] } as unknown as PageData;

function clientWithFakeWorker() {
  const worker = new FakeWorker();
  const startWorker = vi.fn(() => worker);
  const fetchOnMainThread = vi.fn(
    (_search: SearchInput, _page: number, _options?: FetchPageOptions) =>
      Promise.resolve(mainThreadPage),
  );
  const client = new PageWorkerClient({ startWorker, fetchOnMainThread });
  return { client, worker, startWorker, fetchOnMainThread };
}

const lastFetchId = (worker: FakeWorker) => {
  const fetches = worker.posted.filter((message) => message.kind === 'fetch');
  const last = fetches.at(-1);
  if (!last) throw new Error('no fetch was posted');
  return last.id;
};

const ERROR: PageErrorDetails = WAIT_4_HOURS_DETAILS;

describe('page worker client: its life', () => {
  it('starts no worker until first used; prepare starts it once; dispose stops it', () => {
    const { client, worker, startWorker } = clientWithFakeWorker();
    expect(client.state).toBe('created');
    expect(startWorker).not.toHaveBeenCalled();
    expect(client.prepare()).toBe(true);
    expect(client.prepare()).toBe(true);
    expect(startWorker).toHaveBeenCalledTimes(1);
    expect(client.state).toBe('worker');
    client.dispose();
    expect(client.state).toBe('disposed');
    expect(worker.terminated).toBe(true);
  });

  it('reads on the main thread where there is no worker, or it cannot be made', async () => {
    for (const startWorker of [
      () => null,
      () => {
        throw new Error('blocked');
      },
    ]) {
      const fetchOnMainThread = vi.fn(() => Promise.resolve(mainThreadPage));
      const client = new PageWorkerClient({ startWorker, fetchOnMainThread });
      expect(client.prepare()).toBe(false);
      expect(client.state).toBe('main-thread');
      await expect(client.fetchPage(SEARCH, 3, { bypassCache: true })).resolves.toBe(
        mainThreadPage,
      );
      expect(fetchOnMainThread).toHaveBeenCalledWith(SEARCH, 3, { bypassCache: true });
      // Nothing is fetched ahead without a worker.
      const plan = client.openPlan(
        { search: SEARCH, concurrency: 4, bypassCache: false, maxRequests: 50, cached: [] },
        () => {},
      );
      expect(plan.id).toBeUndefined();
      expect(() => plan.go({ total: 1000, pageCount: 5 })).not.toThrow();
    }
  });

  it('after dispose, rejects what was pending and anything asked later, and sends nothing', async () => {
    const { client, worker } = clientWithFakeWorker();
    const pending = client.fetchPage(SEARCH, 1);
    client.dispose();
    await expect(pending).rejects.toThrow();
    await expect(client.fetchPage(SEARCH, 2)).rejects.toThrow();
    const plan = client.openPlan(
      { search: SEARCH, concurrency: 4, bypassCache: false, maxRequests: 50, cached: [] },
      () => {},
    );
    expect(plan.id).toBeUndefined();
    expect(worker.kinds()).toEqual(['fetch']);
  });
});

describe('page worker client: page requests', () => {
  it('asks the worker for the page, counts the request, and resolves with the page it hands over', async () => {
    const { client, worker, fetchOnMainThread } = clientWithFakeWorker();
    const onRequest = vi.fn();
    const read = client.fetchPage(SEARCH, 0, { bypassCache: true, onRequest, planId: 7 });
    expect(onRequest).toHaveBeenCalledTimes(1);
    expect(worker.posted).toEqual([
      { kind: 'fetch', id: 1, search: SEARCH, page: 0, bypassCache: true, planId: 7 },
    ]);
    const sent = page();
    worker.reply({ id: 1, ok: true, data: handOverPage(sent) });
    const data = await read;
    expect(data.items).toEqual(sent.items);
    expect(data.total).toBe(sent.total);
    expect(fetchOnMainThread).not.toHaveBeenCalled();
  });

  it('sends no plan id for a page that carries none', () => {
    const { client, worker } = clientWithFakeWorker();
    void client.fetchPage(SEARCH, 4);
    expect(worker.posted[0]).not.toHaveProperty('planId');
  });

  it('settles each request by its id, whatever order the replies come in', async () => {
    const { client, worker } = clientWithFakeWorker();
    const first = client.fetchPage(SEARCH, 1);
    const second = client.fetchPage(SEARCH, 2);
    worker.reply({ id: 2, ok: true, data: handOverPage({ ...page(), page: 2 }) });
    worker.reply({ id: 1, ok: true, data: handOverPage({ ...page(), page: 1 }) });
    expect((await first).page).toBe(1);
    expect((await second).page).toBe(2);
  });

  it('rejects with the PageError the worker described, or with what else went wrong', async () => {
    const { client, worker } = clientWithFakeWorker();
    const failed = client.fetchPage(SEARCH, 1);
    worker.reply({ id: 1, ok: false, error: ERROR });
    const error = await failed.catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(PageError);
    expect(error).toMatchObject(ERROR);

    const broken = client.fetchPage(SEARCH, 2);
    worker.reply({ id: 2, ok: false, unexpected: 'TypeError: boom' });
    await expect(broken).rejects.toThrow('TypeError: boom');

    // A page that cannot be unpacked fails its request instead of leaving it hanging.
    const garbled = client.fetchPage(SEARCH, 3);
    worker.reply({ id: 3, ok: true, data: {} as never });
    await expect(garbled).rejects.toThrow();
  });

  it('a cancel tells the worker, rejects with the signal’s reason, and a late reply changes nothing', async () => {
    const { client, worker } = clientWithFakeWorker();
    const controller = new AbortController();
    const read = client.fetchPage(SEARCH, 5, { signal: controller.signal });
    const id = lastFetchId(worker);
    controller.abort(new Error('cancelado'));
    await expect(read).rejects.toThrow('cancelado');
    expect(worker.posted.at(-1)).toEqual({ kind: 'cancel', id });
    expect(() => worker.reply({ id, ok: true, data: handOverPage(page()) })).not.toThrow();
  });

  it('sends nothing for a request cancelled before it is made', async () => {
    const { client, worker } = clientWithFakeWorker();
    const onRequest = vi.fn();
    const read = client.fetchPage(SEARCH, 1, { signal: AbortSignal.abort(), onRequest });
    await expect(read).rejects.toBeDefined();
    expect(worker.posted).toEqual([]);
    expect(onRequest).not.toHaveBeenCalled();
  });

  it('reads on the main thread what was pending when the worker failed to load, and all after', async () => {
    const { client, worker, fetchOnMainThread } = clientWithFakeWorker();
    const onRequest = vi.fn();
    const pending = client.fetchPage(SEARCH, 2, { bypassCache: true, onRequest });
    worker.failToLoad();
    await expect(pending).resolves.toBe(mainThreadPage);
    expect(worker.terminated).toBe(true);
    expect(client.state).toBe('main-thread');
    // Counted once: when it was first sent.
    expect(onRequest).toHaveBeenCalledTimes(1);
    expect(fetchOnMainThread).toHaveBeenLastCalledWith(SEARCH, 2, {
      signal: undefined,
      bypassCache: true,
    });
    await expect(client.fetchPage(SEARCH, 3)).resolves.toBe(mainThreadPage);
    expect(worker.kinds()).toEqual(['fetch']);
  });
});

describe('page worker client: search plans', () => {
  const opening = { search: SEARCH, concurrency: 4, bypassCache: false, maxRequests: 50 };

  it('opens a plan in the worker, goes on and ends it, each plan under an id of its own', () => {
    const { client, worker } = clientWithFakeWorker();
    const plan = client.openPlan({ ...opening, cached: [2] }, () => {});
    const other = client.openPlan({ ...opening, cached: [] }, () => {});
    expect(plan.id).toBe(1);
    expect(other.id).toBe(2);
    expect(worker.posted[0]).toEqual({ kind: 'plan-open', planId: 1, ...opening, cached: [2] });
    plan.go({ total: 1000, pageCount: 5 });
    plan.end();
    expect(worker.posted.slice(2)).toEqual([
      { kind: 'plan-go', planId: 1, extent: { total: 1000, pageCount: 5 } },
      { kind: 'plan-end', planId: 1 },
    ]);
  });

  it('ends a plan once, and sends no go after its end', () => {
    const { client, worker } = clientWithFakeWorker();
    const plan = client.openPlan({ ...opening, cached: [] }, () => {});
    plan.end();
    plan.end();
    plan.go({ total: 1000, pageCount: 5 });
    expect(worker.kinds()).toEqual(['plan-open', 'plan-end']);
  });

  it('tells the plan’s owner how many requests made ahead nobody took, when there were any', () => {
    const { client, worker } = clientWithFakeWorker();
    const untaken: number[] = [];
    const plan = client.openPlan({ ...opening, cached: [] }, (count) => untaken.push(count));
    const other = client.openPlan({ ...opening, cached: [] }, (count) => untaken.push(-count));
    plan.end();
    other.end();
    worker.reply({ kind: 'plan-ended', planId: 2, untaken: 0 });
    worker.reply({ kind: 'plan-ended', planId: 1, untaken: 3 });
    // Heard once.
    worker.reply({ kind: 'plan-ended', planId: 1, untaken: 3 });
    expect(untaken).toEqual([3]);
  });
});
