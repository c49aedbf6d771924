// The asynchronous (CallbackUrl) mode end to end: the production server with KHIPU_ASYNC=1
// on the embedded simulator, which POSTs each page's result to the server's webhook.
import { type Browser, expect, type Page, test } from '@playwright/test';
import { type BuiltServer, startBuiltServer } from '../support/built-server';
import { freePort } from '../support/free-port';
import { search } from '../support/search-form';
import { API, persistedSearches, recordApiRequests, summary } from './api-requests';

let server: BuiltServer;
let baseURL = '';
const logs = () => server.output().split('\n');

test.beforeAll(async () => {
  // Its own port is known before it starts: the simulator POSTs results to that address.
  const port = await freePort();
  server = await startBuiltServer({
    PORT: String(port),
    KHIPU_ASYNC: '1',
    SIM_CONTROL: '1',
    SIM_LATENCY_MS: '20',
    SIM_JITTER_MS: '0',
    SIM_CALLBACK_DELAY_MS: '40',
    // Short operations, so an expiry shows within the test (long enough for a busy machine).
    SIM_LIFESPAN_MS: '5000',
  });
  baseURL = server.url;
});

test.afterAll(async () => {
  await server?.stop();
});

// biome-ignore lint/correctness/noEmptyPattern: Playwright requires the fixtures object pattern
test.afterEach(async ({}, testInfo) => {
  // The server's own account of the operations, for a failure's report.
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach('server-log', { body: server.output(), contentType: 'text/plain' });
  }
});

async function open(browser: Browser, path = '/'): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    locale: 'es-CL',
    timezoneId: 'America/Santiago',
  });
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

const stats = async () =>
  (await (await fetch(`${baseURL}/api/__simulator/stats`)).json()) as {
    bySearch: Record<string, number>;
    operations: number;
  };

const grid = (page: Page) => page.getByRole('grid', { name: 'Disconformidades' });

test("async mode: the seed's search loads its 4,575 rows over one result stream, and a reload costs nothing", async ({
  browser,
}) => {
  const page = await open(browser);
  const requests = recordApiRequests(page);
  const streams: string[] = [];
  const accepted: number[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/operations/stream/')) streams.push(request.url());
  });
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === API) accepted.push(response.status());
  });
  await search(page, '76.999.999-K', '2019-11-14', '2025-11-05');
  await expect(page.getByRole('progressbar', { name: 'Casos leídos' })).toHaveAttribute(
    'aria-valuemax',
    '4575',
  );
  await expect(summary(page)).toContainText('4.575 casos');
  await expect(grid(page)).toHaveAttribute('aria-rowcount', '4576');
  expect(requests).toHaveLength(23);
  expect(accepted.every((status) => status === 202)).toBe(true);
  // One stream for the whole search, not one connection per page.
  expect(new Set(streams).size).toBe(1);
  expect((await stats()).bySearch['76999999|2019-11-14|2025-11-05']).toBe(23);
  await expect(page).toHaveURL(/rut=76999999-K&desde=2019-11-14&hasta=2025-11-05/);
  await expect.poll(async () => (await stats()).operations).toBe(0);
  // Saved in idle time once complete, as in synchronous mode.
  await expect.poll(() => persistedSearches(page)).toBe(1);

  await page.reload();
  await expect(summary(page)).toContainText('4.575 casos');
  expect(requests).toHaveLength(23);
  // A second browser on the same link: the proxy's cache answers, nothing is billed.
  const colleague = await open(browser, page.url().replace(baseURL, ''));
  await expect(summary(colleague)).toContainText('4.575 casos');
  expect((await stats()).bySearch['76999999|2019-11-14|2025-11-05']).toBe(23);
});

for (const [rut, what] of [
  ['95000001', 'never comes'],
  ['95000003', 'carries a foreign OperationId'],
  ['95000004', 'comes after the LifeSpan'],
] as const) {
  test(`async mode: a page whose result ${what} ends in a clear message after its LifeSpan, and "Reintentar" recovers it`, async ({
    browser,
  }) => {
    const page = await open(browser);
    const requests = recordApiRequests(page);
    await search(page, rut, '2024-01-01', '2024-12-31');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('X009', { timeout: 20_000 });
    await expect(alert).toContainText('no llegó a tiempo');
    // The other pages' rows stay.
    await expect(grid(page)).toBeVisible();
    const before = requests.length;
    await alert.getByRole('button', { name: 'Reintentar' }).click();
    await expect(summary(page)).toBeVisible();
    // Only the expired page was asked again.
    expect(requests.slice(before).map((r) => r.postDataJSON().RequestData.Paginas)).toEqual(['1']);
    await expect.poll(async () => (await stats()).operations).toBe(0);
  });
}

test('async mode: a result that comes twice is taken once; the second is refused', async ({
  browser,
}) => {
  const page = await open(browser);
  await search(page, '95000002', '2024-01-01', '2024-06-30');
  await expect(summary(page)).toBeVisible();
  await expect
    .poll(() =>
      // Gone (410), not unknown (404): the token was this server's, its operation is over.
      logs().some((line) => /async callback 410: .*(already used|retired token)/.test(line)),
    )
    .toBe(true);
});

test('async mode: a cancelled search leaves no operation waiting', async ({ browser }) => {
  const page = await open(browser);
  // Page 1's result never comes on its first try: the search waits for it (a range no other
  // test read, so the proxy's cache has none of it).
  await search(page, '95000001', '2023-01-01', '2023-12-31');
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /^[1-9]/);
  await page.getByRole('button', { name: 'Cancelar' }).click();
  await expect(page.getByText(/Búsqueda cancelada/)).toBeVisible();
  await expect.poll(async () => (await stats()).operations).toBe(0);
});
