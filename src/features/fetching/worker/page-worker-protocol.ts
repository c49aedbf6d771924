// Messages between the main thread and the page worker.
import type { SearchExtent } from '@/contract/page-rules';
import type { PageErrorDetails } from '@/features/fetching/api/page-error';
import type { SearchInput } from '@/features/search-input/search-input';
import type { PackedPage } from './page-packing';
import type { PlanOpening } from './search-plans';

export type PageWorkerRequest =
  | {
      kind: 'fetch';
      id: number;
      search: SearchInput;
      page: number;
      bypassCache: boolean;
      /** On page 0: the plan its answer tells the search's extent (search-plans.ts). */
      planId?: number;
    }
  | { kind: 'cancel'; id: number }
  /** A run of a search starts: the rest of it may be fetched ahead (search-plans.ts). */
  | ({ kind: 'plan-open' } & PlanOpening)
  /** The paging engine goes on with the rest of the search. */
  | { kind: 'plan-go'; planId: number; extent: SearchExtent }
  | { kind: 'plan-end'; planId: number };

export type PageWorkerReply =
  | { id: number; ok: true; data: PackedPage }
  | { id: number; ok: false; error: PageErrorDetails }
  /** Anything else the fetcher threw (a bug): its message. */
  | { id: number; ok: false; unexpected: string }
  /** A plan ended: how many of its requests nobody took (sent, so billed). */
  | { kind: 'plan-ended'; planId: number; untaken: number };
