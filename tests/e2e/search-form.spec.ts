// The search form as a daily user meets it: quick ranges that stay relative, recent searches
// that keep only what worked, the form folded to one line after a search, a phone's width,
// and dates said the way the user types them (dd-mm-aaaa).
import { type Browser, expect, type Page, type TestInfo, test } from '@playwright/test';
import { search, unfoldSearchForm } from '../support/search-form';
import { recordApiRequests, summary } from './api-requests';

const SEED = '/?rut=76999999-K&desde=2019-11-14&hasta=2025-11-05';

const form = (page: Page) => page.getByRole('region', { name: 'Búsqueda', exact: true });
const changeButton = (page: Page) => form(page).getByRole('button', { name: 'Cambiar' });
const recentList = (page: Page) => page.getByRole('navigation', { name: 'Búsquedas recientes' });
const requestData = (page: { postDataJSON(): { RequestData: Record<string, string> } }) =>
  page.postDataJSON().RequestData;

/** Noon in Santiago on an ISO day (summer: UTC-3). */
const santiagoNoon = (day: string) => new Date(`${day}T12:00:00-03:00`);

async function freshPage(browser: Browser, testInfo: TestInfo, viewport = VIEWPORT): Promise<Page> {
  const { baseURL, locale, timezoneId } = testInfo.project.use;
  const context = await browser.newContext({ baseURL, locale, timezoneId, viewport });
  return context.newPage();
}

const VIEWPORT = { width: 1280, height: 720 };
test.use({ viewport: VIEWPORT });

test.describe('quick ranges stay relative', () => {
  test("a quick range is its token in the URL, runs with the day's dates and names them", async ({
    page,
  }) => {
    await page.clock.setFixedTime(santiagoNoon('2025-12-03'));
    const requests = recordApiRequests(page);
    await page.goto('/');
    await page.getByLabel('RUT deudor').fill('76.999.999-K');
    await page.getByRole('button', { name: 'Últimos 12 meses' }).click();

    await expect(page).toHaveURL(/[?&]rango=12m(&|$)/);
    expect(page.url()).not.toMatch(/desde=|hasta=/);
    await expect(summary(page)).toBeVisible();
    expect(requestData(requests[0] as never)).toMatchObject({
      FechaCreacionDelCasoDesde: '12/04/2024',
      FechaCreacionDelCasoHasta: '12/03/2025',
    });
    await expect(form(page)).toContainText('Últimos 12 meses: 04-12-2024 a 03-12-2025');
    await page.screenshot({ path: test.info().outputPath(`relative-folded-1280.png`) });

    // Kept relative among the recent searches too: reopened, it is the range again.
    await search(page, '76999999-K', '2023-01-01', '2023-01-31');
    await expect(page).toHaveURL(/desde=2023-01-01/);
    await unfoldSearchForm(page);
    const relative = recentList(page).getByRole('button', { name: /Últimos 12 meses/ });
    await expect(relative).toBeVisible();
    await expect(recentList(page)).toContainText('01-01-2023 a 31-01-2023');
    await relative.click();
    await expect(page).toHaveURL(/[?&]rango=12m(&|$)/);
    await expect(form(page)).toContainText('Últimos 12 meses: 04-12-2024 a 03-12-2025');
  });

  test("the same link opened the next day is that day's search, read anew", async ({ page }) => {
    await page.clock.setFixedTime(santiagoNoon('2026-01-01'));
    const requests = recordApiRequests(page);
    await page.goto('/?rut=76999999-K&rango=anio');
    await expect(summary(page)).toBeVisible();
    await expect(form(page)).toContainText('Este año: 01-01-2026 a 01-01-2026');
    expect(requests.map(requestData)).toContainEqual(
      expect.objectContaining({
        FechaCreacionDelCasoDesde: '01/01/2026',
        FechaCreacionDelCasoHasta: '01/01/2026',
      }),
    );

    await page.clock.setFixedTime(santiagoNoon('2026-01-02'));
    const before = requests.length;
    await page.reload();
    await expect(form(page)).toContainText('Este año: 01-01-2026 a 02-01-2026');
    await expect(summary(page)).toBeVisible();
    await expect.poll(() => requests.length).toBeGreaterThan(before);
    expect(requestData(requests[before] as never)).toMatchObject({
      FechaCreacionDelCasoDesde: '01/01/2026',
      FechaCreacionDelCasoHasta: '01/02/2026',
    });
    expect(page.url()).toMatch(/[?&]rango=anio(&|$)/);
  });

  test('past midnight, sorting a quick-range view starts no other search', async ({ page }) => {
    await page.clock.install({ time: new Date('2025-10-20T23:59:00-03:00') });
    const requests = recordApiRequests(page);
    await page.goto('/?rut=76999999-K&rango=30d');
    await expect(summary(page)).toBeVisible();
    const before = requests.length;
    await page.clock.fastForward('02:00');
    await page.getByRole('button', { name: 'Monto neto', exact: true }).click();
    await expect(page).toHaveURL(/orden=/);
    await expect(form(page)).toContainText('20-10-2025');
    // Given time to go out, no request did.
    await page.clock.runFor(1000);
    expect(requests.length).toBe(before);
  });

  test('in a link with a range and dates the range wins; links with dates still work', async ({
    page,
  }) => {
    await page.clock.setFixedTime(santiagoNoon('2025-12-03'));
    const requests = recordApiRequests(page);
    await page.goto('/?rut=76999999-K&rango=2019&desde=2020-01-01&hasta=2020-02-01');
    await expect(summary(page)).toBeVisible();
    expect(requestData(requests[0] as never)).toMatchObject({
      FechaCreacionDelCasoDesde: '01/01/2019',
      FechaCreacionDelCasoHasta: '12/03/2025',
    });
    await expect(form(page)).toContainText('Desde 2019: 01-01-2019 a 03-12-2025');

    await page.goto(SEED);
    await expect(summary(page)).toContainText('4.575 casos');
    await expect(form(page)).toContainText('14-11-2019 a 05-11-2025');
    await expect(page).toHaveURL(/desde=2019-11-14&hasta=2025-11-05/);
  });
});

test.describe('recent searches', () => {
  test('a search the API refused is not kept; one that read its first page is', async ({
    page,
  }) => {
    await page.goto('/');
    await search(page, '91.000.002-0', '2020-01-01', '2020-12-31');
    await expect(page.getByText(/La API rechazó la consulta/)).toBeVisible();
    // Nothing was read: the form stays open, to change what the API refused.
    await expect(page.getByLabel('RUT deudor')).toBeVisible();
    await expect(changeButton(page)).toHaveCount(0);
    await search(page, '76.999.999-K', '2023-01-01', '2023-01-31');
    await expect(summary(page)).toBeVisible();

    await unfoldSearchForm(page);
    await expect(recentList(page)).toContainText('76.999.999-K');
    await expect(recentList(page)).not.toContainText('91.000.002-0');
    await expect(recentList(page).getByRole('listitem')).toHaveCount(1);
    // Nor after a reload: the list is what was stored.
    await page.reload();
    await unfoldSearchForm(page);
    await expect(recentList(page).getByRole('listitem')).toHaveCount(1);
  });

  test('searches that differ only in rows per page or concurrency are two entries that say so', async ({
    page,
  }) => {
    await page.goto('/');
    await search(page, '76.999.999-K', '2023-01-01', '2023-01-31');
    await expect(summary(page)).toBeVisible();
    await unfoldSearchForm(page);
    await page.getByRole('button', { name: 'Opciones avanzadas' }).click();
    await page.getByLabel('Filas por página').fill('1000');
    await page.getByLabel('Solicitudes simultáneas').fill('2');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await expect(page).toHaveURL(/filas=1000&conc=2/);
    await expect(summary(page)).toBeVisible();

    await unfoldSearchForm(page);
    const entries = recentList(page).getByRole('listitem');
    await expect(entries).toHaveCount(2);
    await expect(entries.nth(0)).toContainText('1.000 filas/página · 2 simultáneas');
    await expect(entries.nth(1)).toContainText('200 filas/página · 4 simultáneas');
    await page.screenshot({ path: test.info().outputPath(`recent-settings-1280.png`) });

    await entries.nth(1).getByRole('button').click();
    await expect(page).toHaveURL(/desde=2023-01-01&hasta=2023-01-31$/);
  });
});

test.describe('the form folds after a search', () => {
  for (const viewport of [VIEWPORT, { width: 1440, height: 900 }]) {
    test(`to one line at ${viewport.width}×${viewport.height}; "Cambiar" opens it at the RUT`, async ({
      browser,
    }, testInfo) => {
      const page = await freshPage(browser, testInfo, viewport);
      await page.goto('/');
      await search(page, '76.999.999-K', '2019-11-14', '2025-11-05');
      await expect(summary(page)).toContainText('4.575 casos');

      await expect(changeButton(page)).toBeVisible();
      await expect(form(page)).toContainText('76.999.999-K');
      await expect(form(page)).toContainText('14-11-2019 a 05-11-2025');
      const box = await form(page).boundingBox();
      expect(box?.height).toBeLessThanOrEqual(56);
      await expect(page.getByLabel('RUT deudor')).toBeHidden();
      await expect(recentList(page)).toBeHidden();
      await page.screenshot({ path: test.info().outputPath(`folded-${viewport.width}.png`) });

      await changeButton(page).click();
      await expect(page.getByLabel('RUT deudor')).toBeFocused();
      await expect(page.getByLabel('RUT deudor')).toHaveValue('76999999-K');
      await expect(recentList(page)).toBeVisible();
      await expect(changeButton(page)).toHaveCount(0);
      await page.screenshot({ path: test.info().outputPath(`unfolded-${viewport.width}.png`) });
    });
  }

  test('a search from the keyboard leaves the focus on "Cambiar"', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('RUT deudor').fill('76.999.999-K');
    await page.getByLabel('Desde').fill('2023-01-01');
    await page.getByLabel('Hasta').fill('2023-01-31');
    await page.getByLabel('Hasta').press('Enter');
    await expect(changeButton(page)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('RUT deudor')).toBeFocused();
    // Escape folds it back, unchanged, with the focus on "Cambiar" again.
    await page.keyboard.type('x');
    await page.keyboard.press('Escape');
    await expect(changeButton(page)).toBeFocused();
    await expect(form(page)).toContainText('01-01-2023 a 31-01-2023');
    await expect(page.getByLabel('RUT deudor')).toHaveValue('76999999-K');
  });

  test('a link with an error opens unfolded, the error in view', async ({ page }) => {
    await page.goto('/?rut=76999999-1&desde=2023-01-01&hasta=2023-01-31');
    await expect(page.getByText('El dígito verificador no corresponde al RUT.')).toBeVisible();
    await expect(changeButton(page)).toHaveCount(0);
  });
});

test.describe('at 390 px wide', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  /** How far right anything in the form reaches. */
  const widths = (page: Page) =>
    form(page).evaluate((section) => ({
      right: Math.max(
        ...[section, ...section.querySelectorAll('*')].map((e) => e.getBoundingClientRect().right),
      ),
    }));

  test('the form fits, open with its options and recent searches, and folded', async ({ page }) => {
    await page.goto('/');
    // Two recent searches with long texts: a business name and the settings.
    await search(page, '76.999.999-K', '2023-01-01', '2023-01-31');
    await expect(summary(page)).toBeVisible();
    await unfoldSearchForm(page);
    await page.getByRole('button', { name: 'Opciones avanzadas' }).click();
    await page.getByLabel('Filas por página').fill('1000');
    await page.getByLabel('Solicitudes simultáneas').fill('2');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await expect(page).toHaveURL(/conc=2/);
    await expect(summary(page)).toBeVisible();

    await expect(changeButton(page)).toBeVisible();
    const folded = await widths(page);
    expect(folded.right).toBeLessThanOrEqual(390);
    await form(page).screenshot({ path: test.info().outputPath(`folded-390.png`) });

    await unfoldSearchForm(page);
    await expect(recentList(page).getByRole('listitem')).toHaveCount(2);
    const open = await widths(page);
    expect(open.right).toBeLessThanOrEqual(390);
    await page.screenshot({ path: test.info().outputPath(`unfolded-390.png`) });

    // The empty page: the form as a new user first meets it.
    await page.goto('/');
    await expect(page.getByRole('button', { name: 'Buscar' })).toBeVisible();
    expect((await widths(page)).right).toBeLessThanOrEqual(390);
  });
});

test.describe('dates read dd-mm-aaaa', () => {
  test('a date error names dd-mm-aaaa, from a link or typed in part', async ({ page }) => {
    await page.goto('/?rut=76999999-K&desde=2019-02-30&hasta=2019-11-05');
    await expect(page.getByText('«Desde» no es una fecha válida (dd-mm-aaaa).')).toBeVisible();

    const requests = recordApiRequests(page);
    await page.goto('/');
    await page.getByLabel('RUT deudor').fill('76.999.999-K');
    await page.getByLabel('Hasta').fill('2023-01-31');
    // Only the first segment typed: the browser holds no date, but the user wrote something.
    await page.getByLabel('Desde').focus();
    await page.keyboard.type('12');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await expect(page.getByText('«Desde» no es una fecha válida (dd-mm-aaaa).')).toBeVisible();
    await expect(page.getByLabel('Desde')).toHaveAttribute('aria-invalid', 'true');
    await page.screenshot({ path: test.info().outputPath(`date-error-1280.png`) });
    expect(requests).toHaveLength(0);
  });
});
