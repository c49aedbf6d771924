#!/usr/bin/env node
// `npm run bench [-- --quick]`: runs the benchmark in Playwright's runner (which reads
// TypeScript). Full mode fails when a target is missed; quick mode (CI) only checks that
// the benchmark still runs, never a timing.
import { spawnSync } from 'node:child_process';

const quick = process.argv.includes('--quick');
const result = spawnSync('npx', ['playwright', 'test', '--config', 'bench/bench.config.ts'], {
  stdio: 'inherit',
  env: { ...process.env, BENCH_QUICK: quick ? '1' : '' },
});
process.exit(result.status ?? 1);
