// The whole server: the proxy under /api and, in production, the built SPA.
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { createBatchedLog } from './batched-log';
import type { ServerConfig } from './config';
import { createAsyncOperations, createProxyApp } from './proxy';
import type { Simulator } from './simulator/app';
import { createUpstream } from './upstream';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Libraries (dialogs, charts) inject <style> elements; scripts stay strict.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

export interface ServerApp {
  app: Hono;
  simulator?: Simulator;
}

export interface ServerAppOptions {
  /** Folder of the built SPA; absent in dev, where Vite serves it. */
  staticRoot?: string;
  log?: (line: string) => void;
}

export function createServerApp(config: ServerConfig, options: ServerAppOptions = {}): ServerApp {
  const { upstream, simulator } = createUpstream(config);
  const log = options.log ?? createBatchedLog();
  const asyncOperations = config.async ? createAsyncOperations(config.async, log) : undefined;
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    // Set on the answer's own headers: c.header() after a handler rebuilds the Response,
    // turning its body into a web stream (the proxy's costliest step under load). Every
    // answer here is built by this server, never a fetch() passthrough, so they are mutable.
    const headers = c.res.headers;
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
  });
  if (simulator && config.simulatorControl) {
    // Test hooks of the embedded simulator: it holds demo data only, never Khipu's.
    app.get('/api/__simulator/stats', (c) =>
      c.json(
        {
          requests: simulator.requestCount(),
          bySearch: simulator.requestsBySearch(),
          // Asynchronous operations still held (waiting or undelivered).
          operations: asyncOperations?.size() ?? 0,
        },
        200,
        {
          'cache-control': 'no-store',
        },
      ),
    );
    app.post('/api/__simulator/reset', (c) => {
      simulator.reset();
      return c.body(null, 204);
    });
  }
  const upstreamKind = config.upstream.kind;
  app.route('/', createProxyApp(config, { upstream, upstreamKind, log, asyncOperations }));

  const root = options.staticRoot;
  if (root !== undefined) {
    app.use('*', compress());
    app.use(
      '/assets/*',
      serveStatic({
        root,
        onFound: (_path, c) => {
          // File names carry a content hash: cache them for good.
          c.header('Cache-Control', 'public, max-age=31536000, immutable');
        },
      }),
    );
    app.use('*', serveStatic({ root }));
    // Any other path is a view of the SPA (its state lives in the URL).
    app.get('*', serveStatic({ root, path: 'index.html' }));
  }
  return { app, simulator };
}
