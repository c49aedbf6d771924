// `npm start`: the production server (bundled to dist/server/main.js by `npm run build`).
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createServerApp } from './app';
import { loadConfigOrExit } from './config';

function start(): void {
  const config = loadConfigOrExit(process.env);
  const staticRoot = fileURLToPath(new URL('../client', import.meta.url));
  const { app } = createServerApp(config, { staticRoot });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    const upstream =
      config.upstream.kind === 'simulator' ? 'embedded CEN HUB simulator' : config.upstream.baseUrl;
    console.log(`Listening on http://${config.host}:${info.port} (upstream: ${upstream})`);
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(`Cannot listen on ${config.host}:${config.port}: ${error.message}`);
    process.exit(1);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    // Idle keep-alive connections would hold the close: end them, and give up after 3 s.
    (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

start();
