import { existsSync } from 'node:fs';
import { chromium, defineConfig } from '@playwright/test';

/** Chromium, in this order: CHROMIUM_PATH, Debian's /usr/bin/chromium, Playwright's own download. */
function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'];
  for (const path of candidates) if (path && existsSync(path)) return path;
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return bundled;
  throw new Error(
    [
      'No Chromium found for the end-to-end tests. Install one of:',
      '  - Debian/Ubuntu: sudo apt-get install -y chromium   (then /usr/bin/chromium is used)',
      '  - any Chromium or Chrome binary, and set CHROMIUM_PATH=/path/to/it',
      "  - Playwright's own build: npx playwright install chromium",
    ].join('\n'),
  );
}

export const E2E_PORT = 4180;
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;

export default defineConfig({
  testDir: 'tests',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? 'list' : [['list'], ['html', { open: 'never' }]],
  timeout: 30_000,
  use: {
    baseURL: E2E_BASE_URL,
    locale: 'es-CL',
    timezoneId: 'America/Santiago',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: findChromium(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'chromium', testDir: 'tests/e2e' },
    // `npm run screenshot` only: the README's picture.
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
