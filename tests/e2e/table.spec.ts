import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { parseCsv } from '../support/fixtures/csv';
import { collectProblems, summary } from './api-requests';

const SEED = '/?rut=76999999-K&desde=2019-11-14&hasta=2025-11-05';

const grid = (page: Page) => page.getByRole('grid', { name: 'Disconformidades' });
const bodyRows = (page: Page) =>
  grid(page).locator('[role="row"][aria-rowindex]:not([aria-rowindex="1"])');

async function rowCount(page: Page): Promise<number> {
  return Number(await grid(page).getAttribute('aria-rowcount')) - 1;
}

async function headers(page: Page): Promise<string[]> {
  return (await grid(page).getByRole('columnheader').allInnerTexts()).map((t) =>
    t.replace(/[▲▼]\d*$/, '').trim(),
  );
}

/** The cells of the first `n` rows as shown. */
async function firstRows(page: Page, n: number): Promise<string[][]> {
  const rows = bodyRows(page);
  const result: string[][] = [];
  for (let i = 0; i < n; i++) {
    result.push(await rows.nth(i).getByRole('gridcell').allInnerTexts());
  }
  return result;
}

async function kpis(page: Page): Promise<string[]> {
  return page.getByTestId('kpi-value').allInnerTexts();
}

async function downloadCsv(page: Page, trigger: Locator): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger.click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/** `$1.234.568` → 1234568; `-$1.500` → -1500. */
const amount = (shown: string) => Number(shown.replace(/[$.]/g, ''));
/** `05-11-2025 16:29` → `2025-11-05 16:29`, the CSV's form. */
const isoOf = (shown: string) => {
  const [date, time] = shown.split(' ');
  const [d, m, y] = (date ?? '').split('-');
  return time ? `${y}-${m}-${d} ${time}` : `${y}-${m}-${d}`;
};

test.describe('the table', () => {
  test('100,000 cases: all rows load, the document holds only the visible ones, and the end is reachable', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto('/?rut=99000000&desde=2020-01-01&hasta=2020-12-31&filas=1000');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Continuar' }).click();
    await expect(summary(page)).toContainText('100.000 casos', { timeout: 90_000 });
    await expect(grid(page)).toHaveAttribute('aria-rowcount', '100001');
    expect(await bodyRows(page).count()).toBeLessThanOrEqual(60);

    const scroller = grid(page);
    let maxRows = 0;
    for (let step = 1; step <= 10; step++) {
      await scroller.evaluate((el, f) => {
        el.scrollTop = el.scrollHeight * f;
      }, step / 10);
      await page.waitForTimeout(50);
      maxRows = Math.max(maxRows, await bodyRows(page).count());
    }
    expect(maxRows).toBeLessThanOrEqual(60);
    await expect(grid(page).locator('[aria-rowindex="100001"]')).toBeVisible();
    // Newest first: the last row is the oldest case.
    await expect(grid(page).locator('[aria-rowindex="100001"]')).toContainText('DC-0000-000001');
  });

  test('the CSV is the view: same rows, order and columns, unformatted, with BOM and neutralized formulas', async ({
    page,
  }) => {
    await page.goto(SEED);
    await expect(summary(page)).toBeVisible();
    // Sort by amount, keep one status, search a word.
    await grid(page).getByRole('button', { name: 'Monto neto', exact: true }).click();
    await grid(page).getByRole('button', { name: 'Monto neto', exact: true }).click();
    await expect(grid(page).getByRole('columnheader', { name: /Monto neto/ })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    await page.getByRole('button', { name: 'Filtrar Estado' }).click();
    await page.getByRole('checkbox', { name: /Cerrada/ }).check();
    await page.keyboard.press('Escape');
    const closed = await rowCount(page);
    await page.getByLabel('Buscar en la tabla').fill('revisar');
    await expect(page).toHaveURL(/buscar=revisar/);
    await expect.poll(() => rowCount(page)).toBeLessThan(closed);
    const count = await rowCount(page);
    expect(count).toBeGreaterThan(5);

    const { name, text } = await downloadCsv(
      page,
      page.getByRole('button', { name: 'Descargar CSV' }),
    );
    expect(name).toBe('disconformidades_76999999-K_2019-11-14_2025-11-05.csv');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = parseCsv(text.slice(1), ';');
    expect(header).toEqual(await headers(page));
    expect(rows).toHaveLength(count);

    const shown = await firstRows(page, Math.min(count, 15));
    const col = (label: string) => (header as string[]).indexOf(label);
    shown.forEach((cells, i) => {
      const csv = rows[i] as string[];
      expect(csv[col('Caso')]).toBe(cells[col('Caso')]);
      expect(csv[col('Estado')]).toBe('Cerrada');
      expect(Number(csv[col('Monto neto')])).toBe(amount(cells[col('Monto neto')] as string));
      expect(csv[col('Creación')]).toBe(isoOf(cells[col('Creación')] as string));
    });
    const amounts = rows.map((r) => Number(r[col('Monto neto')]));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    // Accents survive (UTF-8 with BOM), and every row matched the search.
    expect(text).toMatch(/revisión|Período|Descripción/);
    for (const r of rows) expect(r.join(' ').toLowerCase()).toContain('revisar');
  });

  test('a description that starts with "=" is neutralized in the CSV, and "," is an option', async ({
    page,
  }) => {
    await page.goto(`${SEED}&buscar=SUMA(A1`);
    await expect(summary(page)).toBeVisible();
    expect(await rowCount(page)).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Opciones de descarga' }).click();
    await page.getByRole('radio', { name: /Coma/ }).check();
    await page.keyboard.press('Escape');
    const { text } = await downloadCsv(page, page.getByRole('button', { name: 'Descargar CSV' }));
    const [header, ...rows] = parseCsv(text.slice(1), ',');
    const description = (header as string[]).indexOf('Descripción');
    for (const row of rows) expect(row[description]).toMatch(/^'=SUMA/);
  });

  test('a copied URL with sort, filters, hidden column and chart selection shows the same view elsewhere', async ({
    page,
    browser,
  }, testInfo) => {
    await page.goto(SEED);
    await expect(summary(page)).toBeVisible();
    await grid(page).getByRole('button', { name: 'Creación', exact: true }).click();
    await page.getByRole('button', { name: 'Columnas' }).click();
    await page.getByRole('checkbox', { name: 'Período' }).uncheck();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Filtrar Motivo' }).click();
    await page.getByRole('checkbox', { name: /Monto incorrecto/ }).check();
    await page.keyboard.press('Escape');
    // A click on the first bar of the status chart.
    await page.locator('[data-chart="estado"] .recharts-bar-rectangle').first().click();
    await expect(page).toHaveURL(/Estado/);

    const url = page.url();
    const expectedHeaders = await headers(page);
    expect(expectedHeaders).not.toContain('Período');
    const expectedRows = await firstRows(page, 20);
    const expectedKpis = await kpis(page);

    const { baseURL, locale, timezoneId } = testInfo.project.use;
    const context = await browser.newContext({ baseURL, locale, timezoneId });
    const other = await context.newPage();
    await other.goto(url);
    await expect(summary(other)).toBeVisible();
    expect(await headers(other)).toEqual(expectedHeaders);
    expect(await firstRows(other, 20)).toEqual(expectedRows);
    expect(await kpis(other)).toEqual(expectedKpis);
    await context.close();
  });

  test('clicking a status bar leaves only that status in the table', async ({ page }) => {
    await page.goto(SEED);
    await expect(summary(page)).toBeVisible();
    const bar = page.locator('[data-chart="estado"] .recharts-bar-rectangle').nth(1);
    await bar.click();
    const activeFilters = page.getByRole('list', { name: 'Filtros activos' });
    await expect(activeFilters).toContainText('Estado:');
    const chip = (await activeFilters.locator('li span').first().textContent()) ?? '';
    const status = chip.split(': ')[1] ?? '';
    const statuses = await grid(page).getByTestId('status').allInnerTexts();
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([status]));
  });

  test('the keyboard moves between rows, Enter opens the detail with every field, Escape closes it', async ({
    page,
  }) => {
    // The dialog and popovers inject styles: the CSP must let them, and nothing may break.
    const problems = collectProblems(page);
    await page.goto('/?rut=76999999-K&desde=2024-01-01&hasta=2024-01-31');
    await expect(summary(page)).toBeVisible();
    await grid(page).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(grid(page)).toHaveAttribute('aria-activedescendant', 'caso-2');
    const id = (await grid(page).locator('#caso-2 [role="gridcell"]').first().textContent()) ?? '';
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(`Caso ${id}`);
    await expect(dialog).toContainText('Cuadro de pago');
    await expect(dialog).toContainText('RUT deudor');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await page.getByRole('button', { name: 'Filtrar Motivo' }).click();
    await expect(page.getByRole('dialog', { name: 'Filtro de Motivo' })).toBeVisible();
    await page.keyboard.press('Escape');
    expect(problems).toEqual([]);
  });

  test('accent-insensitive search, "Limpiar filtros", and the empty state', async ({ page }) => {
    await page.goto('/?rut=76999999-K&desde=2024-01-01&hasta=2024-06-30');
    await expect(summary(page)).toBeVisible();
    const all = await rowCount(page);
    await page.getByLabel('Buscar en la tabla').fill('revision');
    await expect.poll(() => rowCount(page)).toBeLessThan(all);
    const statuses = await grid(page).getByTestId('status').allInnerTexts();
    expect(statuses.some((s) => s === 'En revisión')).toBe(true);
    await page.getByLabel('Buscar en la tabla').fill('zzzz-no-existe');
    // The message follows the grid (a grid may own only rows).
    const empty = page.getByTestId('grid-empty');
    await expect(empty).toContainText('Ningún caso coincide con los filtros.');
    await expect(grid(page)).toHaveAttribute('aria-rowcount', '1');
    await empty.getByRole('button', { name: 'Limpiar filtros' }).click();
    await expect.poll(() => rowCount(page)).toBe(all);
  });
});

test('a header click sorts, shift-click adds a level, and dragging a header edge resizes the column', async ({
  page,
}) => {
  await page.goto('/?rut=76999999-K&desde=2024-01-01&hasta=2024-03-31');
  await expect(summary(page)).toBeVisible();
  await grid(page).getByRole('button', { name: 'Estado', exact: true }).click();
  await grid(page)
    .getByRole('button', { name: 'Monto neto', exact: true })
    .click({ modifiers: ['Shift'] });
  await grid(page)
    .getByRole('button', { name: 'Monto neto', exact: true })
    .click({ modifiers: ['Shift'] });
  await expect(page).toHaveURL(/orden=Estado%2CMontoNeto%3Adesc|orden=Estado,MontoNeto:desc/);
  const statuses = await grid(page).getByTestId('status').allTextContents();
  expect(statuses).toEqual([...statuses].sort((a, b) => a.localeCompare(b, 'es')));

  const header = grid(page).getByRole('columnheader', { name: /Motivo/ });
  const before = (await header.boundingBox())?.width ?? 0;
  const handle = header.getByTestId('resizer');
  const box = await handle.boundingBox();
  if (!box) throw new Error('no resize handle');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const after = (await header.boundingBox())?.width ?? 0;
  expect(after).toBeGreaterThan(before + 80);
});
