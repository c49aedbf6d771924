import { describe, expect, it } from 'vitest';
import {
  deltas,
  describeTarget,
  fetchAllLimitMs,
  formatMarkdown,
  formatTable,
  MICROTASK_CHECKPOINT,
  median,
  meets,
  metric,
  percentile,
  TOP_LEVEL_TASK,
  type TraceEvent,
  threadTimeBetween,
} from '../../bench/metrics';

describe('the benchmark arithmetic', () => {
  it('takes the median of odd and even runs, ignoring order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('turns frame timestamps into frame durations', () => {
    const frames = deltas([0, 16, 32, 80]);
    expect(frames).toEqual([16, 16, 48]);
    expect(deltas([5])).toEqual([]);
  });

  it("computes fetch_all's limit as the issue states it", () => {
    // 23 pages at concurrency 4 and 150 ms: (1 + ceil(22 / 4)) × 150 × 1.15 = 1,207.5 ms.
    expect(fetchAllLimitMs(23, 4, 150)).toBeCloseTo(1207.5, 5);
    expect(fetchAllLimitMs(23, 1, 150, 1)).toBe(3450);
  });
});

describe('the verdicts', () => {
  it('passes at the limit and fails past it, in both directions', () => {
    expect(meets(100, { comparison: '<=', value: 100 })).toBe(true);
    expect(meets(100.1, { comparison: '<=', value: 100 })).toBe(false);
    expect(meets(2.8, { comparison: '>=', value: 2.8 })).toBe(true);
    expect(meets(2.79, { comparison: '>=', value: 2.8 })).toBe(false);
  });

  it('never passes a figure that could not be measured', () => {
    expect(meets(Number.NaN, { comparison: '<=', value: 100 })).toBe(false);
    expect(meets(Number.POSITIVE_INFINITY, { comparison: '>=', value: 1 })).toBe(false);
  });

  it('judges the median of the runs, and keeps every run', () => {
    const result = metric('sort_100k', [120, 80, 90], 'ms', { comparison: '<=', value: 100 });
    expect(result).toMatchObject({
      name: 'sort_100k',
      value: 90,
      unit: 'ms',
      pass: true,
      runs: [120, 80, 90],
    });
    expect(result.target).toBe('≤ 100 ms');
    expect(metric('x', [101, 102, 99], 'ms', { comparison: '<=', value: 100 }).pass).toBe(false);
  });

  it('reports an informational figure without judging it', () => {
    const result = metric('fetch_all_c1', [4046], 'ms', { comparison: 'info', value: 0 });
    expect(result).toMatchObject({ pass: true, target: '(reported)' });
    expect(metric('x', [Number.NaN], 'ms', { comparison: 'info', value: 0 }).pass).toBe(false);
  });

  it('describes targets with the unit', () => {
    expect(describeTarget({ comparison: '>=', value: 2.8 }, '×')).toBe('≥ 2.8 ×');
  });
});

describe('the reports', () => {
  const results = [
    metric('fetch_all', [1000], 'ms', { comparison: '<=', value: 1207.5 }),
    metric('sort_100k', [250], 'ms', { comparison: '<=', value: 100 }),
  ];

  it('prints an aligned table with a verdict per metric', () => {
    const lines = formatTable(results).split('\n');
    expect(lines[0]).toMatch(/^metric\s+value\s+target\s+pass$/);
    expect(lines[2]).toMatch(/^fetch_all\s+1000 ms\s+≤ 1207.5 ms\s+yes\s*$/);
    expect(lines[3]).toMatch(/^sort_100k\s+250 ms\s+≤ 100 ms\s+NO\s*$/);
  });

  it('writes the Markdown table of docs/performance.md', () => {
    expect(formatMarkdown(results)).toContain('| sort_100k | 250 ms | ≤ 100 ms | **no** |');
  });
});

describe('thread time from a trace', () => {
  const meta = (pid: number, tid: number, name: string): TraceEvent => ({
    name: 'thread_name',
    ph: 'M',
    pid,
    tid,
    ts: 0,
    args: { name },
  });
  const task = (pid: number, tid: number, ts: number, dur: number, tdur?: number): TraceEvent => ({
    name: TOP_LEVEL_TASK,
    ph: 'X',
    pid,
    tid,
    ts,
    dur,
    ...(tdur === undefined ? {} : { tdur }),
  });
  const events: TraceEvent[] = [
    meta(1, 10, 'CrRendererMain'),
    meta(1, 11, 'DedicatedWorker thread'),
    meta(2, 10, 'CrRendererMain'),
    task(1, 10, 0, 5_000, 5_000), // before the window
    task(1, 10, 8_000, 4_000, 2_000), // half inside
    task(1, 10, 20_000, 6_000, 3_000),
    task(1, 11, 20_000, 9_000, 9_000), // the worker
    task(2, 10, 20_000, 9_000, 9_000), // another page's process
    { name: 'FunctionCall', ph: 'X', pid: 1, tid: 10, ts: 20_000, dur: 6_000 }, // not a task
    task(1, 10, 40_000, 2_000, 2_000), // after the window
  ];
  const main = (name: string) => name === 'CrRendererMain';

  it('sums the tasks of one thread of one process inside the window, cut at its ends', () => {
    expect(threadTimeBetween(events, 1, main, 10_000, 30_000)).toEqual({ busy: 8, cpu: 4 });
  });

  it('tells CPU time from busy time (a thread waiting for a core is busy, not on the CPU)', () => {
    const worker = threadTimeBetween(events, 1, (n) => n.startsWith('DedicatedWorker'), 0, 50_000);
    expect(worker).toEqual({ busy: 9, cpu: 9 });
    expect(threadTimeBetween(events, 1, main, 0, 50_000)).toEqual({ busy: 17, cpu: 12 });
  });

  it('finds nothing outside the window or for an unknown thread', () => {
    expect(threadTimeBetween(events, 1, main, 30_000, 35_000)).toEqual({ busy: 0, cpu: 0 });
    expect(threadTimeBetween(events, 1, () => false, 0, 50_000)).toEqual({ busy: 0, cpu: 0 });
  });

  it('counts a task run inside another task (a nested run loop) once, as its parent', () => {
    const nested: TraceEvent[] = [
      meta(1, 10, 'CrRendererMain'),
      task(1, 10, 10_000, 10_000, 6_000),
      task(1, 10, 12_000, 3_000, 3_000), // inside the one above
      task(1, 10, 25_000, 1_000, 1_000),
      // Promise callbacks between tasks count; inside a task they are already counted.
      { ...task(1, 10, 30_000, 500, 500), name: MICROTASK_CHECKPOINT },
      { ...task(1, 10, 25_200, 300, 300), name: MICROTASK_CHECKPOINT },
    ];
    expect(threadTimeBetween(nested, 1, main, 0, 50_000)).toEqual({ busy: 11.5, cpu: 7.5 });
    // A nested task starting with its parent, listed first, is still the nested one.
    const sameStart = [
      meta(1, 10, 'CrRendererMain'),
      task(1, 10, 0, 1_000),
      task(1, 10, 0, 10_000),
    ];
    expect(threadTimeBetween(sameStart, 1, main, 0, 50_000).busy).toBe(10);
  });
});
