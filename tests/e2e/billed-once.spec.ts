// A page whose answer says not to retry is asked of the API once per try, whatever the
// timing: an upstream double answering at once (the race between the search starting from
// the form and the view's query mounting), one or two tabs of the same browser profile.
import { type Browser, expect, type Page, test } from '@playwright/test';
import { errorEnvelope } from '@/contract/errors';
import { type BuiltServer, startBuiltServer } from '../support/built-server';
import { search } from '../support/search-form';
import { recordingUpstream, type UpstreamDouble } from '../support/upstream-double';

const REPETITIONS = 10;
const RUT_DO_NOT_RETRY = '76999999-K';
const RUT_WAIT = '77777777-7';

let upstream: UpstreamDouble;
let server: BuiltServer;

test.beforeAll(async () => {
  upstream = await recordingUpstream((request) => {
    const rut = JSON.parse(request.body).RequestData.RutDeudor as string;
    const [code, type] =
      rut === '77777777'
        ? (['E202', 'WAIT_4_HOURS_BEFORE_RETRY'] as const)
        : (['E404', 'DO_NOT_RETRY'] as const);
    return {
      status: type === 'DO_NOT_RETRY' ? 400 : 200,
      body: JSON.stringify(errorEnvelope('op', code, type, 'Respuesta de prueba.')),
    };
  });
  server = await startBuiltServer({ KHIPU_BASE_URL: upstream.baseUrl, KHIPU_JWT: 'jwt-test' });
});

test.afterAll(async () => {
  await server?.stop();
  await upstream?.close();
});

async function openApp(browser: Browser, tabs: number): Promise<Page[]> {
  const context = await browser.newContext({ baseURL: server.url });
  const pages: Page[] = [];
  for (let i = 0; i < tabs; i++) {
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.getByRole('button', { name: 'Buscar' })).toBeVisible();
    pages.push(page);
  }
  return pages;
}

/** A search whose first page the double refuses: the page says so, and nothing else is sent. */
async function failingSearch(page: Page, rut: string): Promise<void> {
  await search(page, rut, '2021-01-01', '2021-06-30');
  await expect(page.getByRole('alert')).toContainText('No se pudo leer la primera página');
  // Room for a second request to leave, were anything to send one.
  await page.waitForTimeout(400);
}

for (const tabs of [1, 2]) {
  for (const [rut, type] of [
    [RUT_DO_NOT_RETRY, 'DO_NOT_RETRY'],
    [RUT_WAIT, 'WAIT_4_HOURS_BEFORE_RETRY'],
  ] as const) {
    test(`${type} on page 0: one request per try, ${REPETITIONS} tries, ${tabs} tab(s)`, async ({
      browser,
    }) => {
      test.setTimeout(120_000);
      const counts: number[] = [];
      for (let i = 0; i < REPETITIONS; i++) {
        const pages = await openApp(browser, tabs);
        const before = upstream.requests.length;
        await failingSearch(pages[0] as Page, rut);
        // The other tab is brought to the front and back, as a user switching tabs would.
        if (tabs === 2) {
          await (pages[1] as Page).bringToFront();
          await (pages[0] as Page).bringToFront();
          await (pages[0] as Page).waitForTimeout(200);
        }
        counts.push(upstream.requests.length - before);
        await (pages[0] as Page).context().close();
      }
      expect(counts).toEqual(Array(REPETITIONS).fill(1));
    });
  }
}

test('a new try with the same inputs: DO_NOT_RETRY is asked once more, and nothing offers to retry it', async ({
  browser,
}) => {
  const [page] = (await openApp(browser, 1)) as [Page];
  const before = upstream.requests.length;
  await failingSearch(page, RUT_DO_NOT_RETRY);
  await expect(page.getByRole('alert')).toContainText('Cambie los datos de la búsqueda');
  await expect(page.getByRole('alert').getByRole('button')).toHaveCount(0);
  await page.getByRole('button', { name: 'Buscar' }).click();
  await page.waitForTimeout(400);
  expect(upstream.requests.length - before).toBe(2);
  await page.context().close();
});

test('a new try within a WAIT_4_HOURS_BEFORE_RETRY shows the stored wait and sends nothing, after a reload too', async ({
  browser,
}) => {
  const [page] = (await openApp(browser, 1)) as [Page];
  const before = upstream.requests.length;
  await failingSearch(page, RUT_WAIT);
  const alert = page.getByRole('alert');
  const time = /a partir de las (\d{2}:\d{2})/.exec((await alert.textContent()) ?? '')?.[1];
  expect(time).toMatch(/^\d{2}:\d{2}$/);
  await expect(
    alert.getByRole('button', { name: `Reintentar a partir de las ${time}` }),
  ).toBeDisabled();

  await page.getByRole('button', { name: 'Buscar' }).click();
  await expect(alert).toContainText(`a partir de las ${time}`);
  await page.reload();
  await expect(page.getByRole('alert')).toContainText(`a partir de las ${time}`);
  await expect(page.getByRole('alert').getByRole('button')).toBeDisabled();
  await page.waitForTimeout(400);
  expect(upstream.requests.length - before).toBe(1);
  await page.context().close();
});
