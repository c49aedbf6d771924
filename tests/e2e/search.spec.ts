import { type Browser, expect, type Page, type TestInfo, test } from '@playwright/test';
import { search } from '../support/search-form';
import { API, pagesOf, persistedSearches, recordApiRequests, summary } from './api-requests';

const grid = (page: Page) => page.getByRole('grid', { name: 'Disconformidades' });

async function upstreamRequests(page: Page, key: string): Promise<number> {
  const response = await page.request.get('/api/__simulator/stats');
  const stats = (await response.json()) as { bySearch: Record<string, number> };
  return stats.bySearch[key] ?? 0;
}

/** A new browser context with the project's settings (base URL, locale, time zone). */
async function freshPage(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const { baseURL, locale, timezoneId } = testInfo.project.use;
  const context = await browser.newContext({ baseURL, locale, timezoneId });
  return context.newPage();
}

test("the seed's search reads every page once, and a reload costs nothing", async ({ page }) => {
  const requests = recordApiRequests(page);
  await page.goto('/');
  await search(page, '76.999.999-K', '2019-11-14', '2025-11-05');

  // The bar is there only while pages load (well under a second here): its figures are
  // checked mid-way by the next test, with slowed pages.
  await expect(summary(page)).toContainText('4.575 casos');
  await expect(grid(page)).toHaveAttribute('aria-rowcount', '4576');
  await expect(page.getByRole('progressbar', { name: 'Casos leídos' })).toHaveCount(0);
  expect(requests).toHaveLength(23);
  const bodies = requests.map((r) => r.postDataJSON().RequestData);
  expect(new Set(bodies.map((b) => b.RutDeudor))).toEqual(new Set(['76999999']));
  expect(bodies[0]).toMatchObject({
    FechaCreacionDelCasoDesde: '11/14/2019',
    FechaCreacionDelCasoHasta: '11/05/2025',
    Filas: '200',
    Paginas: '0',
  });
  expect(new Set(pagesOf(requests)).size).toBe(23);
  expect(requests.some((r) => r.headers()['cache-control'] !== undefined)).toBe(false);
  await expect(page).toHaveURL(/rut=76999999-K&desde=2019-11-14&hasta=2025-11-05/);
  await page.screenshot({ path: 'test-results/search-complete.png' });
  // The complete search is saved in idle time: a reload before that reads it again.
  await expect.poll(() => persistedSearches(page)).toBe(1);

  await page.reload();
  await expect(summary(page)).toContainText('4.575 casos');
  await expect(grid(page)).toHaveAttribute('aria-rowcount', '4576');
  expect(requests).toHaveLength(23);

  await page.getByRole('button', { name: 'Actualizar' }).click();
  await expect.poll(() => requests.length).toBe(46);
  await expect(summary(page)).toContainText('4.575 casos');
  expect(requests.slice(23).every((r) => r.headers()['cache-control'] === 'no-cache')).toBe(true);
});

test('the progress bar counts rows against the total while pages load', async ({ page }) => {
  // Slow every page down (4 pages, one at a time) so the bar can be read mid-way.
  await page.route(`**${API}`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 600));
    await route.continue();
  });
  await page.goto('/?rut=76999999-K&desde=2022-01-01&hasta=2022-12-31&conc=1');
  const progress = page.getByRole('progressbar', { name: 'Casos leídos' });
  await expect(progress).toHaveAttribute('aria-valuenow', /^[1-9]\d*$/);
  // Read at once, in the page, while the bar is still there.
  const { now, max, text } = await page.evaluate(() => {
    const bar = document.querySelector('[role="progressbar"]');
    return {
      now: bar?.getAttribute('aria-valuenow'),
      max: bar?.getAttribute('aria-valuemax'),
      text: document.querySelector('[data-testid="progress-text"]')?.textContent,
    };
  });
  expect(Number(now)).toBeLessThan(Number(max));
  expect(text).toMatch(/^\d{1,3}(\.\d{3})* de \d{1,3}(\.\d{3})*$/);
  expect(text).toBe(
    `${Number(now).toLocaleString('es-CL')} de ${Number(max).toLocaleString('es-CL')}`,
  );
  await page.screenshot({ path: 'test-results/search-progress.png' });
  await expect(summary(page)).toBeVisible({ timeout: 15_000 });
});

test('the table does not move when the search ends and the figures come', async ({ page }) => {
  // Slow pages: the view is read while loading, then once the charts are drawn.
  await page.route(`**${API}`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  await page.goto('/?rut=76999999-K&desde=2022-01-01&hasta=2022-12-31&conc=1');
  await expect(page.getByRole('progressbar', { name: 'Casos leídos' })).toHaveAttribute(
    'aria-valuenow',
    /^[1-9]\d*$/,
  );
  const gridTop = () =>
    page.evaluate(() => document.querySelector('[role="grid"]')?.getBoundingClientRect().top);
  const whileLoading = await gridTop();
  await expect(page.locator('[data-chart] .recharts-surface').first()).toBeVisible({
    timeout: 15_000,
  });
  await expect(page.locator('[data-testid="kpis"]:not([aria-busy="true"])')).toBeVisible();
  expect(Math.abs(((await gridTop()) ?? 0) - (whileLoading ?? 0))).toBeLessThan(2);
});

test('a shared link opened in a fresh browser costs no upstream request within the proxy TTL', async ({
  page,
  browser,
}, testInfo) => {
  const url = '/?rut=76999999-K&desde=2021-01-01&hasta=2021-12-31';
  const key = '76999999|2021-01-01|2021-12-31';
  await page.goto(url);
  await expect(summary(page)).toBeVisible();
  const afterFirst = await upstreamRequests(page, key);
  expect(afterFirst).toBeGreaterThan(0);

  const colleague = await freshPage(browser, testInfo);
  const colleagueRequests = recordApiRequests(colleague);
  await colleague.goto(url);
  await expect(summary(colleague)).toBeVisible();
  expect(colleagueRequests.length).toBe(afterFirst);
  expect(await upstreamRequests(page, key)).toBe(afterFirst);
  await colleague.context().close();
});

test('100,000 cases: the cost is asked after page 0, and declining makes no request', async ({
  page,
}) => {
  const requests = recordApiRequests(page);
  await page.goto('/?rut=99000000&desde=2020-01-01&hasta=2020-12-31&filas=1000');
  const question = page.getByRole('alertdialog', { name: '¿Continuar la búsqueda?' });
  await expect(question).toContainText('100.000 casos');
  await expect(question).toContainText('99 solicitudes');
  expect(requests).toHaveLength(1);
  await page.screenshot({ path: 'test-results/search-cost-question.png' });
  await question.getByRole('button', { name: 'Cancelar' }).click();
  await expect(page.getByText('Búsqueda detenida antes de leerlo todo')).toBeVisible();
  await expect(grid(page)).toHaveAttribute('aria-rowcount', '1001');
  await page.waitForTimeout(300);
  expect(requests).toHaveLength(1);
});

test('back and forward move between searches, each with its own rows', async ({ page }) => {
  await page.goto('/');
  await search(page, '76999999-K', '2023-01-01', '2023-01-31');
  await expect(summary(page)).toBeVisible();
  const first = (await summary(page).locator('strong').textContent()) ?? '';
  await search(page, '76999999-K', '2023-02-01', '2023-06-30');
  await expect(summary(page)).toBeVisible();
  await expect(page).toHaveURL(/desde=2023-02-01/);
  const second = (await summary(page).locator('strong').textContent()) ?? '';
  expect(second).not.toBe(first);

  await page.goBack();
  await expect(page).toHaveURL(/desde=2023-01-01/);
  await expect(summary(page).locator('strong')).toHaveText(first);
  await expect(page.getByLabel('Desde')).toHaveValue('2023-01-01');
  await page.goForward();
  await expect(page).toHaveURL(/desde=2023-02-01/);
  await expect(summary(page).locator('strong')).toHaveText(second);
});

test('a search started while another loads ends with only the new rows', async ({ page }) => {
  const requests = recordApiRequests(page);
  // The first search is slow: its answers would arrive after the second search is done.
  await page.route(`**${API}`, async (route) => {
    const body = route.request().postDataJSON();
    if (body.RequestData.FechaCreacionDelCasoDesde === '01/01/2018') {
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    await route.continue().catch(() => undefined);
  });
  await page.goto('/');
  await search(page, '76999999-K', '2018-01-01', '2018-12-31');
  await expect(page.getByRole('progressbar')).toBeVisible();
  await search(page, '76999999-K', '2024-03-01', '2024-03-31');
  await expect(summary(page)).toBeVisible();
  const count = Number(
    ((await summary(page).locator('strong').textContent()) ?? '').replace(/\./g, ''),
  );
  await page.waitForTimeout(1800);
  await expect(grid(page)).toHaveAttribute('aria-rowcount', String(count + 1));
  await expect(summary(page).locator('strong')).toHaveText(count.toLocaleString('es-CL'));
  const oldRows = await grid(page)
    .getByRole('row')
    .filter({ hasText: /-2018 / })
    .count();
  expect(oldRows).toBe(0);
  expect(
    requests.some((r) => r.postDataJSON().RequestData.FechaCreacionDelCasoDesde === '03/01/2024'),
  ).toBe(true);
});

test('bad values in the URL show in the form with their errors, and nothing is requested', async ({
  page,
}) => {
  const requests = recordApiRequests(page);
  await page.goto('/?rut=76999999-1&desde=2019-02-30&hasta=2019-11-05');
  await expect(page.getByLabel('RUT deudor')).toHaveValue('76999999-1');
  await expect(page.getByText('El dígito verificador no corresponde al RUT.')).toBeVisible();
  await expect(page.getByText('«Desde» no es una fecha válida (dd-mm-aaaa).')).toBeVisible();
  await page.waitForTimeout(300);
  expect(requests).toHaveLength(0);
});

test('the form refuses a wrong check digit, an empty field and an inverted range without a request', async ({
  page,
}) => {
  const requests = recordApiRequests(page);
  await page.goto('/');
  await search(page, '76.999.999-5', '2020-01-01', '2019-01-01');
  await expect(page.getByText('El dígito verificador no corresponde al RUT.')).toBeVisible();
  await expect(page.getByText('«Desde» no puede ser posterior a «Hasta».')).toBeVisible();
  await expect(page.getByLabel('RUT deudor')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('RUT deudor').fill('');
  await page.getByRole('button', { name: 'Buscar' }).click();
  await expect(page.getByText('Ingrese un RUT.')).toBeVisible();
  await page.screenshot({ path: 'test-results/search-form-errors.png' });
  expect(requests).toHaveLength(0);
  await expect(page).toHaveURL(/\/$/);
});

test('any RUT spelling is accepted and sent as the bare body', async ({ page }) => {
  const requests = recordApiRequests(page);
  await page.goto('/');
  await search(page, '76999999k', '2020-05-01', '2020-05-31');
  await expect(summary(page)).toBeVisible();
  expect(requests[0]?.postDataJSON().RequestData.RutDeudor).toBe('76999999');
});

test('"Cancelar" aborts the requests in flight, keeps the rows read, and "Reanudar" reads only the rest', async ({
  page,
}) => {
  const requests = recordApiRequests(page);
  const aborted: string[] = [];
  page.on('requestfailed', (request) => {
    if (new URL(request.url()).pathname === API)
      aborted.push(request.postDataJSON().RequestData.Paginas);
  });
  let slow = true;
  await page.route(`**${API}`, async (route) => {
    const pageIndex = route.request().postDataJSON().RequestData.Paginas;
    // Slow enough that the search is still running when "Cancelar" is clicked on a busy machine.
    if (slow && pageIndex !== '0') await new Promise((resolve) => setTimeout(resolve, 4000));
    await route.continue().catch(() => undefined);
  });
  await page.goto('/?rut=76999999-K&desde=2019-06-01&hasta=2020-12-31&conc=2');
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /^[1-9]/);
  await page.getByRole('button', { name: 'Cancelar' }).click();
  await expect(
    page.getByText(/Búsqueda cancelada: se leyeron [\d.]+ de [\d.]+ casos/),
  ).toBeVisible();
  await expect.poll(() => aborted.length).toBeGreaterThan(0);
  const sentBeforeResume = requests.length;
  const readPages = new Set(
    requests.map((r) => r.postDataJSON().RequestData.Paginas).filter((p) => !aborted.includes(p)),
  );
  await page.waitForTimeout(1000);
  expect(requests.length).toBe(sentBeforeResume);

  slow = false;
  await page.getByRole('button', { name: 'Reanudar' }).click();
  await expect(summary(page)).toBeVisible();
  const resumed = requests.slice(sentBeforeResume).map((r) => r.postDataJSON().RequestData.Paginas);
  expect(resumed.some((p) => readPages.has(p))).toBe(false);
  expect(resumed.length).toBeGreaterThan(0);
});
