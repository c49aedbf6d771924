// The page worker: downloads, decodes, parses and checks pages away from the main thread
// (decoding and parsing a large page would hold the main thread for a frame or more),
// fetches the next pages ahead (page-prefetch.ts) and hands pages over packed as columns
// (page-packing.ts). What it does with each message is page-worker-handler.ts's.
/// <reference lib="webworker" />
import { fetchPage } from '@/features/fetching/api/fetch-page';
import { createPageWorkerHandler } from './page-worker-handler';
import type { PageWorkerRequest } from './page-worker-protocol';
import { warmUpFetching, warmUpPagePath } from './page-worker-warm-up';

const scope = self as unknown as DedicatedWorkerGlobalScope;
// Idle at start: the first search's first page then finds the code compiled and the
// worker's fetching set up.
setTimeout(() => {
  warmUpPagePath();
  warmUpFetching();
}, 0);
const handle = createPageWorkerHandler({ post: (reply) => scope.postMessage(reply), fetchPage });
scope.onmessage = (event: MessageEvent<PageWorkerRequest>) => void handle(event.data);
