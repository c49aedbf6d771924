// Accessibility: axe-core finds no serious or critical violation in eight states of the app,
// and the whole flow runs from the keyboard alone (no mouse, no `.click()`).
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { parseCsv } from '../support/fixtures/csv';
import { summary } from './api-requests';

const SEED = '/?rut=76999999-K&desde=2019-11-14&hasta=2025-11-05';

const grid = (page: Page) => page.getByRole('grid', { name: 'Disconformidades' });
const bars = (page: Page, chart: string) =>
  page.locator(`[data-chart="${chart}"] .recharts-bar-rectangle`);

/** Serious and critical violations, one line each, so a failure says what and where. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}, ${v.nodes.length}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

async function openSeed(page: Page) {
  await page.goto(SEED);
  await expect(summary(page)).toContainText('4.575 casos');
  await expect(bars(page, 'meses').first()).toBeVisible();
}

test.describe('axe finds no serious or critical violation', () => {
  test('on the empty page', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByText('Simulador integrado')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('in a loaded view', async ({ page }) => {
    await openSeed(page);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('with the search form folded to one line', async ({ page }) => {
    await openSeed(page);
    const form = page.getByRole('region', { name: 'Búsqueda', exact: true });
    await expect(form.getByRole('button', { name: 'Cambiar' })).toBeVisible();
    await expect(page.getByLabel('RUT deudor')).toBeHidden();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('while the first page is on its way (the grid is busy, its placeholders hidden)', async ({
    page,
  }) => {
    // Page 0 held until the check is done.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/v1/**', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(SEED);
    await expect(grid(page)).toHaveAttribute('aria-busy', 'true');
    await expect(page.getByText('Consultando…', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Descargar CSV' })).toBeDisabled();
    expect(await seriousViolations(page)).toEqual([]);
    release();
    await expect(summary(page)).toContainText('4.575 casos');
    await expect(grid(page)).not.toHaveAttribute('aria-busy', 'true');
  });

  test('in an error state', async ({ page }) => {
    await page.goto('/?rut=91000002&desde=2021-01-01&hasta=2021-06-30');
    await expect(page.getByRole('alert')).toContainText('E404');
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('with no row matching the filters', async ({ page }, testInfo) => {
    await page.goto(`${SEED}&buscar=zzzz-no-existe`);
    await expect(summary(page)).toContainText('4.575 casos');
    await expect(page.getByText('Ningún caso coincide con los filtros.')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('a11y-empty-filtered.png') });
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('with the row detail open', async ({ page }) => {
    await openSeed(page);
    await grid(page).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog')).toContainText('Cuadro de pago');
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('in the phone layout (390×844), the view and the row detail', async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openSeed(page);
    await page.screenshot({ path: testInfo.outputPath('a11y-phone.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await grid(page).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog')).toContainText('Cuadro de pago');
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('with the charts and their data tables shown', async ({ page }, testInfo) => {
    await openSeed(page);
    // One table row a bar: the table is the chart in words.
    for (const chart of ['estado', 'acreedores', 'meses']) {
      const figure = page.locator(`[data-chart="${chart}"]`);
      await figure.getByRole('button', { name: /^Ver datos/ }).press('Enter');
      await expect(figure.getByRole('button', { name: /^Ocultar datos/ })).toHaveAttribute(
        'aria-expanded',
        'true',
      );
      await expect(page.locator(`[data-chart="${chart}"] tbody tr`)).toHaveCount(
        await bars(page, chart).count(),
      );
    }
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page
      .locator('[data-chart="estado"]')
      .screenshot({ path: testInfo.outputPath('a11y-chart-estado.png') });
    await page
      .locator('[data-chart="acreedores"]')
      .screenshot({ path: testInfo.outputPath('a11y-chart-acreedores.png') });
    await page
      .locator('[data-chart="meses"]')
      .screenshot({ path: testInfo.outputPath('a11y-chart-meses.png') });
  });
});

/** Presses Tab (or Shift+Tab) until `target` has focus; fails after `limit` presses. */
async function tabTo(page: Page, target: Locator, { back = false, limit = 80 } = {}) {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${target} not reached with ${back ? 'Shift+Tab' : 'Tab'}`);
}

/**
 * Types an ISO date into a focused date input, segment by segment. Chromium orders the
 * segments by its own UI language, not the page's, so one probe date tells the order.
 */
async function typeDate(page: Page, input: Locator, iso: string) {
  const [year, month, day] = iso.split('-') as [string, string, string];
  await page.keyboard.type('01022003');
  const dayFirst = (await input.inputValue()) === '2003-02-01';
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.type(dayFirst ? `${day}${month}${year}` : `${month}${day}${year}`);
  await expect(input).toHaveValue(iso);
}

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

async function rowCount(page: Page): Promise<number> {
  return Number(await grid(page).getAttribute('aria-rowcount')) - 1;
}

test('the whole flow runs from the keyboard alone', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByText('Simulador integrado')).toBeVisible();

  // The form: type the RUT and the dates, then Enter.
  await tabTo(page, page.getByLabel('RUT deudor'));
  await page.keyboard.type('76.999.999-K');
  await page.keyboard.press('Tab');
  await typeDate(page, page.getByLabel('Desde'), '2019-11-14');
  await tabTo(page, page.getByLabel('Hasta'));
  await typeDate(page, page.getByLabel('Hasta'), '2025-11-05');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/rut=76999999-K&desde=2019-11-14&hasta=2025-11-05/);
  await expect(summary(page)).toContainText('4.575 casos');
  await page.screenshot({ path: testInfo.outputPath('a11y-focus-form.png') });

  // The table: arrows move the active row, End and Home jump.
  await tabTo(page, grid(page));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(grid(page)).toHaveAttribute('aria-activedescendant', 'caso-2');
  await grid(page).screenshot({ path: testInfo.outputPath('a11y-focus-grid.png') });
  await page.keyboard.press('End');
  await expect(grid(page)).toHaveAttribute('aria-activedescendant', 'caso-4574');
  await expect(grid(page).locator('[aria-rowindex="4576"]')).toBeVisible();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await expect(grid(page)).toHaveAttribute('aria-activedescendant', 'caso-1');
  const id = (await grid(page).locator('#caso-1 [role="gridcell"]').first().textContent()) ?? '';

  // The detail: Enter opens it with focus inside, Escape closes it and gives focus back.
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Caso ${id}` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cerrar' })).toBeFocused();
  await page.screenshot({ path: testInfo.outputPath('a11y-focus-detail.png') });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(grid(page)).toBeFocused();
  await expect(grid(page)).toHaveAttribute('aria-activedescendant', 'caso-1');

  // A column filter: its button in the header, a checkbox with Space, Escape back to the button.
  const all = await rowCount(page);
  const filterButton = page.getByRole('button', { name: 'Filtrar Estado' });
  await tabTo(page, filterButton);
  await page.screenshot({ path: testInfo.outputPath('a11y-focus-header.png') });
  await page.keyboard.press('Enter');
  const popover = page.getByRole('dialog', { name: 'Filtro de Estado' });
  await expect(popover).toBeVisible();
  await tabTo(page, popover.getByRole('checkbox', { name: /Cerrada/ }), { limit: 12 });
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/Cerrada/);
  await page.screenshot({ path: testInfo.outputPath('a11y-focus-popover.png') });
  await page.keyboard.press('Escape');
  await expect(popover).toBeHidden();
  await expect(filterButton).toBeFocused();
  await expect.poll(() => rowCount(page)).toBeLessThan(all);
  const closed = await rowCount(page);

  // The global search, reached backwards through the headers and the grid.
  const searchBox = page.getByLabel('Buscar en la tabla');
  await tabTo(page, searchBox, { back: true });
  await page.keyboard.type('revisar');
  await expect(page).toHaveURL(/buscar=revisar/);
  await expect.poll(() => rowCount(page)).toBeLessThan(closed);
  const count = await rowCount(page);
  expect(count).toBeGreaterThan(0);

  // The CSV of the view: Enter on "Descargar CSV", the header and one record a row.
  const downloadButton = page.getByRole('button', { name: 'Descargar CSV' });
  await tabTo(page, downloadButton);
  await page.screenshot({ path: testInfo.outputPath('a11y-focus-download.png') });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.keyboard.press('Enter'),
  ]);
  const text = await readFile(await download.path(), 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const [header, ...records] = parseCsv(text.slice(1), ';');
  expect(header).toEqual(
    (await grid(page).getByRole('columnheader').allInnerTexts()).map((t) =>
      t.replace(/[▲▼]\d*$/, '').trim(),
    ),
  );
  expect(records).toHaveLength(count);
  expect(await isFocused(downloadButton)).toBe(true);
});
