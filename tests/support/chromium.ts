// Where Playwright finds Chromium here, and how it must be started (docs/testing.md): shared by
// the end-to-end tests and the benchmark.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** Chromium, in this order: CHROMIUM_PATH, Debian's /usr/bin/chromium, Playwright's own download. */
export function findChromium(): string {
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

/** Flags for a closed network and a root user (no sandbox). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
