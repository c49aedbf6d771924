// Access control on the built server: it refuses to start open to the network, and with
// HTTP Basic users (a file made by the hash-password CLI) the whole app works in Chromium
// for a user let in, while the audit log names that user.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { type BuiltServer, exitOfBuiltServer, startBuiltServer } from '../support/built-server';
import { API, collectProblems, summary } from './api-requests';

for (const host of ['0.0.0.0', '::']) {
  test(`the server refuses to start on HOST=${host} without access control`, async () => {
    const { code, stderr } = await exitOfBuiltServer({ HOST: host });
    expect(code).toBe(1);
    expect(stderr).toContain('Configuration error');
    expect(stderr).toContain('access control is off');
    expect(stderr).toContain('AUTH_USERS_FILE');
  });
}

test.describe('HTTP Basic users', () => {
  test.describe.configure({ mode: 'serial' });
  const password = 'una clave bastante larga';
  let server: BuiltServer;

  test.beforeAll(() => {
    // The file as an operator makes it: one line a user from the CLI, password on stdin.
    const line = execFileSync(process.execPath, ['dist/server/hash-password.js', 'ana'], {
      input: `${password}\n`,
    }).toString();
    expect(line).toMatch(/^ana:\$scrypt\$ln=15,r=8,p=1\$/);
    expect(line).not.toContain(password);
    const file = join(mkdtempSync(join(tmpdir(), 'cen-users-')), 'users');
    writeFileSync(file, `# analysts\n${line}`);
    return startBuiltServer({
      HOST: '0.0.0.0',
      AUTH_USERS_FILE: file,
      SIM_LATENCY_MS: '20',
      SIM_JITTER_MS: '0',
    }).then((started) => {
      server = started;
    });
  });
  test.afterAll(() => server?.stop());

  test('the app and the API refuse anyone without the right password: 401 with WWW-Authenticate', async ({
    request,
  }) => {
    const wrong = `Basic ${Buffer.from('ana:otra clave cualquiera').toString('base64')}`;
    for (const headers of [{}, { authorization: wrong }] as Record<string, string>[]) {
      const page = await request.get(`${server.url}/`, { headers });
      expect(page.status()).toBe(401);
      expect(page.headers()['www-authenticate']).toBe(
        'Basic realm="CEN Nonconformities Explorer", charset="UTF-8"',
      );
      const api = await request.post(`${server.url}${API}`, { headers, data: {} });
      expect(api.status()).toBe(401);
    }
    expect((await request.get(`${server.url}/api/health`)).status()).toBe(200);
  });

  test('a user let in searches as usual, and the audit log names the user', async ({ browser }) => {
    const context = await browser.newContext({ httpCredentials: { username: 'ana', password } });
    const page = await context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${server.url}/?rut=76999999-K&desde=2019-11-14&hasta=2025-11-05`);
    await expect(summary(page)).toContainText('4.575 casos', { timeout: 30_000 });
    await context.close();
    expect(problems).toEqual([]);
    const audit = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('audit '));
    expect(audit).toHaveLength(23);
    for (const line of audit) {
      expect(line).toMatch(
        /^audit user=ana addr=127\.0\.0\.1 rut=76999999 from=11\/14\/2019 to=11\/05\/2025 rows=200 page=\d+ status=200 ms=\d+$/,
      );
    }
    expect(server.output()).not.toContain(password);
  });
});
