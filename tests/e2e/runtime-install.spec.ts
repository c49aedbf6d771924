// The runtime without dev packages: package.json, package-lock.json and dist/ copied to a
// scratch folder, `npm ci --omit=dev` there (from npm's cache when it can), then the server
// started from it answers its health check and one page of a simulator search, and the
// bundled store command opens (creates, migrates) a PGlite store there and, from a copy of
// dist/server alone, with no node_modules at all. Slow: it installs the app's runtime
// dependencies.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { startBuiltServer } from '../support/built-server';
import { SEED_BODY } from '../support/fixtures/requests';
import { API } from './api-requests';

const run = promisify(execFile);

test('the built server runs from `npm ci --omit=dev` alone', async ({ request }) => {
  test.setTimeout(600_000);
  const dir = mkdtempSync(join(tmpdir(), 'cen-runtime-'));
  try {
    for (const file of ['package.json', 'package-lock.json']) cpSync(file, join(dir, file));
    cpSync('dist', join(dir, 'dist'), { recursive: true });
    const started = performance.now();
    await run(
      'npm',
      ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
      { cwd: dir, timeout: 540_000, maxBuffer: 16 * 1024 * 1024 },
    );
    test.info().annotations.push({
      type: 'npm ci --omit=dev',
      description: `${Math.round(performance.now() - started)} ms`,
    });
    // No dev package came along (the server bundle needs none of them).
    for (const dev of ['vite', 'hono', '@hono/node-server', 'typescript', 'vitest']) {
      expect(existsSync(join(dir, 'node_modules', dev)), dev).toBe(false);
    }
    const server = await startBuiltServer(
      { SIM_LATENCY_MS: '0', SIM_JITTER_MS: '0' },
      { cwd: dir },
    );
    try {
      const health = await request.get(`${server.url}/api/health`);
      expect(await health.json()).toEqual({ status: 'ok', upstream: 'simulator' });
      const page = await request.post(`${server.url}${API}`, { data: SEED_BODY });
      expect(page.status()).toBe(200);
      const body = await page.json();
      expect(body.Data.NonconformitiesList.TotalDisconformidades).toBe(4575);
      expect(body.Data.NonconformitiesList.Disconformidades).toHaveLength(200);
      expect((await request.get(`${server.url}/`)).status()).toBe(200);
    } finally {
      await server.stop();
    }
    // PGlite's WebAssembly and data files are found beside the bundle, in both folders.
    const alone = join(dir, 'server-alone');
    cpSync(join(dir, 'dist', 'server'), alone, { recursive: true });
    for (const [script, dataDir] of [
      [join(dir, 'dist', 'server', 'store-check.js'), join(dir, 'data')],
      [join(alone, 'store-check.js'), join(alone, 'data')],
    ] as const) {
      const { stdout } = await run(process.execPath, [script], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
        timeout: 60_000,
      });
      expect(stdout.trim()).toBe(`Store ready: PGlite in ${dataDir} (schema version 1)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no script the browser loads is over 500 kB (Vite warns past it)', () => {
  const assets = join('dist', 'client', 'assets');
  const sizes = readdirSync(assets)
    .filter((name) => name.endsWith('.js'))
    .map((name) => ({ name, kB: statSync(join(assets, name)).size / 1000 }));
  expect(sizes.length).toBeGreaterThan(0);
  expect(sizes.filter(({ kB }) => kB > 500)).toEqual([]);
});
