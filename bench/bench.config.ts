// `npm run bench` runs this (through bench/run.mjs): one long test that starts its own
// servers, measures, prints a table and writes bench/results.json.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../tests/support/chromium';

export default defineConfig({
  testDir: '.',
  testMatch: process.env.BENCH_SPEC ?? 'bench.spec.ts',
  workers: 1,
  retries: 0,
  timeout: 20 * 60_000,
  reporter: 'list',
  use: {
    locale: 'es-CL',
    timezoneId: 'America/Santiago',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: findChromium(),
      args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
    },
  },
});
