// Types of figures-table.mjs (plain JavaScript, so that `node bench/run.mjs` loads it as is).
import type { MetricResult } from './metrics';

/** What bench/load.mjs writes to bench/load-results.json. */
export interface LoadResults {
  clients: number;
  seconds: number;
  requests: number;
  perSecond: number;
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
  resets: number;
  serverErrors: number;
  dataP50Ms: number;
  dataP99Ms: number;
  rssMiddleThirdMb: number;
  rssLastThirdMb: number;
  rssMaxMb: number;
}

export const WHAT_IS_MEASURED: Readonly<Record<string, string>>;
export const MEMORY_GROWTH_LIMIT_MB: number;
export const PERFORMANCE_DOC: string;

export function markdownTable(header: readonly string[], rows: readonly string[][]): string;
export function benchTable(
  results: readonly Pick<MetricResult, 'name' | 'value' | 'unit' | 'target' | 'pass' | 'note'>[],
): string;
export function loadVerdicts(load: LoadResults): { answers: boolean; memory: boolean };
export function loadTable(load: LoadResults): string;
export function replaceFigures(document: string, name: 'bench' | 'load', table: string): string;
