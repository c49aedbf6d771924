// The CSP and security headers as the built server sends them, and the page living with
// them: no inline script in the built index.html, and the page worker (a same-origin module
// file, allowed by script-src through worker-src's fallback) running.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { API, collectProblems, summary } from './api-requests';

test('the built index.html has no inline script, event handler or javascript: URL', () => {
  const html = readFileSync('dist/client/index.html', 'utf8');
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attributes, content] of scripts) {
    expect(attributes).toMatch(/\bsrc="\/assets\/[^"]+\.js"/);
    expect(content?.trim()).toBe('');
  }
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/javascript:/i);
});

test('every kind of answer carries the CSP, nosniff and no-referrer', async ({ request }) => {
  const html = await request.get('/');
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(await html.text())?.[1] ?? '';
  expect(asset).toMatch(/^\/assets\//);
  const answers = [
    html,
    await request.get(asset),
    await request.get('/api/health'),
    await request.post(API, { data: { RequestData: {} } }),
    await request.get(API),
    await request.get('/api/nope'),
    await request.post('/no/such/page'),
  ];
  expect(answers.map((a) => a.status())).toEqual([200, 200, 200, 400, 405, 404, 404]);
  for (const answer of answers) {
    const headers = answer.headers();
    expect(headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    );
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
  }
});

test('the page worker runs under the CSP and reads the pages', async ({ page }) => {
  const problems = collectProblems(page);
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.goto('/?rut=76999999-K&desde=2019-11-14&hasta=2025-11-05');
  await expect(summary(page)).toContainText('4.575 casos');
  expect(workers).toEqual([expect.stringMatching(/\/assets\/page-worker-[\w-]+\.js$/)]);
  expect(problems).toEqual([]);
});
