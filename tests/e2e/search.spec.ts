import { expect, type Page, type Request, test } from '@playwright/test';

const API = '/api/v1/cl/services/cenhub.cl/hub/nonconformities-list';

function recordApiRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === API) requests.push(request);
  });
  return requests;
}

async function search(page: Page, rut: string, from: string, to: string) {
  await page.getByLabel('RUT deudor').fill(rut);
  await page.getByLabel('Desde').fill(from);
  await page.getByLabel('Hasta').fill(to);
  await page.getByRole('button', { name: 'Buscar' }).click();
}

test("the seed's search reads every page once, and a reload costs nothing", async ({ page }) => {
  const requests = recordApiRequests(page);
  await page.goto('/');
  await search(page, '76.999.999-K', '2019-11-14', '2025-11-05');

  const progress = page.getByRole('progressbar', { name: 'Casos leídos' });
  await expect(progress).toHaveAttribute('aria-valuemax', '4575');
  await expect(page.getByRole('status').filter({ hasText: 'casos' }).first()).toContainText('4.575 casos');
  await expect(page.getByRole('grid', { name: 'Disconformidades' })).toHaveAttribute('aria-rowcount', '4576');
  expect(requests).toHaveLength(23);
  const bodies = requests.map((r) => r.postDataJSON().RequestData);
  expect(new Set(bodies.map((b) => b.RutDeudor))).toEqual(new Set(['76999999']));
  expect(bodies[0]).toMatchObject({
    FechaCreacionDelCasoDesde: '11/14/2019',
    FechaCreacionDelCasoHasta: '11/05/2025',
    Filas: '200',
  });
  expect(new Set(bodies.map((b) => b.Paginas)).size).toBe(23);
  await expect(page).toHaveURL(/rut=76999999-K/);
  await page.screenshot({ path: 'test-results/search-complete.png' });

  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'casos' }).first()).toContainText('4.575 casos');
  expect(requests).toHaveLength(23);

  await page.getByRole('button', { name: 'Actualizar' }).click();
  await expect(page.getByRole('button', { name: 'Actualizar' })).toBeVisible();
  await expect.poll(() => requests.length).toBe(46);
});
