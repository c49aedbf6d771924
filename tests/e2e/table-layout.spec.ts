// Where the table sits on the screen: its toolbar and header in sight while the page
// scrolls, the case column pinned while it scrolls sideways, the first rows above the fold
// after a search, and a phone that never scrolls sideways but in the table itself.
import { expect, type Locator, type Page, test } from '@playwright/test';
import { search } from '../support/search-form';
import { summary } from './api-requests';

const SEED = '/?rut=76999999-K&desde=2019-11-14&hasta=2025-11-05';

const grid = (page: Page) => page.getByRole('grid', { name: 'Disconformidades' });
const firstRow = (page: Page) => grid(page).locator('[aria-rowindex="2"]');
const caseHeader = (page: Page) => grid(page).getByRole('columnheader', { name: /^Caso/ });

/** The element fully inside the viewport and the one painted at its centre (not covered). */
async function inSight(target: Locator): Promise<boolean> {
  return target.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const { innerWidth, innerHeight } = window;
    if (box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) {
      return false;
    }
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit !== null && (el === hit || el.contains(hit));
  });
}

async function openSeed(page: Page) {
  await page.goto(SEED);
  await expect(summary(page)).toContainText('4.575 casos');
}

test.describe('at 1280×720', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('the toolbar and the column header stay in sight while the page scrolls', async ({
    page,
  }, testInfo) => {
    await openSeed(page);
    const searchBox = page.getByLabel('Buscar en la tabla');
    const download = page.getByRole('button', { name: 'Descargar CSV' });

    // Scrolled down to the table: toolbar, header and rows together, nothing covering them.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(() => inSight(searchBox)).toBe(true);
    expect(await inSight(download)).toBe(true);
    expect(await inSight(caseHeader(page))).toBe(true);
    expect(await inSight(firstRow(page).getByRole('gridcell').first())).toBe(true);
    await page.screenshot({ path: testInfo.outputPath('table-scrolled-1280.png') });

    // Further down the page (the query's details open), the toolbar stays at the top.
    await page.getByText('Detalles de la consulta').click();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await expect.poll(() => inSight(searchBox)).toBe(true);
    expect((await searchBox.boundingBox())?.y).toBeLessThan(48);
    expect(await inSight(download)).toBe(true);
  });

  test('the case column stays at the left while the table scrolls sideways, until unpinned', async ({
    page,
  }, testInfo) => {
    await openSeed(page);
    const pin = caseHeader(page).getByRole('button', {
      name: 'Fijar la columna Caso a la izquierda',
    });
    await expect(pin).toHaveAttribute('aria-pressed', 'true');
    const caseCell = firstRow(page).getByRole('gridcell').first();
    const id = (await caseCell.textContent()) ?? '';
    expect(id).toMatch(/^DC-/);

    const scrollRight = () =>
      grid(page).evaluate((el) => {
        el.scrollLeft = el.scrollWidth;
      });
    await grid(page).scrollIntoViewIfNeeded();
    await scrollRight();
    await expect.poll(() => grid(page).evaluate((el) => el.scrollLeft)).toBeGreaterThan(200);
    expect(await inSight(caseCell)).toBe(true);
    expect(await inSight(caseHeader(page))).toBe(true);
    await grid(page).screenshot({ path: testInfo.outputPath('pinned-case-column.png') });

    await pin.click();
    await expect(pin).toHaveAttribute('aria-pressed', 'false');
    await scrollRight();
    await expect.poll(() => inSight(caseCell)).toBe(false);

    // Remembered by this browser.
    await page.reload();
    await expect(summary(page)).toContainText('4.575 casos');
    await expect(
      caseHeader(page).getByRole('button', { name: 'Fijar la columna Caso a la izquierda' }),
    ).toHaveAttribute('aria-pressed', 'false');
  });

  test('after "Buscar", the first rows of the table show without scrolling', async ({
    page,
  }, testInfo) => {
    await page.goto('/');
    await search(page, '76999999-K', '2019-11-14', '2025-11-05');
    await expect(summary(page)).toContainText('4.575 casos');
    await expect(firstRow(page)).toBeVisible();
    // Charts and figures have drawn: the layout is final.
    await expect(
      page.locator('[data-chart="meses"] .recharts-bar-rectangle').first(),
    ).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('after-search-1280x720.png') });
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const row = await firstRow(page).boundingBox();
    const layout = await page.evaluate(() =>
      ['header.app-header', 'form', '[data-testid="summary"]', '[data-chart]', '[role="grid"]'].map(
        (selector) => {
          const box = document.querySelector(selector)?.getBoundingClientRect();
          return `${selector}: ${box ? `${Math.round(box.top)}–${Math.round(box.bottom)}` : 'none'}`;
        },
      ),
    );
    expect(row, layout.join(', ')).not.toBeNull();
    expect(row?.y, `first row at ${row?.y}; ${layout.join(', ')}`).toBeLessThanOrEqual(
      720 - (row?.height ?? 0),
    );
  });
});

test.describe('on a 390×844 phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('with 4,575 cases loaded, nothing but the table scrolls sideways', async ({
    page,
  }, testInfo) => {
    await openSeed(page);
    await expect(
      page.locator('[data-chart="meses"] .recharts-bar-rectangle').first(),
    ).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('phone-390.png'), fullPage: true });
    // What sticks out of the viewport, outside the table's own scroll area.
    const overflowing = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const grid = document.querySelector('[role="grid"]');
      return [...document.body.querySelectorAll('*')]
        .filter((el) => !(grid?.contains(el) && el !== grid))
        .filter((el) => el.getBoundingClientRect().right > width + 0.5)
        .map((el) => {
          const name = el.getAttribute('class') || el.getAttribute('aria-label') || '';
          const text = (el.textContent ?? '').trim().slice(0, 30);
          return `${el.tagName.toLowerCase()}.${name} «${text}» → ${Math.round(el.getBoundingClientRect().right)}`;
        });
    });
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, overflowing.join('\n')).toBe(390);
  });

  test('the row detail fills the screen', async ({ page }, testInfo) => {
    await openSeed(page);
    await firstRow(page).getByRole('gridcell').first().tap();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('button', { name: 'Caso siguiente' })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('phone-detail.png') });
    const box = await dialog.boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 390, height: 844 });
    const sideways = await dialog.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(sideways).toBe(0);
    // Each label above its value, which gets the whole width.
    const label = await dialog.getByText('Descripción', { exact: true }).boundingBox();
    const value = await dialog.locator('dt:text-is("Descripción") + dd').boundingBox();
    expect(value?.x).toBe(label?.x);
    expect(value?.y).toBeGreaterThan((label?.y ?? 0) + (label?.height ?? 0) - 1);
  });
});
