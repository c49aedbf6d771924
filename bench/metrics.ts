// The benchmark's arithmetic and verdicts: pure, so it is tested like any other module.

/** `info`: reported beside the others, judged by none (e.g. the concurrency-1 baseline). */
export type Comparison = '<=' | '>=' | 'info';

export interface Target {
  comparison: Comparison;
  value: number;
}

export interface MetricResult {
  name: string;
  value: number;
  unit: string;
  /** Human form of the target, e.g. "≤ 1208 ms". */
  target: string;
  pass: boolean;
  /** Every run's value, for the record (the value is their median). */
  runs: number[];
  note?: string;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Nearest-rank percentile (p in 0–100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

/** Durations between consecutive timestamps (frame times from rAF stamps). */
export function deltas(timestamps: readonly number[]): number[] {
  const result: number[] = [];
  for (let i = 1; i < timestamps.length; i++) {
    result.push((timestamps[i] as number) - (timestamps[i - 1] as number));
  }
  return result;
}

export function meets(value: number, target: Target): boolean {
  if (!Number.isFinite(value)) return false;
  if (target.comparison === 'info') return true;
  return target.comparison === '<=' ? value <= target.value : value >= target.value;
}

export function describeTarget(target: Target, unit: string): string {
  if (target.comparison === 'info') return '(reported)';
  return `${target.comparison === '<=' ? '≤' : '≥'} ${round(target.value)} ${unit}`.trim();
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** One metric from its runs: the median, judged against its target. */
export function metric(
  name: string,
  runs: readonly number[],
  unit: string,
  target: Target,
  note?: string,
): MetricResult {
  const value = round(median(runs));
  return {
    name,
    value,
    unit,
    target: describeTarget(target, unit),
    pass: meets(value, target),
    runs: runs.map((r) => round(r)),
    ...(note ? { note } : {}),
  };
}

/** fetch_all's limit: (1 + ceil((pages − 1) / c)) × latency, times the allowed slack. */
export function fetchAllLimitMs(
  pages: number,
  concurrency: number,
  latencyMs: number,
  slack = 1.15,
): number {
  return (1 + Math.ceil((pages - 1) / concurrency)) * latencyMs * slack;
}

/** A plain-text table for the terminal. */
export function formatTable(results: readonly MetricResult[]): string {
  const header = ['metric', 'value', 'target', 'pass'];
  const rows = results.map((r) => [
    r.name,
    `${r.value} ${r.unit}`.trim(),
    r.target,
    r.pass ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] as string).length)),
  );
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The table of docs/performance.md (Markdown). */
export function formatMarkdown(results: readonly MetricResult[]): string {
  const lines = ['| metric | value | target | pass |', '| --- | --- | --- | --- |'];
  for (const r of results) {
    lines.push(`| ${r.name} | ${r.value} ${r.unit} | ${r.target} | ${r.pass ? 'yes' : '**no**'} |`);
  }
  return lines.join('\n');
}

/** The fields of a Chromium trace event that the thread accounting reads. */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** The thread's CPU time in the event (µs), when the trace recorded it. */
  tdur?: number;
  args?: { name?: string };
}

export interface ThreadTime {
  /** Time the thread ran tasks, ms: what a user waits on, including time spent waiting for a core. */
  busy: number;
  /** CPU time the thread used in those tasks, ms. */
  cpu: number;
}

/** A task as DevTools' timeline sees it (`disabled-by-default-devtools.timeline`). */
export const TOP_LEVEL_TASK = 'RunTask';
/** Promise callbacks Blink runs between tasks: thread time too, when outside a task. */
export const MICROTASK_CHECKPOINT = 'BlinkScheduler_PerformMicrotaskCheckpoint';

/**
 * A thread's top-level tasks between two instants of a trace (µs; tasks cut at both ends):
 * busy time and CPU time. Threads are chosen by their name (CrRendererMain,
 * DedicatedWorker thread), within the process of `pid`. A task nested in another (a nested
 * run loop, or a microtask checkpoint inside a task) is inside its parent's time already and
 * is not counted again.
 */
export function threadTimeBetween(
  events: readonly TraceEvent[],
  pid: number,
  threadName: (name: string) => boolean,
  from: number,
  to: number,
): ThreadTime {
  const threads = new Set(
    events
      .filter(
        (e) =>
          e.ph === 'M' &&
          e.name === 'thread_name' &&
          e.pid === pid &&
          threadName(e.args?.name ?? ''),
      )
      .map((e) => e.tid),
  );
  const tasks = events
    .filter(
      (e) =>
        e.ph === 'X' &&
        (e.name === TOP_LEVEL_TASK || e.name === MICROTASK_CHECKPOINT) &&
        e.pid === pid &&
        threads.has(e.tid),
    )
    // A parent first when a nested task starts at the same instant: longer first.
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const outerEnd = new Map<number, number>();
  let busy = 0;
  let cpu = 0;
  for (const e of tasks) {
    const duration = e.dur ?? 0;
    if (e.ts < (outerEnd.get(e.tid) ?? Number.NEGATIVE_INFINITY)) continue;
    outerEnd.set(e.tid, e.ts + duration);
    const start = Math.max(e.ts, from);
    const end = Math.min(e.ts + duration, to);
    if (end <= start) continue;
    busy += end - start;
    // A task cut by the window counts its CPU in proportion.
    if (e.tdur !== undefined && duration > 0) cpu += (e.tdur * (end - start)) / duration;
  }
  return { busy: busy / 1000, cpu: cpu / 1000 };
}
