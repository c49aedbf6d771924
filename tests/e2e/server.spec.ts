// The built production server as an operator and a browser meet it: over real HTTP.
import { expect, test } from '@playwright/test';
import { parseResponseEnvelope } from '@/contract/response';
import { exitOfBuiltServer } from '../support/built-server';
import { SEED_BODY, seedPage } from '../support/fixtures/requests';
import { API } from './api-requests';

test("the seed's request through the production server: 4,575 cases, 200 items, last page 175", async ({
  request,
}) => {
  const first = await request.post(API, { data: SEED_BODY });
  expect(first.status()).toBe(200);
  const parsed = parseResponseEnvelope(await first.json());
  expect(parsed.ok && parsed.value.Status).toBe('OK');
  expect(parsed.ok && parsed.value.Data?.NonconformitiesList.TotalDisconformidades).toBe(4575);
  expect(parsed.ok && parsed.value.Data?.NonconformitiesList.Disconformidades.length).toBe(200);

  const last = await request.post(API, { data: seedPage(22) });
  expect((await last.json()).Data.NonconformitiesList.Disconformidades).toHaveLength(175);
});

test('the API answers compressed to a client that accepts it', async ({ request }) => {
  const response = await request.post(API, {
    data: SEED_BODY,
    headers: { 'accept-encoding': 'gzip' },
  });
  expect(response.headers()['content-encoding']).toBe('gzip');
});

const BASE = 'https://api.khipu.com';
for (const [name, env, message] of [
  ['a base URL without a credential', { KHIPU_BASE_URL: BASE }, 'no credential'],
  ['both credentials', { KHIPU_BASE_URL: BASE, KHIPU_JWT: 't', KHIPU_API_KEY: 'k' }, 'not both'],
  [
    'an API key without its account credential',
    { KHIPU_BASE_URL: BASE, KHIPU_API_KEY: 'k' },
    'KHIPU_ACCOUNT_CREDENTIAL',
  ],
  [
    'an account credential with a JWT',
    { KHIPU_BASE_URL: BASE, KHIPU_JWT: 't', KHIPU_ACCOUNT_CREDENTIAL: '{"u":"a"}' },
    'only used with KHIPU_API_KEY',
  ],
  [
    'an account credential that is not a JSON object',
    { KHIPU_BASE_URL: BASE, KHIPU_API_KEY: 'k', KHIPU_ACCOUNT_CREDENTIAL: 'hunter2-secreto' },
    'must be a JSON object',
  ],
] as const) {
  test(`the server refuses to start with ${name}`, async () => {
    const { code, stderr } = await exitOfBuiltServer(env);
    expect(code).toBe(1);
    expect(stderr).toContain('Configuration error');
    expect(stderr).toContain(message);
    expect(stderr).not.toContain('hunter2-secreto');
  });
}

test('the HTML is revalidated on every visit, assets are cached for good, a missing file is 404', async ({
  request,
}) => {
  for (const path of ['/', '/index.html', '/some/view?rut=76999999-K']) {
    const html = await request.get(path);
    expect(html.status(), path).toBe(200);
    expect(html.headers()['content-type']).toMatch(/^text\/html/);
    expect(html.headers()['cache-control'], path).toBe('no-cache');
  }
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(await (await request.get('/')).text())?.[1];
  const found = await request.get(asset ?? '');
  expect(found.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  for (const path of ['/assets/missing.js', '/assets/index-missing.css', '/missing.js']) {
    const missing = await request.get(path);
    expect(missing.status(), path).toBe(404);
    expect(await missing.text()).not.toContain('<!doctype html>');
  }
});
