// Access control on the built server: it refuses to start open to the network, and with
// HTTP Basic users (a file made by the hash-password CLI) the whole app works in Chromium
// for a user let in, while the audit log names that user.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  auditLines,
  type BuiltServer,
  exitOfBuiltServer,
  startBuiltServer,
} from '../support/built-server';
import { API, collectProblems, summary } from './api-requests';

/** A users file as an operator makes it: one line a user from the CLI, password on stdin. */
function usersFile(passwords: Record<string, string>, header = ''): string {
  const lines = Object.entries(passwords).map(([user, password]) =>
    execFileSync(process.execPath, ['dist/server/hash-password.js', user], {
      input: `${password}\n`,
    }).toString(),
  );
  const file = join(mkdtempSync(join(tmpdir(), 'cen-users-')), 'users');
  writeFileSync(file, header + lines.join(''));
  return file;
}

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
    const file = usersFile({ ana: password }, '# analysts\n');
    const line = readFileSync(file, 'utf8').split('\n')[1] ?? '';
    expect(line).toMatch(/^ana:\$scrypt\$ln=15,r=8,p=1\$/);
    expect(line).not.toContain(password);
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
    const audit = auditLines(server);
    expect(audit).toHaveLength(23);
    for (const line of audit) {
      expect(line).toMatch(
        /^audit user=ana addr=127\.0\.0\.1 rut=76999999 from=11\/14\/2019 to=11\/05\/2025 rows=200 page=\d+ status=200 ms=\d+$/,
      );
    }
    expect(server.output()).not.toContain(password);
  });
});

// ——— a flood of wrong passwords, over real connections from other loopback addresses ———

interface Answer {
  status: number;
  retryAfter: string | undefined;
  /** The JSON body, when the answer is JSON. */
  body?: unknown;
  ms: number;
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** GET `path` from `localAddress` (Linux routes all of 127/8 to lo); status 0 on a network error. */
function get(
  port: number,
  path: string,
  headers: OutgoingHttpHeaders | string[],
  localAddress: string,
  agent?: Agent,
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (status: number, retryAfter?: string, body?: unknown) =>
      resolve({ status, retryAfter, body, ms: performance.now() - started });
    const req = httpRequest(
      { host: '127.0.0.1', port, path, headers, localAddress, agent: agent ?? false },
      (res) => {
        const json = res.headers['content-type']?.startsWith('application/json');
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (json) text += chunk;
        });
        res.on('end', () =>
          done(
            res.statusCode ?? 0,
            res.headers['retry-after'],
            json ? JSON.parse(text) : undefined,
          ),
        );
      },
    );
    req.on('error', () => done(0));
    req.end();
  });
}

test.describe('a flood of wrong passwords', () => {
  test.describe.configure({ mode: 'serial' });
  const passwords = { ana: 'la clave larga de ana', luis: 'la clave larga de luis' };
  const FLOODER = '127.0.0.2';
  let server: BuiltServer;
  const flood: Answer[] = [];

  test.beforeAll(async () => {
    const file = usersFile(passwords);
    server = await startBuiltServer({ AUTH_USERS_FILE: file });
  });
  test.afterAll(() => server?.stop());

  test('lets the right password in, for the targeted user and another, while wrong guesses for that user pour in', async () => {
    // 100 guesses for ana at all times, each a new password, sent again as soon as answered.
    const agent = new Agent({ keepAlive: true, maxSockets: 100 });
    let stopped = false;
    let guess = 0;
    const flooding = Promise.all(
      Array.from({ length: 100 }, async () => {
        while (!stopped) {
          const authorization = basic('ana', `adivinanza número ${guess++}`);
          flood.push(await get(server.port, '/', { authorization }, FLOODER, agent));
        }
      }),
    );
    let signIns: Answer[];
    try {
      await expect.poll(() => flood.length, { timeout: 30_000 }).toBeGreaterThan(500);
      signIns = await Promise.all([
        get(server.port, '/', { authorization: basic('ana', passwords.ana) }, '127.0.0.1'),
        get(server.port, '/', { authorization: basic('luis', passwords.luis) }, '127.0.0.3'),
      ]);
      // The flood goes on a while, to see where it ends.
      await new Promise((resolve) => setTimeout(resolve, 3000));
    } finally {
      stopped = true;
      await flooding;
      agent.destroy();
    }
    const [ana, luis] = signIns as [Answer, Answer];
    const checked = flood.filter((answer) => answer.status === 401).length;
    const refused = flood.filter((answer) => answer.status === 429);
    const report = `correct sign-in during the flood: ana ${Math.round(ana.ms)} ms, luis ${Math.round(luis.ms)} ms; flood: ${flood.length} requests, ${checked} checked (401), ${refused.length} refused (429)`;
    console.log(report);
    test.info().annotations.push({ type: 'measured', description: report });

    expect(ana.status).toBe(200);
    expect(luis.status).toBe(200);
    expect(flood.filter((answer) => answer.status !== 401 && answer.status !== 429)).toEqual([]);
    // One expect for them all: thousands of expect steps slow the runner to a crawl.
    expect(refused.filter((answer) => !/^[1-9]\d*$/.test(answer.retryAfter ?? ''))).toEqual([]);
    // Few of the guesses were ever checked: the address backs off, the rest are refused unread.
    expect(checked).toBeLessThan(20);
    // And at the end the flood is refused: of its last 100 answers, at most the one check
    // an address may have running is a 401.
    expect(flood.slice(-100).filter((answer) => answer.status === 401).length).toBeLessThan(2);
  });

  test('logs every refusal of the flood, summed up per address, and never a password', async () => {
    const lines = () =>
      server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('access refused '));
    const logged = () =>
      lines().reduce((sum, line) => sum + Number(/ more=(\d+) /.exec(line)?.[1] ?? 1), 0);
    // Repeated refusals are summed up every 10 s: the last sum comes within that.
    await expect.poll(logged, { timeout: 20_000 }).toBe(flood.length);
    const [first, ...summaries] = lines();
    // The first of 100 at once: a guess checked, or one refused while that check runs.
    expect(first).toMatch(
      /^access refused user=ana addr=127\.0\.0\.2 reason=(wrong-password|busy)$/,
    );
    expect(summaries.length).toBeGreaterThan(0);
    expect(summaries.length).toBeLessThan(10);
    for (const line of summaries) {
      expect(line).toMatch(
        /^access refused addr=127\.0\.0\.2 more=\d+ in=\d+s reasons=[a-z-]+:\d+(,[a-z-]+:\d+)* users=ana$/,
      );
    }
    expect(server.output()).not.toContain('adivinanza');
    expect(server.output()).not.toContain('Basic ');
  });
});

test.describe('behind a reverse proxy (FORWARDED_FOR_PROXIES)', () => {
  test.describe.configure({ mode: 'serial' });
  const passwords = { ana: 'la clave larga de ana', luis: 'la clave larga de luis' };
  // The reverse proxy connects from 127.0.0.1 and names each client in X-Forwarded-For.
  const PROXY = '127.0.0.1';
  const FLOODER = '198.51.100.66';
  let server: BuiltServer;

  test.beforeAll(async () => {
    const file = usersFile(passwords);
    server = await startBuiltServer({ AUTH_USERS_FILE: file, FORWARDED_FOR_PROXIES: PROXY });
  });
  test.afterAll(() => server?.stop());

  test('one client’s wrong guesses back off that client; colleagues behind the same proxy sign in together', async () => {
    const via = (client: string, user: string, password: string) => ({
      authorization: basic(user, password),
      'x-forwarded-for': client,
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 20 });
    const flood: Answer[] = [];
    let stopped = false;
    let guess = 0;
    const flooding = Promise.all(
      Array.from({ length: 20 }, async () => {
        while (!stopped) {
          const headers = via(FLOODER, 'ana', `adivinanza número ${guess++}`);
          flood.push(await get(server.port, '/', headers, PROXY, agent));
        }
      }),
    );
    let signIns: Answer[];
    try {
      await expect.poll(() => flood.length, { timeout: 30_000 }).toBeGreaterThan(200);
      signIns = await Promise.all([
        get(server.port, '/', via('198.51.100.1', 'ana', passwords.ana), PROXY),
        get(server.port, '/', via('198.51.100.2', 'luis', passwords.luis), PROXY),
      ]);
    } finally {
      stopped = true;
      await flooding;
      agent.destroy();
    }
    const [ana, luis] = signIns as [Answer, Answer];
    const backedOff = flood.filter((answer) => answer.status === 429).length;
    const report = `behind a reverse proxy, correct sign-in during a flood from another client: ana ${Math.round(ana.ms)} ms, luis ${Math.round(luis.ms)} ms; flood: ${flood.length} requests, ${backedOff} refused (429)`;
    console.log(report);
    test.info().annotations.push({ type: 'measured', description: report });
    expect([ana.status, luis.status]).toEqual([200, 200]);
    expect(backedOff).toBeGreaterThan(0);
    await expect
      .poll(() =>
        server
          .output()
          .split('\n')
          .find((line) => line.startsWith('access refused ')),
      )
      .toMatch(new RegExp(`^access refused user=ana addr=${FLOODER.replaceAll('.', '\\.')} `));
    expect(server.output()).not.toMatch(/access refused .*addr=127\.0\.0\.1/);
  });
});

test.describe('single sign-on header', () => {
  let server: BuiltServer;
  test.beforeAll(async () => {
    server = await startBuiltServer({
      TRUSTED_USER_HEADER: 'X-Forwarded-User',
      TRUSTED_PROXY_ADDRESSES: '127.0.0.1',
    });
  });
  test.afterAll(() => server?.stop());

  test('refuses a request naming the user twice (never joined into "ana, bob"), and logs it', async () => {
    const once = await get(server.port, '/', { 'X-Forwarded-User': 'ana' }, '127.0.0.1');
    expect(once.status).toBe(200);
    const twice = await get(
      server.port,
      API,
      ['Host', '127.0.0.1', 'X-Forwarded-User', 'ana', 'x-forwarded-user', 'bob'],
      '127.0.0.1',
    );
    expect(twice.status).toBe(403);
    expect(twice.body).toMatchObject({ Status: 'ERROR', Error: { Code: 'X007' } });
    const spoofed = await get(server.port, '/', { 'X-Forwarded-User': 'jefe' }, '127.0.0.2');
    expect(spoofed.status).toBe(403);
    await expect
      .poll(() =>
        server
          .output()
          .split('\n')
          .filter((line) => line.startsWith('access refused ')),
      )
      .toEqual([
        'access refused user=ana%2C%20bob addr=127.0.0.1 reason=duplicate-identity',
        'access refused user=jefe addr=127.0.0.2 reason=not-from-proxy',
      ]);
  });
});
