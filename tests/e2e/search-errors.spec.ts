// The simulator's scenario table, as the user sees it in Chromium: retries counted,
// every error in Spanish with its code, rows already read never lost.
import { expect, type Page, type Request, test } from '@playwright/test';
import { failureEnvelope } from '../support/fixtures/pages';
import { API, recordApiRequests, summary, takenOn } from './api-requests';

/** How many times each page (API index) was asked of the API (a search lane's refusals left out). */
async function triesByPage(requests: Request[]): Promise<Map<number, number>> {
  const tries = new Map<number, number>();
  for (const request of await takenOn(requests)) {
    const page = Number(request.postDataJSON().RequestData.Paginas);
    tries.set(page, (tries.get(page) ?? 0) + 1);
  }
  return tries;
}

const alert = (page: Page) => page.getByRole('alert');

test('RETRY_IMMEDIATELY (E201) on the first try of each page: each page is read on its second try', async ({
  page,
}) => {
  const requests = recordApiRequests(page);
  await page.goto('/?rut=91000001&desde=2021-01-01&hasta=2021-06-30&filas=100');
  await expect(summary(page)).toBeVisible({ timeout: 15_000 });
  const tries = await triesByPage(requests);
  expect(tries.size).toBeGreaterThan(1);
  for (const count of tries.values()) expect(count).toBe(2);
});

test('DO_NOT_RETRY stops after exactly one request and shows the code and description', async ({
  page,
}) => {
  const requests = recordApiRequests(page);
  await page.goto('/?rut=91000002&desde=2021-01-01&hasta=2021-06-30');
  await expect(alert(page)).toContainText('E404');
  await expect(alert(page)).toContainText(
    'El RUT deudor no está registrado como participante en la plataforma del CEN.',
  );
  await expect(alert(page)).toContainText('No se pudo leer la primera página');
  await page.waitForTimeout(500);
  expect(requests).toHaveLength(1);
  await page.screenshot({ path: 'test-results/error-do-not-retry.png' });
});

test('WAIT_4_HOURS_BEFORE_RETRY stops and says when to try again, in Santiago time', async ({
  page,
}) => {
  const requests = recordApiRequests(page);
  const before = Date.now();
  await page.goto('/?rut=91000003&desde=2021-01-01&hasta=2021-06-30');
  await expect(alert(page)).toContainText('E202');
  const text = (await alert(page).textContent()) ?? '';
  const shown = /a partir de las (\d{2}:\d{2})/.exec(text)?.[1];
  const format = (ms: number) =>
    new Intl.DateTimeFormat('es-CL', {
      timeZone: 'America/Santiago',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(ms + 4 * 3600_000));
  expect([format(before), format(Date.now())]).toContain(shown);
  expect(requests).toHaveLength(1);
});

test('RETRY_AFTER_NOTIFICATION stops and says the user must act', async ({ page }) => {
  const requests = recordApiRequests(page);
  await page.goto('/?rut=91000004&desde=2021-01-01&hasta=2021-06-30');
  await expect(alert(page)).toContainText('E101');
  await expect(alert(page)).toContainText('requiere una acción suya');
  expect(requests).toHaveLength(1);
});

test('HTTP 500 on page 2 (API index) is retried once, and all 1,000 cases arrive', async ({
  page,
}) => {
  const requests = recordApiRequests(page);
  await page.goto('/?rut=92000000&desde=2021-07-01&hasta=2021-12-31');
  await expect(summary(page)).toContainText('1.000 casos', { timeout: 15_000 });
  const tries = await triesByPage(requests);
  expect([...tries.entries()].sort((a, b) => a[0] - b[0])).toEqual([
    [0, 1],
    [1, 1],
    [2, 2],
    [3, 1],
    [4, 1],
  ]);
});

test("AdditionalInformation shows in the query details, with each page's OperationId", async ({
  page,
}) => {
  await page.goto('/?rut=93000000&desde=2021-01-01&hasta=2021-03-31');
  await expect(summary(page)).toBeVisible();
  await page.getByText('Detalles de la consulta').click();
  await expect(
    page.locator('details').getByText('Los datos pueden estar incompletos'),
  ).toBeVisible();
  await expect(page.getByTestId('operation-ids').locator('li').first()).toContainText(
    /Paginas=0 [0-9a-f-]{36}/,
  );
  await page.screenshot({ path: 'test-results/query-details.png', fullPage: true });
});

test('a total that grows between pages is reported, and repeated cases are dropped', async ({
  page,
}) => {
  await page.goto('/?rut=94000000&desde=2019-01-01&hasta=2024-12-31');
  await expect(summary(page)).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(/El total cambió mientras se leía/)).toBeVisible();
  await expect(page.getByText('Se descartaron 3 casos repetidos')).toBeVisible();
  await page.getByRole('button', { name: 'Actualizar' }).isVisible();
});

test('zero cases says so', async ({ page }) => {
  await page.goto('/?rut=96000000&desde=2021-01-01&hasta=2021-12-31');
  await expect(page.getByRole('heading', { name: 'Sin disconformidades' })).toBeVisible();
});

test('a page that keeps failing keeps the other rows, and "Reintentar" requests only it', async ({
  page,
}) => {
  const requests = recordApiRequests(page);
  let failing = true;
  await page.route(`**${API}`, async (route) => {
    if (failing && route.request().postDataJSON().RequestData.Paginas === '3') {
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify(
          failureEnvelope({
            Code: 'E201',
            Type: 'RETRY_IMMEDIATELY',
            Description: 'CEN no disponible (prueba).',
          }),
        ),
      });
      return;
    }
    await route.continue();
  });
  await page.goto('/?rut=76999999-K&desde=2020-01-01&hasta=2020-12-31');
  await expect(alert(page)).toContainText('No se pudo leer la página 4', { timeout: 15_000 });
  await expect(alert(page)).toContainText('E201: CEN no disponible (prueba).');
  const tries = await triesByPage(requests);
  expect(tries.get(3)).toBe(4); // 1 + the retry bound (3)
  const grid = page.getByRole('grid', { name: 'Disconformidades' });
  const kept = Number(await grid.getAttribute('aria-rowcount')) - 1;
  expect(kept).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/error-partial.png' });

  failing = false;
  const before = requests.length;
  await page.getByRole('button', { name: 'Reintentar' }).click();
  await expect(summary(page)).toBeVisible();
  expect(requests.slice(before).map((r) => r.postDataJSON().RequestData.Paginas)).toEqual(['3']);
  const total = Number(
    ((await summary(page).locator('strong').textContent()) ?? '').replace(/\./g, ''),
  );
  expect(total).toBeGreaterThan(kept);
  expect(Number(await grid.getAttribute('aria-rowcount')) - 1).toBe(total);
  // What the search cost in all: its first run's requests (retries included) and the retry's.
  const billed = (await takenOn(requests)).length;
  await expect(summary(page)).toContainText(`leídos con ${billed} solicitudes`);
});

test('after declining the cost and "Cargar el resto", the count is every request of the search', async ({
  page,
}) => {
  await page.addInitScript(() => localStorage.setItem('cen-explorer:cost-threshold', '2'));
  const requests = recordApiRequests(page);
  await page.goto('/?rut=76999999-K&desde=2019-11-14&hasta=2025-11-05&filas=1000');
  const question = page.getByRole('alertdialog', { name: '¿Continuar la búsqueda?' });
  await question.getByRole('button', { name: 'Cancelar' }).click();
  await page.getByRole('button', { name: 'Cargar el resto' }).click();
  await expect(summary(page)).toContainText('4.575 casos');
  const billed = (await takenOn(requests)).length;
  expect(billed).toBe(5);
  await expect(summary(page)).toContainText('leídos con 5 solicitudes');
});
