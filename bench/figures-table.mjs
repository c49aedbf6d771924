// The figures tables of docs/performance.md, made from a full run's results (never typed by
// hand): the benchmark's from bench/results.json (bench/run.mjs), the load test's from
// bench/load-results.json (bench/load.mjs). Pure. What each figure measures is said here, once.

/** What each benchmark metric measures, by its name in bench/bench.spec.ts. */
export const WHAT_IS_MEASURED = {
  fetch_all:
    'the published example (4,575 cases, 23 pages of 200) at concurrency 4, 150 ms latency: click → every row painted',
  fetch_all_c1: 'the same at concurrency 1',
  fetch_all_speedup: '`fetch_all_c1` / `fetch_all`, run by run',
  first_rows: 'the same search: click → first row painted',
  requests: 'API requests of the first search',
  requests_after_reload: 'API requests after reloading the page',
  load_100k: '100,000 cases, 1,000 a page, latency 0: click → every row painted',
  load_100k_browser: "the page's main thread busy between the click and that paint (trace)",
  longest_task_100k:
    "the page's longest main-thread task, click → 3 s after that paint (0: none over 50 ms)",
  load_100k_charts: 'click → charts painted (they follow the rows)',
  load_100k_main_cpu: 'CPU time of those main-thread tasks',
  load_100k_worker_cpu: "the page worker's CPU time in the same window",
  transfer_100k: 'bytes on the network for the 100 pages (brotli)',
  heap_100k: 'JavaScript heap after garbage collection, 100,000 rows loaded',
  sort_100k: 'header click → first row changes',
  search_100k: 'global search applied (after its debounce) → row count changes',
  scroll_100k_median_frame: 'median frame while scrolling through 100,000 rows',
  scroll_100k_p95_frame: '95th-percentile frame, same scroll',
  csv_100k: '"Descargar CSV" click → file ready',
  dom_rows_1k: 'rows in the document at 1,000 rows, at rest and scrolling (most seen)',
  dom_rows_100k: 'the same at 100,000 rows',
  dom_rows_difference: 'difference between those two, run by run',
  bundle: 'initial JavaScript, gzipped (the entry script and what it preloads)',
  proxy_overhead_p50:
    'latency the proxy adds at the median: 2,000 requests, 50 at a time, 150 ms upstream latency',
  proxy_overhead_p99: 'the same at the 99th percentile',
  proxy_overhead_saturated_p50:
    'the same at latency 0, median: client, proxy and simulator share the cores flat out',
  proxy_overhead_saturated_p99: 'the same at latency 0, 99th percentile',
};

/** The load test passes when the server's memory grows less than this, middle → last third. */
export const MEMORY_GROWTH_LIMIT_MB = 25;

const COLUMNS = ['metric', 'what is measured', 'target', 'latest', 'pass'];
const REPORTED = '(reported)';
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** A Markdown table with its columns padded, so that it reads as a table in plain text too. */
export function markdownTable(header, rows) {
  const width = (cell) => [...cell].length;
  const widths = header.map((title, i) => Math.max(width(title), ...rows.map((r) => width(r[i]))));
  const line = (cells) =>
    `| ${cells.map((cell, i) => cell + ' '.repeat(widths[i] - width(cell))).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Numbers in a text grouped as the table's figures are ("≤ 1207.5 ms" → "≤ 1,207.5 ms"). */
const withGrouping = (text) => text.replace(/\d+(?:\.\d+)?/g, (n) => count.format(Number(n)));

const escapeCell = (text) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The benchmark's table: one row per metric, in the order the benchmark recorded them. */
export function benchTable(results) {
  return markdownTable(
    COLUMNS,
    results.map((result) => {
      const reported = result.target === REPORTED;
      return [
        `\`${result.name}\``,
        escapeCell(WHAT_IS_MEASURED[result.name] ?? result.note ?? ''),
        reported ? 'reported' : withGrouping(result.target),
        `${count.format(result.value)} ${result.unit}`.trim(),
        reported ? '—' : result.pass ? 'yes' : '**no**',
      ];
    }),
  );
}

/**
 * The load test's verdicts, each from the figures its row shows. The memory means are whole
 * MB there, so near the limit the verdict errs towards "no", never towards "yes".
 */
export function loadVerdicts(load) {
  const statuses = Object.keys(load.statuses).map(Number);
  return {
    answers:
      (load.statuses['200'] ?? 0) > 0 &&
      load.resets === 0 &&
      load.serverErrors === 0 &&
      statuses.every((status) => status === 200 || status === 429),
    memory: load.rssLastThirdMb - load.rssMiddleThirdMb < MEMORY_GROWTH_LIMIT_MB,
  };
}

/** The load test's table: its answers, the latency of data, the server's memory. */
export function loadTable(load) {
  const verdicts = loadVerdicts(load);
  const statuses = Object.entries(load.statuses)
    .map(([status, n]) => `${count.format(n)} × ${status}`)
    .join(', ');
  const yes = (pass) => (pass ? 'yes' : '**no**');
  return markdownTable(COLUMNS, [
    [
      'load: answers',
      `${load.clients} clients for ${load.seconds} s: every answer is data or the designed 429`,
      'no 5xx, no reset',
      `${count.format(load.requests)} (${count.format(load.perSecond)} a second): ${statuses}, ${count.format(load.serverErrors)} × 5xx, ${count.format(load.resets)} resets`,
      yes(verdicts.answers),
    ],
    [
      'load: data latency',
      'p50 / p99 of the answers with data',
      'reported',
      `${load.dataP50Ms} / ${load.dataP99Ms} ms`,
      '—',
    ],
    [
      'load: memory',
      "the server's resident memory, middle third → last third of the run",
      `growth < ${MEMORY_GROWTH_LIMIT_MB} MB`,
      `${load.rssMiddleThirdMb} → ${load.rssLastThirdMb} MB (max ${load.rssMaxMb} MB)`,
      yes(verdicts.memory),
    ],
  ]);
}

const marker = (name, end) => `<!-- ${name}:figures:${end ? 'end' : 'start'} -->`;

/**
 * The document with what lies between its `<!-- name:figures:start -->` and
 * `<!-- name:figures:end -->` comments replaced by `table`. Throws when the markers are
 * missing, so that a lost marker fails the run instead of leaving the figures unwritten.
 */
export function replaceFigures(document, name, table) {
  const start = document.indexOf(marker(name, false));
  const end = document.indexOf(marker(name, true));
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`figures-table: no ${marker(name, false)} … ${marker(name, true)} pair`);
  }
  const head = document.slice(0, start + marker(name, false).length);
  return `${head}\n\n${table}\n\n${document.slice(end)}`;
}

/** The document that holds the figures tables. */
export const PERFORMANCE_DOC = 'docs/performance.md';
