import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { PROXY_PATH } from '@/contract/paths';
import { createServerApp } from '../../server/app';
import { ConfigError, type Env, isLoopbackHost, loadConfig } from '../../server/config';
import { ACCESS_EXEMPT, accessControl } from '../../server/security/access-control';
import {
  formatHash,
  hashPassword,
  parseHash,
  parseUsersFile,
  verifyPassword,
} from '../../server/security/password-hash';
import { SEED_BODY, seedPage } from '../support/fixtures/requests';

// A low cost keeps the tests quick; the verifier reads the cost from each hash.
const FAST = { ln: 10, r: 8, p: 1 };
const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

let usersFile: string;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cen-access-'));
  usersFile = join(dir, 'users');
  writeFileSync(
    usersFile,
    `# analysts\nana:${await hashPassword('contraseña larga de ana', FAST)}\n\nluis:${await hashPassword('otra clave de luis', FAST)}\n`,
  );
});

function appFor(env: Env, log: string[] = []) {
  const config = loadConfig({ SIM_LATENCY_MS: '0', SIM_JITTER_MS: '0', ...env });
  return createServerApp(config, { log: (line) => log.push(line) }).app;
}

/** Access control alone, on a clock of the test's own; what it lets in answers 200 "ok". */
function guardedApp(env: Env, log: string[], now: () => number) {
  const middleware = accessControl(
    loadConfig(env).access,
    ACCESS_EXEMPT,
    (line) => log.push(line),
    {
      now,
    },
  );
  if (middleware === undefined) throw new Error('access control is on');
  const app = new Hono();
  app.use('*', middleware);
  app.all('*', (c) => c.text('ok'));
  return app;
}

const search = (headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(SEED_BODY),
});

describe('password hashes', () => {
  it('verifies the right password only, with a salt of its own per hash', async () => {
    const one = await hashPassword('correct horse battery', FAST);
    const two = await hashPassword('correct horse battery', FAST);
    expect(one).not.toBe(two);
    expect(one).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    const parsed = parseHash(one);
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(formatHash(parsed)).toBe(one);
    expect(await verifyPassword('correct horse battery', parsed)).toBe(true);
    expect(await verifyPassword('correct horse batterz', parsed)).toBe(false);
  });

  it('reads a users file, and names the line (never the hash) of a bad one', async () => {
    const hash = await hashPassword('x'.repeat(12), FAST);
    expect([...parseUsersFile(`# c\n\nana:${hash}\n`).keys()]).toEqual(['ana']);
    expect(() => parseUsersFile(`ana:${hash}\nluis:$scrypt$nope`)).toThrow(
      /line 2 \(user "luis"\)/,
    );
    expect(() => parseUsersFile(`ana:${hash}\nana:${hash}`)).toThrow(/appears twice/);
    expect(() => parseUsersFile('a b:x')).toThrow(/line 1/);
    expect(() => parseUsersFile('# nobody')).toThrow(/no user/);
    const badHash = () => parseUsersFile(`ana:${hash.slice(0, -3)}!!!`);
    expect(badHash).toThrow();
    try {
      badHash();
    } catch (error) {
      expect((error as Error).message).not.toContain(hash.slice(20, 40));
    }
  });
});

describe('HTTP Basic users (AUTH_USERS_FILE)', () => {
  it('challenges a request without credentials: 401 with WWW-Authenticate, on the SPA and the API', async () => {
    const app = appFor({ AUTH_USERS_FILE: usersFile });
    const page = await app.request('/');
    expect(page.status).toBe(401);
    expect(page.headers.get('www-authenticate')).toBe(
      'Basic realm="CEN Nonconformities Explorer", charset="UTF-8"',
    );
    const api = await app.request(PROXY_PATH, search());
    expect(api.status).toBe(401);
    expect(api.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(await api.json()).toMatchObject({
      Status: 'ERROR',
      Error: { Code: 'X006', Type: 'RETRY_AFTER_NOTIFICATION' },
    });
  });

  it.each([
    ['a wrong password', basic('ana', 'contraseña larga de luis')],
    ['an unknown user', basic('pedro', 'contraseña larga de ana')],
    ['another user’s password', basic('luis', 'contraseña larga de ana')],
    ['a malformed header', 'Basic ###'],
    ['another scheme', 'Bearer abc'],
  ])('refuses %s with 401 and WWW-Authenticate', async (_name, authorization) => {
    const app = appFor({ AUTH_USERS_FILE: usersFile });
    const response = await app.request(PROXY_PATH, search({ authorization }));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
  });

  it('lets a user in, and the audit log names the user, the RUT and the page, never the password', async () => {
    const log: string[] = [];
    const app = appFor({ AUTH_USERS_FILE: usersFile }, log);
    const authorization = basic('ana', 'contraseña larga de ana');
    const response = await app.request(PROXY_PATH, search({ authorization }), from('10.1.2.3'));
    expect(response.status).toBe(200);
    // Remembered: a second request does not pay scrypt again, and is let in the same.
    expect((await app.request('/api/nope', { headers: { authorization } })).status).toBe(404);
    const audit = log.filter((line) => line.startsWith('audit '));
    expect(audit).toEqual([
      expect.stringMatching(
        /^audit user=ana addr=10\.1\.2\.3 rut=76999999 from=11\/14\/2019 to=11\/05\/2025 rows=200 page=0 status=200 ms=\d+$/,
      ),
    ]);
    expect(log.join('\n')).not.toContain('contraseña');
  });

  it('costs the same for an unknown user as for a wrong password (both derive a hash)', async () => {
    // A costlier hash, so that a derivation clearly outweighs the rest of a request.
    const dir = mkdtempSync(join(tmpdir(), 'cen-access-'));
    const file = join(dir, 'users');
    writeFileSync(
      file,
      `ana:${await hashPassword('contraseña larga de ana', { ...FAST, ln: 14 })}\n`,
    );
    const app = appFor({ AUTH_USERS_FILE: file });
    // Each try from an address of its own: failures from one address back off.
    let client = 0;
    const time = async (authorization: string) => {
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const response = await app.request(
          '/api/health/x',
          { headers: { authorization } },
          from(`10.9.0.${++client}`),
        );
        expect(response.status).toBe(401);
        runs.push(performance.now() - started);
      }
      return runs.sort((a, b) => a - b)[1] as number;
    };
    const wrongPassword = await time(basic('ana', 'no es la clave'));
    const unknownUser = await time(basic('nadie', 'no es la clave'));
    // Without the decoy an unknown user would answer in well under a millisecond.
    expect(unknownUser).toBeGreaterThan(wrongPassword / 3);
    expect(wrongPassword).toBeGreaterThan(unknownUser / 3);
  });

  it('logs each refused sign-in (user given, address, reason), never the password', async () => {
    const log: string[] = [];
    const app = appFor({ AUTH_USERS_FILE: usersFile }, log);
    const tries: Array<[string, string]> = [
      ['10.0.0.1', basic('ana', 'contraseña larga de luis')],
      ['10.0.0.2', basic('pedro', 'contraseña larga de ana')],
      ['10.0.0.3', 'Bearer secreto-de-portador'],
    ];
    for (const [address, authorization] of tries) {
      const response = await app.request('/', { headers: { authorization } }, from(address));
      expect(response.status).toBe(401);
    }
    // Without credentials: the protocol's first step (the browser asks), not a refused try.
    expect((await app.request('/', {}, from('10.0.0.4'))).status).toBe(401);
    expect(log).toEqual([
      'access refused user=ana addr=10.0.0.1 reason=wrong-password',
      'access refused user=pedro addr=10.0.0.2 reason=unknown-user',
      'access refused user=- addr=10.0.0.3 reason=malformed-credentials',
    ]);
    expect(log.join('\n')).not.toMatch(/contraseña|secreto|Basic/);
  });

  it('backs off an address that keeps failing (429 X012, Retry-After), and only that address', async () => {
    const log: string[] = [];
    let now = 1_000_000;
    const app = guardedApp({ AUTH_USERS_FILE: usersFile }, log, () => now);
    const attempt = (address: string, password: string) =>
      app.request(PROXY_PATH, search({ authorization: basic('ana', password) }), from(address));
    for (let i = 0; i < 4; i++)
      expect((await attempt('10.6.6.6', `intento ${i}`)).status).toBe(401);
    const refused = await attempt('10.6.6.6', 'contraseña larga de ana');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({
      Status: 'ERROR',
      Error: { Code: 'X012', Type: 'RETRY_IMMEDIATELY' },
    });
    const luis = basic('luis', 'otra clave de luis');
    const other = await app.request('/', { headers: { authorization: luis } }, from('10.0.0.1'));
    expect(other.status).toBe(200);
    now += 999;
    expect((await attempt('10.6.6.6', 'contraseña larga de ana')).status).toBe(429);
    // The second it was told to wait is over: the right password is let in.
    now += 1;
    expect((await attempt('10.6.6.6', 'contraseña larga de ana')).status).toBe(200);
    expect(log.filter((line) => line.startsWith('access refused '))).toEqual([
      'access refused user=ana addr=10.6.6.6 reason=wrong-password',
    ]);
  });

  it('lets two colleagues behind one address sign in at the same moment', async () => {
    const app = guardedApp({ AUTH_USERS_FILE: usersFile }, [], Date.now);
    const answers = await Promise.all([
      app.request(
        '/',
        { headers: { authorization: basic('ana', 'contraseña larga de ana') } },
        from('10.0.0.5'),
      ),
      app.request(
        '/',
        { headers: { authorization: basic('luis', 'otra clave de luis') } },
        from('10.0.0.5'),
      ),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
  });

  it('leaves no timer running for an app nobody uses', () => {
    vi.useFakeTimers();
    try {
      accessControl(loadConfig({ AUTH_USERS_FILE: usersFile }).access, ACCESS_EXEMPT, () => {});
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('lets /api/health through without credentials (and nothing else)', async () => {
    const app = appFor({ AUTH_USERS_FILE: usersFile });
    expect((await app.request('/api/health')).status).toBe(200);
    expect((await app.request('/api/health/')).status).toBe(401);
    expect((await app.request('/api/health/../v1/x')).status).toBe(401);
    expect((await app.request('/api/__simulator/stats')).status).toBe(401);
  });
});

describe('identity header from the single-sign-on proxy', () => {
  const env = {
    TRUSTED_USER_HEADER: 'X-Forwarded-User',
    TRUSTED_PROXY_ADDRESSES: '10.0.0.5, 192.168.10.0/24',
  };

  it('believes the header from a configured proxy address, and audits that user', async () => {
    const log: string[] = [];
    const app = appFor(env, log);
    const response = await app.request(
      PROXY_PATH,
      search({ 'x-forwarded-user': 'ana.perez@empresa.cl' }),
      from('::ffff:192.168.10.7'),
    );
    expect(response.status).toBe(200);
    expect(log.find((line) => line.startsWith('audit '))).toMatch(
      /^audit user=ana\.perez@empresa\.cl addr=192\.168\.10\.7 rut=76999999 .* page=0 status=200 /,
    );
  });

  it('refuses a spoofed header from any other address with 403', async () => {
    const app = appFor(env);
    for (const address of ['10.0.0.6', '127.0.0.1', '::1', '192.168.11.7']) {
      const response = await app.request(
        PROXY_PATH,
        search({ 'x-forwarded-user': 'jefe', 'x-forwarded-for': '10.0.0.5' }),
        from(address),
      );
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ Error: { Code: 'X007' } });
      expect((await app.request('/', {}, from(address))).status).toBe(403);
    }
    // No bindings at all (no known peer): refused too.
    expect((await app.request('/', { headers: { 'x-forwarded-user': 'jefe' } })).status).toBe(403);
  });

  it('refuses the identity header sent twice, which Node would join into "ana, bob"', async () => {
    const log: string[] = [];
    const app = appFor(env, log);
    const twice = {
      incoming: {
        socket: { remoteAddress: '10.0.0.5' },
        rawHeaders: ['X-Forwarded-User', 'ana', 'x-forwarded-user', 'bob'],
      },
    };
    const response = await app.request(
      PROXY_PATH,
      search({ 'x-forwarded-user': 'ana, bob' }),
      twice,
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ Error: { Code: 'X007' } });
    expect(log).toEqual([
      'access refused user=ana%2C%20bob addr=10.0.0.5 reason=duplicate-identity',
    ]);
    // Once, a name with a comma is a name.
    const once = {
      incoming: {
        socket: { remoteAddress: '10.0.0.5' },
        rawHeaders: ['X-Forwarded-User', 'perez, ana'],
      },
    };
    const named = { headers: { 'x-forwarded-user': 'perez, ana' } };
    expect((await app.request('/api/nope', named, once)).status).toBe(404);
  });

  it('logs each refused request: the name given, the address and why', async () => {
    const log: string[] = [];
    const app = appFor(env, log);
    const spoofed = { headers: { 'x-forwarded-user': 'jefe' } };
    await app.request('/', spoofed, from('10.0.0.6'));
    await app.request('/', {}, from('10.0.0.5'));
    expect(log).toEqual([
      'access refused user=jefe addr=10.0.0.6 reason=not-from-proxy',
      'access refused user=- addr=10.0.0.5 reason=no-user',
    ]);
  });

  it('refuses a request from the proxy that names no user', async () => {
    const app = appFor(env);
    expect((await app.request('/', {}, from('10.0.0.5'))).status).toBe(403);
    const control = { headers: { 'x-forwarded-user': 'a\u0007b' } };
    expect((await app.request('/', control, from('10.0.0.5'))).status).toBe(403);
  });
});

describe('behind a reverse proxy (FORWARDED_FOR_PROXIES)', () => {
  const PROXY = '10.0.0.9';
  const behindProxy = () => ({
    AUTH_USERS_FILE: usersFile,
    FORWARDED_FOR_PROXIES: `${PROXY}, 10.1.0.0/16`,
  });
  /** A sign-in as the reverse proxy passes it on: from its address, naming the client. */
  const signIn = (user: string, password: string, forwardedFor: string, peer = PROXY) =>
    app.request(
      PROXY_PATH,
      {
        ...search({ authorization: basic(user, password), 'x-forwarded-for': forwardedFor }),
        // A page of each user's own: each is billed, and audited.
        body: JSON.stringify(seedPage(user.length)),
      },
      from(peer),
    );
  let app: ReturnType<typeof appFor>;
  let log: string[];

  it('backs off the client that fails, not everyone behind the proxy, and logs the client', async () => {
    log = [];
    app = appFor(behindProxy(), log);
    // The client's own header is kept and appended to by the proxy: only the right end counts.
    for (let i = 0; i < 4; i++)
      expect((await signIn('ana', `intento ${i}`, `1.2.3.${i}, 198.51.100.66`)).status).toBe(401);
    const refused = await signIn('ana', 'contraseña larga de ana', '198.51.100.66');
    expect([refused.status, (await refused.json()).Error.Code]).toEqual([429, 'X012']);
    // Two colleagues behind the same proxy, at the same moment.
    const colleagues = await Promise.all([
      signIn('ana', 'contraseña larga de ana', '198.51.100.1'),
      signIn('luis', 'otra clave de luis', '203.0.113.7, 10.1.2.3'),
    ]);
    expect(colleagues.map((answer) => answer.status)).toEqual([200, 200]);
    expect(log.filter((line) => line.startsWith('access refused '))).toEqual([
      'access refused user=ana addr=198.51.100.66 reason=wrong-password',
    ]);
    // The audit line names the client, not the proxy (the two sign-ins end in either order).
    expect(
      log
        .filter((line) => line.startsWith('audit '))
        .map((line) => /addr=\S+/.exec(line)?.[0])
        .sort(),
    ).toEqual(['addr=198.51.100.1', 'addr=203.0.113.7']);
  });

  it('never believes X-Forwarded-For from any other peer', async () => {
    log = [];
    app = appFor(behindProxy(), log);
    for (let i = 0; i < 4; i++) {
      const forged = signIn('ana', `intento ${i}`, `198.51.100.${i}`, '10.0.0.66');
      expect((await forged).status).toBe(401);
    }
    const refused = await signIn('ana', 'contraseña larga de ana', '198.51.100.9', '10.0.0.66');
    expect(refused.status).toBe(429);
    expect(log).toEqual(['access refused user=ana addr=10.0.0.66 reason=wrong-password']);
  });

  it('checks the single-sign-on proxy by its connection, never by X-Forwarded-For', async () => {
    const sso = appFor({
      TRUSTED_USER_HEADER: 'X-Forwarded-User',
      TRUSTED_PROXY_ADDRESSES: '10.0.0.5',
      FORWARDED_FOR_PROXIES: PROXY,
    });
    const headers = { 'x-forwarded-user': 'jefe', 'x-forwarded-for': '10.0.0.5' };
    expect((await sso.request('/api/nope', { headers }, from(PROXY))).status).toBe(403);
    const fromSso = { incoming: { socket: { remoteAddress: '10.0.0.5' } } };
    // Let in (then not found).
    expect((await sso.request('/api/nope', { headers }, fromSso)).status).toBe(404);
  });
});

describe('the exemption list', () => {
  it('lets the asynchronous webhook through without sign-in, and nothing else of the mode', async () => {
    const { app } = createServerApp(
      loadConfig({ AUTH_USERS_FILE: usersFile, KHIPU_ASYNC: '1', SIM_LATENCY_MS: '0' }),
      { log: () => {} },
    );
    const callback = await app.request(`/api/callbacks/cenhub/${'a'.repeat(43)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    // Past sign-in: refused by the token check (unknown), not by access control.
    expect(callback.status).toBe(404);
    expect((await app.request('/api/operations/stream/aaaaaaaaaaaaaaaaaaaa')).status).toBe(401);
    expect((await app.request('/api/operations/abc', { method: 'DELETE' })).status).toBe(401);
  });

  it('is a list of paths and patterns: adding the future callback route is one line', async () => {
    const config = loadConfig({ AUTH_USERS_FILE: usersFile });
    const middleware = accessControl(
      config.access,
      ['/api/health', /^\/api\/callbacks\/cenhub\/[A-Za-z0-9_-]{20,}$/],
      () => {},
    );
    if (middleware === undefined) throw new Error('access control is on');
    const app = new Hono();
    app.use('*', middleware);
    app.all('*', (c) => c.text('ok'));
    expect((await app.request('/api/callbacks/cenhub/abcdefghijklmnopqrstuv')).status).toBe(200);
    expect((await app.request('/api/callbacks/cenhub/short')).status).toBe(401);
    expect((await app.request('/api/callbacks/cenhub/abcdefghijklmnopqrstuv/x')).status).toBe(401);
  });
});

describe('start-up configuration of access control', () => {
  it.each([
    [{ HOST: '0.0.0.0' }, /HOST=0\.0\.0\.0 accepts connections from other machines/],
    [{ HOST: '::' }, /access control is off/],
    [{ HOST: '192.168.1.20' }, /AUTH_USERS_FILE/],
    [{ TRUSTED_USER_HEADER: 'X-User' }, /go together/],
    [{ TRUSTED_PROXY_ADDRESSES: '10.0.0.5' }, /go together/],
    [{ TRUSTED_USER_HEADER: 'X-User', TRUSTED_PROXY_ADDRESSES: 'proxy.local' }, /IP addresses/],
    [{ TRUSTED_USER_HEADER: 'X-User', TRUSTED_PROXY_ADDRESSES: '10.0.0.0/33' }, /IP addresses/],
    [{ TRUSTED_USER_HEADER: 'Authorization', TRUSTED_PROXY_ADDRESSES: '10.0.0.5' }, /header name/],
    [{ TRUSTED_USER_HEADER: 'X User', TRUSTED_PROXY_ADDRESSES: '10.0.0.5' }, /header name/],
    [{ AUTH_USERS_FILE: '/nonexistent/users' }, /cannot be read \(ENOENT\)/],
    [
      { AUTH_USERS_FILE: '/x', TRUSTED_USER_HEADER: 'X-User', TRUSTED_PROXY_ADDRESSES: '10.0.0.5' },
      /not both/,
    ],
    [{ PROXY_MAX_CONCURRENT: '0' }, /PROXY_MAX_CONCURRENT/],
    [{ PROXY_QUEUE_LIMIT: '-1' }, /PROXY_QUEUE_LIMIT/],
    [{ PROXY_CLIENT_BUDGET_PER_MINUTE: 'mucho' }, /PROXY_CLIENT_BUDGET_PER_MINUTE/],
    [{ FORWARDED_FOR_PROXIES: 'proxy.local' }, /FORWARDED_FOR_PROXIES must list IP addresses/],
    [{ FORWARDED_FOR_PROXIES: '10.0.0.0/40' }, /FORWARDED_FOR_PROXIES must list IP addresses/],
  ])('refuses %o with a message saying what to change', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('starts on a non-loopback HOST once access control is configured', () => {
    expect(loadConfig({ HOST: '0.0.0.0', AUTH_USERS_FILE: usersFile }).access.kind).toBe('basic');
    expect(
      loadConfig({
        HOST: '0.0.0.0',
        TRUSTED_USER_HEADER: 'X-Forwarded-User',
        TRUSTED_PROXY_ADDRESSES: '10.0.0.5',
      }).access.kind,
    ).toBe('trusted-header');
  });

  it('knows loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.9.9.9', 'localhost', '::1', '[::1]']) {
      expect(isLoopbackHost(host)).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '128.0.0.1']) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });

  it('names a bad users-file line, never its content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cen-access-'));
    const file = join(dir, 'users');
    writeFileSync(file, 'ana:hunter2-plain-password\n');
    expect(() => loadConfig({ AUTH_USERS_FILE: file })).toThrow(/line 1 \(user "ana"\)/);
    try {
      loadConfig({ AUTH_USERS_FILE: file });
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});
