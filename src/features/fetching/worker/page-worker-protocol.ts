// Messages between the main thread and the page worker.
import type { PageErrorDetails } from '@/features/fetching/api/page-error';
import type { SearchInput } from '@/features/search-input/search-input';
import type { PackedPage } from './page-packing';
import type { PlanContinuation, PrefetchPlan } from './page-prefetch';

export type PageWorkerRequest =
  | {
      kind: 'fetch';
      id: number;
      search: SearchInput;
      page: number;
      bypassCache: boolean;
      /** On page 0: the plan the worker may start as soon as page 0 tells the total. */
      continueWith?: PlanContinuation;
    }
  | { kind: 'cancel'; id: number }
  /** Pages a search will ask for next: the worker fetches them ahead (page-prefetch.ts). */
  | ({ kind: 'plan'; planId: number } & PrefetchPlan)
  | { kind: 'plan-end'; planId: number };

export type PageWorkerReply =
  | { id: number; ok: true; data: PackedPage }
  | { id: number; ok: false; error: PageErrorDetails }
  /** Anything else the fetcher threw (a bug): its message. */
  | { id: number; ok: false; unexpected: string }
  /** A plan ended: how many of its requests nobody took (sent, so billed). */
  | { kind: 'plan-ended'; planId: number; untaken: number };
