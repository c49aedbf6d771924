#!/usr/bin/env node
// `npm run bench [-- --quick]`: runs the benchmark in Playwright's runner (which reads
// TypeScript). Full mode fails when a target is missed, and writes the figures tables of
// docs/performance.md from its results; quick mode (CI) only checks that the benchmark still
// runs, never a timing, and leaves the documents alone.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { benchTable, loadTable, PERFORMANCE_DOC, replaceFigures } from './figures-table.mjs';

const RESULTS = 'bench/results.json';
const LOAD_RESULTS = 'bench/load-results.json';

const quick = process.argv.includes('--quick');
const startedAt = Date.now();
const result = spawnSync('npx', ['playwright', 'test', '--config', 'bench/bench.config.ts'], {
  stdio: 'inherit',
  env: { ...process.env, BENCH_QUICK: quick ? '1' : '' },
});
// A full run that missed a target still wrote its figures: they are the latest. A run that
// wrote none (it broke off) leaves the older ones.
if (!quick && existsSync(RESULTS) && statSync(RESULTS).mtimeMs >= startedAt) {
  const read = (path) => JSON.parse(readFileSync(path, 'utf8'));
  const withBench = replaceFigures(
    readFileSync(PERFORMANCE_DOC, 'utf8'),
    'bench',
    benchTable(read(RESULTS)),
  );
  writeFileSync(PERFORMANCE_DOC, replaceFigures(withBench, 'load', loadTable(read(LOAD_RESULTS))));
  console.log(`bench: figures written to ${PERFORMANCE_DOC}`);
}
process.exit(result.status ?? 1);
