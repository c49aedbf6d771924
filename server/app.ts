// The whole server: the proxy under /api and, in production, the built SPA.
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import type { ServerConfig } from './config';
import { serveSpa } from './http/static-site';
import { createBatchedLog } from './proxy/batched-log';
import { createAsyncOperations, createProxyApp } from './proxy/proxy';
import { ACCESS_EXEMPT, accessControl } from './security/access-control';
import { forwardedClients } from './security/client-identity';
import { originGuard } from './security/origin-guard';
import { securityHeaders } from './security/security-headers';
import type { Simulator } from './simulator/app';
import { createUpstream } from './upstream/upstream';

export interface ServerApp {
  app: Hono;
  simulator?: Simulator;
}

export interface ServerAppOptions {
  /** Folder of the built SPA; absent in dev, where Vite serves it. */
  staticRoot?: string;
  log?: (line: string) => void;
  /** Audit lines of billed requests (default: `log`). */
  audit?: (line: string) => void;
}

export function createServerApp(config: ServerConfig, options: ServerAppOptions = {}): ServerApp {
  const { upstream, simulator } = createUpstream(config);
  const log = options.log ?? createBatchedLog();
  const asyncOperations = config.async ? createAsyncOperations(config.async, log) : undefined;
  const app = new Hono();
  // First, so that refusals by access control carry the headers too.
  app.use('*', securityHeaders());
  // Behind reverse proxies, who the client is comes before anything that counts clients.
  if (config.forwardedForProxies) app.use('*', forwardedClients(config.forwardedForProxies));
  // Before access control: a request another site sent is refused before anything else.
  app.use('*', originGuard({ loopbackOnly: config.access.kind === 'none' }));
  const access = accessControl(config.access, ACCESS_EXEMPT, log);
  if (access !== undefined) app.use('*', access);
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
  app.route(
    '/',
    createProxyApp(config, {
      upstream,
      upstreamKind,
      log,
      audit: options.audit,
      asyncOperations,
    }),
  );

  const root = options.staticRoot;
  if (root !== undefined) {
    app.use('*', compress());
    serveSpa(app, root);
  }
  return { app, simulator };
}
