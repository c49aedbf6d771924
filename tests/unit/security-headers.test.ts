import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROXY_PATH } from '@/contract/paths';
import { createServerApp } from '../../server/app';
import { type Env, loadConfig } from '../../server/config';
import { CONTENT_SECURITY_POLICY } from '../../server/security/security-headers';
import { SEED_BODY, seedPage } from '../support/fixtures/requests';

const root = mkdtempSync(join(tmpdir(), 'cen-static-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
writeFileSync(join(root, 'assets', 'index-abc.js'), 'export {};');

function appFor(env: Env = {}) {
  const config = loadConfig({ SIM_LATENCY_MS: '0', SIM_JITTER_MS: '0', ...env });
  return createServerApp(config, { staticRoot: root, log: () => {} }).app;
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('the Content-Security-Policy', () => {
  it('is strict for scripts, objects, base and framing; only styles allow inline', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split('; ').map((d) => [
        d.split(' ')[0],
        d.slice(d.indexOf(' ') + 1),
      ]),
    );
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('style-src')).toBe("'self' 'unsafe-inline'");
    // worker-src falls back to script-src ('self'): the same-origin page worker runs.
    expect(directives.has('worker-src')).toBe(false);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });
});

describe('security headers on every kind of answer', () => {
  const kinds: Array<[string, Env, string, RequestInit | undefined, number]> = [
    ['the SPA (HTML)', {}, '/', undefined, 200],
    ['a view of the SPA (HTML)', {}, '/?rut=76999999-K', undefined, 200],
    ['an asset', {}, '/assets/index-abc.js', undefined, 200],
    ['a missing asset', {}, '/assets/nope.js', undefined, 404],
    ['a POST off the API', {}, '/somewhere', { method: 'POST' }, 404],
    ['the health check', {}, '/api/health', undefined, 200],
    ['an API answer', {}, PROXY_PATH, json(SEED_BODY), 200],
    ['an API error', {}, PROXY_PATH, json('{'), 400],
    ['an unknown API path', {}, '/api/nope', undefined, 404],
    ['a wrong API method', {}, PROXY_PATH, undefined, 405],
    ['a quota refusal', { PROXY_CLIENT_BUDGET_PER_MINUTE: '1' }, PROXY_PATH, json(SEED_BODY), 429],
    [
      'an access refusal',
      { TRUSTED_USER_HEADER: 'X-User', TRUSTED_PROXY_ADDRESSES: '10.0.0.5' },
      '/',
      undefined,
      403,
    ],
  ];

  it.each(kinds)('%s', async (_kind, env, path, init, status) => {
    const app = appFor(env);
    let response = await app.request(path, init);
    if (status === 429) {
      // The first spends the budget of 1; another page is refused.
      response = await app.request(path, json(seedPage(1)));
    }
    expect(response.status).toBe(status);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
