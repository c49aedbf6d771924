import { expect, test } from '@playwright/test';
import { collectProblems } from './api-requests';

test('the page opens in Spanish, says its data is simulated, and breaks no CSP rule', async ({
  page,
}) => {
  const problems = collectProblems(page);

  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

  await expect(page).toHaveTitle('Disconformidades CEN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es-CL');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Disconformidades CEN');
  await expect(page.getByText('Simulador integrado')).toBeVisible();

  await page.screenshot({ path: 'test-results/app-shell.png', fullPage: true });
  expect(problems).toEqual([]);
});

test('a deep link to any view serves the app, not a 404', async ({ page }) => {
  const response = await page.goto('/?rut=76999999-K&desde=2019-11-14');
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle('Disconformidades CEN');
});
