// The figures tables of docs/performance.md, as a full benchmark or load run writes them.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  benchTable,
  type LoadResults,
  loadTable,
  loadVerdicts,
  markdownTable,
  PERFORMANCE_DOC,
  replaceFigures,
  WHAT_IS_MEASURED,
} from '../../bench/figures-table.mjs';

const ROOT = resolve(import.meta.dirname, '../..');

const RESULTS = [
  {
    name: 'fetch_all',
    value: 1138,
    unit: 'ms',
    target: '≤ 1207.5 ms',
    pass: true,
    note: 'concurrency 4, 150 ms latency',
  },
  { name: 'fetch_all_c1', value: 3542, unit: 'ms', target: '(reported)', pass: true },
  { name: 'sort_100k', value: 250, unit: 'ms', target: '≤ 100 ms', pass: false },
  { name: 'some_new_metric', value: 7, unit: '', target: '≥ 5', pass: true, note: 'a | b' },
];

const LOAD: LoadResults = {
  clients: 200,
  seconds: 30,
  requests: 235666,
  perSecond: 7856,
  statuses: { '200': 126385, '429': 109281 },
  resets: 0,
  serverErrors: 0,
  dataP50Ms: 17,
  dataP99Ms: 63,
  rssMiddleThirdMb: 139,
  rssLastThirdMb: 141,
  rssMaxMb: 143,
};

/** The cells of a Markdown table's rows (header and rule included), trimmed. */
const cells = (table: string) =>
  table.split('\n').map((line) =>
    line
      .slice(2, -2)
      .split(/(?<!\\) \| /)
      .map((cell) => cell.trim()),
  );

describe('the benchmark figures table', () => {
  it('has a row per metric, in the order run, with what it measures, target, latest and pass', () => {
    const rows = cells(benchTable(RESULTS));
    expect(rows[0]).toEqual(['metric', 'what is measured', 'target', 'latest', 'pass']);
    expect(rows.slice(2)).toEqual([
      ['`fetch_all`', WHAT_IS_MEASURED.fetch_all, '≤ 1,207.5 ms', '1,138 ms', 'yes'],
      ['`fetch_all_c1`', 'the same at concurrency 1', 'reported', '3,542 ms', '—'],
      ['`sort_100k`', 'header click → first row changes', '≤ 100 ms', '250 ms', '**no**'],
      ['`some_new_metric`', 'a \\| b', '≥ 5', '7', 'yes'],
    ]);
  });

  it('pads its columns, so the plain text lines up', () => {
    const lines = benchTable(RESULTS).split('\n');
    const length = [...(lines[0] as string)].length;
    for (const line of lines) expect([...line].length).toBe(length);
    expect(lines[1]).toMatch(/^\| -+ \| -+ \| -+ \| -+ \| -+ \|$/);
  });

  it('describes every metric the benchmark records', () => {
    const spec = readFileSync(resolve(ROOT, 'bench/bench.spec.ts'), 'utf8');
    const named = [...spec.matchAll(/\bmetric\(\s*'(\w+)'/g)].map(([, name]) => name as string);
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((name) => !(name in WHAT_IS_MEASURED))).toEqual([]);
    for (const suffix of ['', '_saturated']) {
      for (const p of ['p50', 'p99'])
        expect(WHAT_IS_MEASURED).toHaveProperty(`proxy_overhead${suffix}_${p}`);
    }
  });
});

describe('the load figures table', () => {
  it('shows the answers, the latency of data and the memory, with their verdicts', () => {
    expect(cells(loadTable(LOAD)).slice(2)).toEqual([
      [
        'load: answers',
        '200 clients for 30 s: every answer is data or the designed 429',
        'no 5xx, no reset',
        '235,666 (7,856 a second): 126,385 × 200, 109,281 × 429, 0 × 5xx, 0 resets',
        'yes',
      ],
      ['load: data latency', 'p50 / p99 of the answers with data', 'reported', '17 / 63 ms', '—'],
      [
        'load: memory',
        "the server's resident memory, middle third → last third of the run",
        'growth < 25 MB',
        '139 → 141 MB (max 143 MB)',
        'yes',
      ],
    ]);
  });

  it('fails the answers on a 5xx, a reset, another status or no data at all', () => {
    const answers = (changes: Partial<LoadResults>) =>
      loadVerdicts({ ...LOAD, ...changes }).answers;
    expect(answers({})).toBe(true);
    expect(answers({ serverErrors: 1, statuses: { ...LOAD.statuses, '502': 1 } })).toBe(false);
    expect(answers({ resets: 1 })).toBe(false);
    expect(answers({ statuses: { ...LOAD.statuses, '404': 3 } })).toBe(false);
    expect(answers({ statuses: { '429': 10 } })).toBe(false);
  });

  it('fails the memory from a growth of 25 MB', () => {
    const memory = (last: number) => loadVerdicts({ ...LOAD, rssLastThirdMb: last }).memory;
    expect(memory(163)).toBe(true);
    expect(memory(164)).toBe(false);
    expect(cells(loadTable({ ...LOAD, rssLastThirdMb: 170 }))[4]?.[4]).toBe('**no**');
  });
});

describe('the figures in docs/performance.md', () => {
  const document = [
    '# Performance',
    '<!-- bench:figures:start -->',
    'old bench table',
    '<!-- bench:figures:end -->',
    'Prose between.',
    '<!-- load:figures:start -->',
    'old load table',
    '<!-- load:figures:end -->',
    'Prose after.',
  ].join('\n');

  it('replaces only what lies between the markers of the table named', () => {
    const written = replaceFigures(document, 'bench', '| new |');
    expect(written).toBe(
      document.replace(
        '<!-- bench:figures:start -->\nold bench table',
        '<!-- bench:figures:start -->\n\n| new |\n',
      ),
    );
    expect(replaceFigures(written, 'bench', '| new |')).toBe(written);
    expect(replaceFigures(written, 'load', 'x')).toContain(
      'Prose between.\n<!-- load:figures:start -->\n\nx\n\n<!-- load:figures:end -->\nProse after.',
    );
  });

  it('refuses a document that lost its markers', () => {
    expect(() => replaceFigures('# Performance\n', 'bench', 'x')).toThrow(/bench:figures:start/);
    expect(() =>
      replaceFigures(document.replace('<!-- load:figures:end -->', ''), 'load', 'x'),
    ).toThrow();
  });

  it('holds both tables, as a run writes them', () => {
    const performance = readFileSync(resolve(ROOT, PERFORMANCE_DOC), 'utf8');
    const load = JSON.parse(readFileSync(resolve(ROOT, 'bench/load-results.json'), 'utf8'));
    expect(replaceFigures(performance, 'load', loadTable(load))).toBe(performance);
    const benchRows =
      /<!-- bench:figures:start -->\n\n([\s\S]*?)\n\n<!-- bench:figures:end -->/.exec(performance);
    expect(benchRows?.[1]).toMatch(
      /^\| metric +\| what is measured +\| target +\| latest +\| pass +\|/,
    );
  });

  it('lays out any table as Markdown', () => {
    expect(markdownTable(['a', 'bb'], [['ccc', 'd']])).toBe(
      ['| a   | bb |', '| --- | -- |', '| ccc | d  |'].join('\n'),
    );
  });
});
