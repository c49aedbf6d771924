import { test } from '@playwright/test';
import { startApp } from './servers';
test('diag', async ({ browser }) => {
  test.setTimeout(180000);
  const fast = await startApp({ SIM_LATENCY_MS: '0', SIM_JITTER_MS: '0', PROXY_CACHE_TTL_MS: '0' });
  for (let round = 0; round < 2; round++) {
    const context = await browser.newContext({ baseURL: fast.url, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(() => localStorage.setItem('cen-explorer:cost-threshold', '100000'));
    await page.goto('/');
    await page.getByLabel('RUT deudor').fill('99000000');
    await page.getByLabel('Desde').fill('2020-01-01');
    await page.getByLabel('Hasta').fill('2020-12-31');
    await page.getByRole('button', { name: 'Opciones avanzadas' }).click();
    await page.getByLabel('Filas por página').fill('1000');
    const client = await page.context().newCDPSession(page);
    if (round === 1) { await client.send('Profiler.enable'); await client.send('Profiler.setSamplingInterval', { interval: 200 }); await client.send('Profiler.start'); }
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.locator('[role=grid][aria-rowcount="100001"]').waitFor({ timeout: 60000 });
    console.log('loaded', Date.now() - t0);
    if (round === 1) {
      const { profile } = await client.send('Profiler.stop');
      const self = new Map<string, number>();
      const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
      const dt = profile.timeDeltas ?? [];
      profile.samples?.forEach((id: number, i: number) => { const n: any = byId.get(id); const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0)); });
      console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 22).map(([k, v]) => `${(v / 1000).toFixed(0)}ms ${k}`).join('\n'));
    }
    await context.close();
  }
  await fast.stop();
});
