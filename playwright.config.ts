import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './tests/support/chromium';
import { e2ePort } from './tests/support/e2e-port';

export const E2E_PORT = e2ePort();
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;

export default defineConfig({
  testDir: 'tests',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? 'list' : [['list'], ['html', { open: 'never' }]],
  timeout: 60_000,
  // Waits, not timing assertions: a search loads slower when the 100k test runs beside it.
  expect: { timeout: 15_000 },
  use: {
    baseURL: E2E_BASE_URL,
    locale: 'es-CL',
    timezoneId: 'America/Santiago',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: findChromium(),
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    { name: 'chromium', testDir: 'tests/e2e' },
    // `npm run screenshot` only: the pictures of docs/screenshots/.
    { name: 'readme', testDir: 'tests/screenshots' },
  ],
  // The production build (not the dev server: StrictMode's double effects skew request counts).
  webServer: {
    command: 'node dist/server/main.js',
    url: `${E2E_BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    env: {
      HOST: '127.0.0.1',
      PORT: String(E2E_PORT),
      SIM_LATENCY_MS: '20',
      SIM_JITTER_MS: '0',
      SIM_CONTROL: '1',
    },
  },
});
