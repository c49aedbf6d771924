// No credential leaks: recognizable values for KHIPU_JWT, KHIPU_API_KEY and the
// KHIPU_ACCOUNT_CREDENTIAL password are searched for in a build made with them in the
// environment, in every answer and request the browser sees (Chromium against the built
// server, pointed at an upstream double that even echoes them in its errors), and in the
// server's own output.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type BuiltServer, startBuiltServer } from '../support/built-server';
import { failureEnvelope, okEnvelope } from '../support/fixtures/pages';
import { recordingUpstream, type UpstreamDouble } from '../support/upstream-double';
import { API } from './api-requests';

const JWT = 'jwt-CANARY-7f3a9c0e51';
const API_KEY = 'apikey-CANARY-2b8e44d1';
const PASSWORD = 'pw-CANARY-91d4"\\x';
// How the password looks in JSON (escaped), where an upstream error could carry it.
const SECRETS = [JWT, API_KEY, PASSWORD, JSON.stringify(PASSWORD).slice(1, -1)];
const ACCOUNT = JSON.stringify({ usuario: 'analista@empresa.cl', clave: PASSWORD });

function expectNoSecret(where: string, text: string): void {
  for (const secret of SECRETS) {
    expect(text.includes(secret), `${where} holds a credential`).toBe(false);
  }
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

const item = (n: number) => ({ IdCaso: `C-${n}`, Estado: 'Abierta', MontoNeto: 1000 * n });

/** Answers by the RUT asked: data, or errors that echo the credential (an upstream can). */
function upstreamDouble(): Promise<UpstreamDouble> {
  return recordingUpstream((request) => {
    const rut = JSON.parse(request.body).RequestData.RutDeudor as string;
    const echoed = `${request.headers.authorization ?? ''} ${request.headers['x-api-key'] ?? ''} ${request.body}`;
    if (rut.startsWith('96')) {
      return {
        status: 401,
        body: JSON.stringify(
          failureEnvelope({
            Code: 'E101',
            Type: 'RETRY_AFTER_NOTIFICATION',
            Description: `Login falló: ${echoed}`,
          }),
        ),
      };
    }
    if (rut.startsWith('93')) {
      return {
        status: 500,
        headers: { 'content-type': 'text/html' },
        body: `<pre>${echoed}</pre>`,
      };
    }
    return { body: JSON.stringify(okEnvelope(2, [item(1), item(2)])) };
  });
}

/** Every request and answer the page sees, headers and bodies, as text. */
function recordTraffic(page: Page): Promise<string>[] {
  const seen: Promise<string>[] = [];
  page.on('request', (request) => {
    const headers = JSON.stringify(request.headers());
    seen.push(
      Promise.resolve(
        `${request.method()} ${request.url()} ${headers} ${request.postData() ?? ''}`,
      ),
    );
  });
  page.on('response', (response) => {
    const head = `${response.status()} ${response.url()} ${JSON.stringify(response.headers())}`;
    // A body can be gone (the page moved on): what matters is every body still readable.
    const body = Promise.race([
      response.body().then((bytes) => bytes.toString('utf8')),
      new Promise<string>((resolve) => setTimeout(() => resolve(''), 5_000)),
    ]).catch(() => '');
    seen.push(body.then((text) => `${head} ${text}`));
  });
  return seen;
}

test('a build made with the credentials in its environment holds none of them', async () => {
  const out = mkdtempSync(join(tmpdir(), 'cen-leak-build-'));
  try {
    const env = {
      ...process.env,
      KHIPU_JWT: JWT,
      KHIPU_API_KEY: API_KEY,
      KHIPU_ACCOUNT_CREDENTIAL: ACCOUNT,
      VITE_KHIPU_JWT: JWT,
    };
    const vite = join('node_modules', 'vite', 'bin', 'vite.js');
    execFileSync(process.execPath, [vite, 'build', '--outDir', join(out, 'client')], {
      env,
      stdio: 'pipe',
    });
    execFileSync(process.execPath, [vite, 'build', '--ssr', '--outDir', join(out, 'server')], {
      env,
      stdio: 'pipe',
    });
    const built = [...filesBelow(out), ...filesBelow('dist')];
    expect(built.length).toBeGreaterThan(5);
    for (const file of built) expectNoSecret(file, readFileSync(file, 'latin1'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

for (const [mode, credential] of [
  ['JWT', { KHIPU_JWT: JWT }],
  ['API key', { KHIPU_API_KEY: API_KEY, KHIPU_ACCOUNT_CREDENTIAL: ACCOUNT }],
] as const) {
  test(`${mode} mode: no credential in what the browser sees or the server logs`, async ({
    page,
  }) => {
    const upstream = await upstreamDouble();
    let server: BuiltServer | undefined;
    try {
      server = await startBuiltServer({ KHIPU_BASE_URL: upstream.baseUrl, ...credential });
      const traffic = recordTraffic(page);

      // A search that loads, one the upstream refuses echoing the credential, one it answers in HTML.
      for (const rut of ['76999999-K', '96000000-5', '93000000-0']) {
        const answered = page.waitForResponse((r) => r.url().endsWith(API));
        await page.goto(`${server.url}/?rut=${rut}&desde=2024-01-01&hasta=2024-12-31`);
        await answered;
        await page.waitForLoadState('networkidle');
      }
      // The proxy's own errors, and paths that are not there.
      const probes = await page.evaluate(async (api) => {
        const json = { 'content-type': 'application/json' };
        const answers = await Promise.all([
          fetch(api, { method: 'POST', headers: json, body: '{' }),
          fetch(api, { method: 'POST', headers: json, body: 'x'.repeat(20_000) }),
          fetch(api, { method: 'PUT' }),
          fetch('/api/nope'),
          fetch('/api/health'),
          fetch('/no/such/page'),
        ]);
        return Promise.all(answers.map(async (a) => `${a.status} ${await a.text()}`));
      }, API);
      expect(probes.map((p) => p.slice(0, 3))).toEqual(['400', '413', '405', '404', '200', '200']);

      const seen = await Promise.all(traffic);
      expect(seen.length).toBeGreaterThan(10);
      for (const text of seen) expectNoSecret('what the browser saw', text);
      // The upstream's error that echoed the credential reached the page redacted.
      expect(seen.some((text) => text.includes('Login falló') && text.includes('[oculto]'))).toBe(
        true,
      );
      expectNoSecret('the page', await page.content());
      // The values were live: the upstream did receive them.
      const sent = upstream.requests
        .map((r) => `${JSON.stringify(r.headers)} ${r.body}`)
        .join('\n');
      expect(sent).toContain(mode === 'JWT' ? JWT : API_KEY);
      if (mode === 'API key') expect(sent).toContain(JSON.stringify(PASSWORD).slice(1, -1));
    } finally {
      await server?.stop();
      await upstream.close();
    }
    const logs = server?.output() ?? '';
    expect(logs).toContain('audit ');
    expectNoSecret('the server output', logs);
  });
}
