// `npm run screenshot`: the README's picture of a loaded view, made anew from the app.
import { expect, test } from '@playwright/test';

test('README screenshot: a loaded view with KPIs, charts and table', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1360 });
  await page.goto('/?rut=76999999-K&desde=2019-11-14&hasta=2025-11-05&orden=MontoNeto:desc');
  await expect(page.getByTestId('summary')).toContainText('4.575 casos', { timeout: 30_000 });
  await expect(page.locator('[data-chart="meses"] .recharts-bar-rectangle').first()).toBeVisible();
  await page.screenshot({ path: 'docs/screenshot.png' });
});
