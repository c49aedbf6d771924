import { describe, expect, it } from 'vitest';
import { PROXY_PATH } from '@/contract/paths';
import { PROXY_CODES } from '@/contract/proxy-codes';
import { createServerApp } from '../../server/app';
import { type Env, loadConfig } from '../../server/config';
import { isLoopbackAuthority, isSameOrigin } from '../../server/security/origin-guard';
import { SEED_BODY } from '../support/fixtures/requests';

describe('loopback names (Host without access control)', () => {
  it.each([
    'localhost',
    'localhost:8080',
    'LOCALHOST:8080',
    '127.0.0.1',
    '127.0.0.1:5173',
    '127.9.9.9:80',
    '[::1]',
    '[::1]:8080',
  ])('%s is answered', (host) => {
    expect(isLoopbackAuthority(host)).toBe(true);
  });

  it.each([
    'rebind.attacker.example:8080',
    'localhost.attacker.example',
    '127.0.0.1.nip.io:8080',
    '10.0.0.5:8080',
    '0.0.0.0:8080',
    '[::2]:8080',
    'localhost.',
    '',
    'a b',
  ])('%s is refused', (host) => {
    expect(isLoopbackAuthority(host)).toBe(false);
  });
});

describe('the same origin', () => {
  it.each([
    ['http://127.0.0.1:8080', '127.0.0.1:8080'],
    ['http://localhost:5173', 'localhost:5173'],
    ['https://cen.example.cl', 'cen.example.cl'],
    // TLS ended by a reverse proxy: the server sees http, the browser's origin is https.
    ['https://cen.example.cl', 'CEN.example.cl:443'],
    ['http://cen.example.cl', 'cen.example.cl:80'],
    ['http://[::1]:8080', '[::1]:8080'],
  ])('%s for Host %s', (origin, host) => {
    expect(isSameOrigin(origin, host)).toBe(true);
  });

  it.each([
    ['http://evil.example', '127.0.0.1:8080'],
    ['http://127.0.0.1:9999', '127.0.0.1:8080'],
    ['http://localhost:8080', '127.0.0.1:8080'],
    ['https://cen.example.cl:8443', 'cen.example.cl'],
    ['null', '127.0.0.1:8080'],
    ['file://', '127.0.0.1:8080'],
    ['http://127.0.0.1:8080/path', '127.0.0.1:8080'],
    ['HTTP://127.0.0.1:8080', '127.0.0.1:8080'],
    ['', '127.0.0.1:8080'],
  ])('not %s for Host %s', (origin, host) => {
    expect(isSameOrigin(origin, host)).toBe(false);
  });
});

describe('the guard in the app', () => {
  const appFor = (env: Env = {}) =>
    createServerApp(loadConfig({ SIM_LATENCY_MS: '0', SIM_JITTER_MS: '0', ...env }), {
      log: () => {},
    }).app;
  const search = (headers: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(SEED_BODY),
  });

  it('with access control, any Host is answered (the public name behind a reverse proxy)', async () => {
    const app = appFor({ TRUSTED_USER_HEADER: 'X-User', TRUSTED_PROXY_ADDRESSES: '127.0.0.1' });
    const answer = await app.request(PROXY_PATH, search({ host: 'cen.example.cl' }));
    // Past the guard: refused by access control (no peer address here), not by the Host.
    expect(answer.status).toBe(403);
    expect((await answer.json()).Error.Code).toBe('X007');
  });

  it('with access control, an API request from another origin is refused (X014)', async () => {
    const app = appFor({ TRUSTED_USER_HEADER: 'X-User', TRUSTED_PROXY_ADDRESSES: '127.0.0.1' });
    const answer = await app.request(
      PROXY_PATH,
      search({ host: 'cen.example.cl', origin: 'https://evil.example' }),
    );
    expect(answer.status).toBe(403);
    expect((await answer.json()).Error.Code).toBe(PROXY_CODES.foreignOrigin.code);
  });

  it('without access control, a foreign Host is refused on the SPA in plain text too', async () => {
    const answer = await appFor().request('/', { headers: { host: 'rebind.attacker.example' } });
    expect(answer.status).toBe(421);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
