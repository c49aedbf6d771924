import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServerApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { isFilePath } from '../../server/http/static-site';

const root = mkdtempSync(join(tmpdir(), 'cen-spa-'));
mkdirSync(join(root, 'assets'));
const HTML = '<!doctype html><title>spa</title>';
writeFileSync(join(root, 'index.html'), HTML);
writeFileSync(join(root, 'favicon.svg'), '<svg/>');
writeFileSync(join(root, 'assets', 'index-abc.js'), 'export {};');

const app = createServerApp(loadConfig({ SIM_LATENCY_MS: '0', SIM_JITTER_MS: '0' }), {
  staticRoot: root,
  log: () => {},
}).app;

describe('the SPA', () => {
  it.each(['/', '/index.html', '/?rut=76999999-K&desde=2019-11-14', '/some/view'])(
    '%s: its HTML, revalidated on every visit (no-cache)',
    async (path) => {
      const answer = await app.request(path);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      expect(answer.headers.get('cache-control')).toBe('no-cache');
      expect(await answer.text()).toBe(HTML);
    },
  );

  it('a hashed asset is cached for good', async () => {
    const answer = await app.request('/assets/index-abc.js');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it.each([
    '/assets/missing.js',
    '/assets/missing',
    '/assets/sub/index-abc.css',
    '/missing.js',
    '/some/view/style.css',
    '/favicon.ico',
  ])('%s: a missing file is 404, not the SPA', async (path) => {
    const answer = await app.request(path);
    expect(answer.status).toBe(404);
    expect(await answer.text()).not.toContain('<!doctype html>');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('a file that exists at the root is served', async () => {
    expect((await app.request('/favicon.svg')).status).toBe(200);
  });
});

describe('a path that names a file', () => {
  it.each(['/assets/x', '/assets/a.js', '/x.js', '/a/b.map', '/robots.txt'])('%s', (path) => {
    expect(isFilePath(path)).toBe(true);
  });
  it.each(['/', '/view', '/a/b/', '/casos.'])('not %s', (path) => {
    expect(isFilePath(path)).toBe(false);
  });
});
