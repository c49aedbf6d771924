// The app's page worker client: page-worker.ts in a module worker, started ahead of the
// first search; on the main thread where the browser has no Worker (tests).
import { idlePeriod } from '@/lib/idle';
import { PageWorkerClient, type WorkerPort } from './page-worker-client';

function startPageWorker(): WorkerPort | null {
  if (typeof Worker === 'undefined') return null;
  return new Worker(new URL('./page-worker.ts', import.meta.url), {
    type: 'module',
    name: 'paginas',
  });
}

export const pageWorkerClient = new PageWorkerClient({ startWorker: startPageWorker });

/**
 * Starts the worker ahead of the first search, so its start-up never delays a request, and
 * warms the unpacking of its pages here in idle time.
 */
export function preparePageWorker(): void {
  if (!pageWorkerClient.prepare()) return;
  // Loaded then, not with the page: the made-up page goes through the contract's schemas.
  void idlePeriod()
    .then(() => import('./page-worker-warm-up'))
    .then(({ warmUpUnpacking }) => warmUpUnpacking())
    // Only a head start: without it the first page's unpacking is merely slower.
    .catch(() => undefined);
}
