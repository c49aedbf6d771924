// The fault matrix (tests/support/fault-matrix.ts) as the user meets it: the built server
// (`node dist/server/main.js`) towards an upstream double on loopback, driven through
// Chromium. Each row: the exact requests of the browser and of the double, the Spanish
// message with its code, the rows read before the fault still in the table and in the CSV,
// and a new try ("Reintentar" where retrying can help, else "Buscar") reading only what is
// missing once the API is healthy again.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import { computeDv } from '@/lib/rut';
import {
  caseItem,
  type FaultDouble,
  PAGE_COUNT,
  startFaultDouble,
  TOTAL_CASES,
} from '../support/fault-double';
import { FAULT_ROWS, type FaultRow } from '../support/fault-matrix';
import { parseCsv } from '../support/fixtures/csv';
import { unfoldSearchForm } from '../support/search-form';
import { pagesOf, recordApiRequests, summary, takenOn } from './api-requests';

/** The proxy's upstream timeout: short, so the "never answers" row takes seconds. */
const PROXY_TIMEOUT_MS = 1000;

let double: FaultDouble;
let server: ChildProcess;
let baseUrl: string;

/** The built server on a free port, towards the double; resolves with its address. */
function startServer(upstream: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/server/main.js'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOST: '127.0.0.1',
        PORT: '0',
        KHIPU_BASE_URL: upstream,
        KHIPU_JWT: 'jwt-de-prueba',
        KHIPU_TIMEOUT_MS: String(PROXY_TIMEOUT_MS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const address = /Listening on (http:\/\/[\d.]+:\d+)/.exec(output)?.[1];
      if (address) resolve({ child, url: address });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
}

test.beforeAll(async () => {
  double = await startFaultDouble();
  for (const row of FAULT_ROWS) double.setBehavior(row.rut, row.behavior);
  const started = await startServer(double.baseUrl);
  server = started.child;
  baseUrl = started.url;
});

test.afterAll(async () => {
  server?.kill();
  await double?.close();
});

const searchUrl = (row: FaultRow) =>
  `${baseUrl}/?rut=${row.rut}-${computeDv(row.rut)}&desde=2021-01-01&hasta=2021-12-31&filas=10&conc=1`;

const countByPage = (pages: readonly number[]) =>
  Array.from({ length: PAGE_COUNT }, (_, page) => pages.filter((p) => p === page).length);

const grid = (page: Page) => page.getByRole('grid', { name: 'Disconformidades' });

async function rowsInTable(page: Page): Promise<number> {
  if ((await grid(page).count()) === 0) return 0;
  return Number(await grid(page).getAttribute('aria-rowcount')) - 1;
}

/** The downloaded CSV of the view. */
async function downloadCsv(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Descargar CSV' }).click();
  return readFile(await (await download).path(), 'utf8');
}

/** Data records of the export: its records after the header, read past the BOM. */
const csvRows = (csv: string) => parseCsv(csv.replace(/^\uFEFF/, ''), ';').length - 1;

for (const row of FAULT_ROWS) {
  test(`fault: ${row.name}`, async ({ page }) => {
    const expected = row.browser;
    const requests = recordApiRequests(page);
    await page.goto(searchUrl(row));

    // The outcome: an alert when the search failed or stopped, the summary when complete.
    const outcome = expected.phase === 'complete' ? summary(page) : page.getByRole('alert');
    await expect(outcome).toBeVisible({ timeout: 30_000 });
    for (const text of expected.shows) await expect(page.locator('main')).toContainText(text);

    expect(countByPage(pagesOf(await takenOn(requests)))).toEqual(expected.requestsByPage);
    expect(double.count(row.rut)).toBe(expected.upstreamRequests);
    if (expected.minGapMs !== undefined) {
      const arrivals = double.arrivals(row.rut, row.probePage);
      expect(arrivals).toHaveLength(expected.requestsByPage[row.probePage] as number);
      const gaps = arrivals.slice(1).map((at, i) => at - (arrivals[i] as number));
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(expected.minGapMs - 5);
    }

    // The rows read before the fault stay in the table, and in the CSV.
    expect(await rowsInTable(page)).toBe(expected.rows);
    if (expected.rows > 0) expect(csvRows(await downloadCsv(page))).toBe(expected.rows);

    if (expected.detail) {
      // A huge field is shown cut: the row and its detail open at once, not in seconds.
      const caseId = caseItem(row.rut, expected.detail.caseIndex).IdCaso as string;
      await page.getByLabel('Buscar en la tabla').fill(caseId);
      const started = Date.now();
      await page.getByRole('gridcell', { name: caseId, exact: true }).click();
      await expect(page.getByRole('dialog')).toContainText(expected.detail.shows);
      expect(Date.now() - started).toBeLessThan(3000);
      await page.getByRole('button', { name: 'Cerrar' }).click();
    }

    if (expected.retryPages) {
      const alert = page.getByRole('alert');
      const kind = expected.failure?.kind;
      if (kind === 'wait-4-hours') {
        // The API's wait holds: nothing may ask again before its time.
        await expect(alert.getByRole('button')).toBeDisabled();
        return;
      }
      await double.heal(row.rut);
      const before = requests.length;
      if (kind === 'stop') {
        // Nothing offers to pay again for what retrying cannot change: a new search is the
        // user's own try, and it reads only what is missing.
        await expect(alert.getByRole('button')).toHaveCount(0);
        await unfoldSearchForm(page);
        await page.getByRole('button', { name: 'Buscar' }).click();
      } else {
        const retry = kind === 'needs-action' ? 'Ya lo resolví: reintentar' : 'Reintentar';
        await alert.getByRole('button', { name: retry }).click();
      }
      await expect(summary(page)).toContainText(`${TOTAL_CASES} casos`);
      expect(pagesOf(await takenOn(requests.slice(before))).sort()).toEqual(expected.retryPages);
      expect(await rowsInTable(page)).toBe(TOTAL_CASES);
    }
  });
}
