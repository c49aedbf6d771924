// The keyboard after a search: a skip link to the table, and the row detail that steps
// through the cases in the view's order.
import { expect, type Page, test } from '@playwright/test';
import { fillSearchForm } from '../support/search-form';
import { summary } from './api-requests';

const SEED = '/?rut=76999999-K&desde=2019-11-14&hasta=2025-11-05';

const grid = (page: Page) => page.getByRole('grid', { name: 'Disconformidades' });
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return `${el?.tagName.toLowerCase()} «${(el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim().slice(0, 40)}»`;
  });

test.use({ viewport: { width: 1280, height: 720 } });

test('from "Buscar", at most 3 Tab presses reach the first row, through "Saltar a la tabla"', async ({
  page,
}, testInfo) => {
  await page.goto('/');
  await fillSearchForm(page, '76999999-K', '2019-11-14', '2025-11-05');
  await page.getByRole('button', { name: 'Buscar' }).focus();
  await page.keyboard.press('Enter');
  await expect(summary(page)).toContainText('4.575 casos');

  const skip = page.getByRole('link', { name: 'Saltar a la tabla' });
  const visited: string[] = [];
  for (let presses = 1; presses <= 3; presses++) {
    await page.keyboard.press('Tab');
    visited.push(await focusedName(page));
    if (await skip.evaluate((el) => el === document.activeElement)) {
      // Shown while it has the keyboard.
      const box = await skip.boundingBox();
      expect(box && box.y >= 0 && box.y + box.height <= 720).toBe(true);
      await page.screenshot({ path: testInfo.outputPath('skip-link.png') });
      await page.keyboard.press('Enter');
      break;
    }
    if (await grid(page).evaluate((el) => el === document.activeElement)) break;
  }
  await expect(grid(page), `Tab from Buscar visited: ${visited.join(', ')}`).toBeFocused();
  await expect(grid(page)).toHaveAttribute('aria-activedescendant', 'caso-0');
  const row = await grid(page).locator('#caso-0').boundingBox();
  expect(row && row.y >= 0 && row.y + row.height <= 720).toBe(true);
  await page.screenshot({ path: testInfo.outputPath('skip-link-landed.png') });
});

test('"Saltar a la tabla" is hidden until focused, and moves the keyboard to the grid', async ({
  page,
}) => {
  await page.goto(SEED);
  await expect(summary(page)).toContainText('4.575 casos');
  const skip = page.getByRole('link', { name: 'Saltar a la tabla' });
  const hidden = await skip.boundingBox();
  expect(hidden === null || hidden.y + hidden.height <= 0).toBe(true);
  await skip.focus();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(grid(page)).toBeFocused();
  await expect(grid(page)).toHaveAttribute('aria-activedescendant', 'caso-0');
  await expect(grid(page).locator('#caso-0')).toBeInViewport();
  // The URL keeps the search and the view, with no fragment.
  expect(new URL(page.url()).hash).toBe('');
});

test('the row detail steps to the previous and next case of the view, by button and by arrow key', async ({
  page,
}) => {
  const filters = encodeURIComponent(JSON.stringify({ Estado: ['Cerrada'] }));
  await page.goto(`${SEED}&orden=MontoNeto:desc&filtros=${filters}`);
  await expect(summary(page)).toContainText('4.575 casos');
  const ids = await grid(page)
    .locator('[role="row"][aria-rowindex]:not([aria-rowindex="1"])')
    .evaluateAll((rows) =>
      rows.slice(0, 3).map((row) => row.querySelector('[role="gridcell"]')?.textContent ?? ''),
    );
  expect(ids).toHaveLength(3);

  await grid(page).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  const previous = dialog.getByRole('button', { name: 'Caso anterior', exact: true });
  const next = dialog.getByRole('button', { name: 'Caso siguiente', exact: true });
  await expect(dialog.getByRole('heading')).toHaveText(`Caso ${ids[0]}`);
  await expect(previous).toHaveAttribute('aria-disabled', 'true');
  await expect(previous).toHaveAttribute('title', /↑/);
  await expect(next).toHaveAttribute('title', /↓/);
  await expect(dialog).toContainText(/1 de \d/);

  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByRole('heading')).toHaveText(`Caso ${ids[1]}`);
  await next.click();
  await expect(dialog.getByRole('heading')).toHaveText(`Caso ${ids[2]}`);
  await expect(dialog).toContainText(/3 de \d/);
  await expect(dialog.locator('dt:text-is("Estado") + dd')).toHaveText('Cerrada');
  await page.keyboard.press('ArrowUp');
  await expect(dialog.getByRole('heading')).toHaveText(`Caso ${ids[1]}`);
  await previous.click();
  await expect(dialog.getByRole('heading')).toHaveText(`Caso ${ids[0]}`);
  await next.click();
  await expect(dialog.getByRole('heading')).toHaveText(`Caso ${ids[1]}`);

  // Closed, the keyboard is on the case last shown.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(grid(page)).toBeFocused();
  await expect(grid(page)).toHaveAttribute('aria-activedescendant', 'caso-1');
});
