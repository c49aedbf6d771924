// `npm run screenshot`: the pictures of the docs (docs/screenshots/), made anew from the app
// as a user sees it: the loaded view at three screen sizes, a chart-filtered view and a
// result the API flagged as possibly incomplete.
import { expect, type Page, test } from '@playwright/test';

const SEED = '/?rut=76999999-K&desde=2019-11-14&hasta=2025-11-05';
const shot = (name: string) => `docs/screenshots/${name}.png`;

async function loaded(page: Page, url: string, cases: string) {
  await page.goto(url);
  await expect(page.getByTestId('summary')).toContainText(cases, { timeout: 30_000 });
  await expect(page.locator('[data-chart="meses"] .recharts-bar-rectangle').first()).toBeVisible();
  // The charts' bars grow in: wait for them to settle.
  await page.waitForTimeout(1200);
}

for (const [name, viewport] of [
  ['loaded-1440x900', { width: 1440, height: 900 }],
  ['loaded-1280x720', { width: 1280, height: 720 }],
  ['loaded-390x844', { width: 390, height: 844 }],
] as const) {
  test(`the loaded view at ${viewport.width}×${viewport.height}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await loaded(page, SEED, '4.575 casos');
    await page.screenshot({ path: shot(name) });
  });
}

test('a view filtered from a chart bar', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await loaded(page, SEED, '4.575 casos');
  const bars = page.locator('[data-chart="estado"] .recharts-bar-rectangle');
  await bars.first().click();
  await expect(page.getByRole('button', { name: /^Filtro: / })).toBeVisible();
  await page.waitForTimeout(800);
  await page.screenshot({ path: shot('chart-filtered') });
});

test('a result the API flagged as possibly incomplete', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await loaded(page, '/?rut=93000000-0&desde=2024-01-01&hasta=2024-12-31', 'casos');
  await expect(page.getByText('Los datos pueden estar incompletos').first()).toBeVisible();
  await page.screenshot({ path: shot('incomplete') });
});
