// One page of a search as the browser holds it: what fetching hands over and rows are built from.
import type { NonconformityItem } from '@/contract/item';
import type { PageDates } from './page-dates';

export interface PageData {
  page: number;
  total: number;
  items: NonconformityItem[];
  operationId: string;
  additionalInformation: string | null;
  /** The proxy answered from its cache (no upstream request was billed). */
  fromProxyCache: boolean;
  /** Normalized dates, when the page worker computed them (else the view does). */
  dates?: PageDates;
  /** Every field of its items, in order of first appearance, when the page worker said. */
  fields?: string[];
  /** Each item's row-key hash (row-keys.ts), when the page worker computed them. */
  keyHashes?: Uint32Array;
}
