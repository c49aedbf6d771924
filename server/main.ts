// `npm start`: the production server (bundled to dist/server/main.js by `npm run build`).
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { getRequestListener, RequestError } from '@hono/node-server';
import { createServerApp } from './app';
import { loadConfigOrExit } from './config';
import { createHttpServer } from './http/http-server';
import { SECURITY_HEADERS } from './security/security-headers';

function start(): void {
  const config = loadConfigOrExit(process.env);
  const staticRoot = fileURLToPath(new URL('../client', import.meta.url));
  const { app } = createServerApp(config, { staticRoot });
  const listener = getRequestListener(app.fetch, {
    // For a request without Host (HTTP/1.0), as @hono/node-server's serve() does.
    hostname: config.host,
    // A request line or Host header the adapter cannot make a URL of never reaches the app;
    // its refusal carries the security headers all the same.
    errorHandler: (error) =>
      new Response(null, {
        status: error instanceof RequestError ? 400 : 500,
        headers: SECURITY_HEADERS,
      }),
  });
  const server = createHttpServer(listener, config.connections);
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(`Cannot listen on ${config.host}:${config.port}: ${error.message}`);
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    const upstream =
      config.upstream.kind === 'simulator' ? 'embedded CEN HUB simulator' : config.upstream.baseUrl;
    const access =
      config.access.kind === 'basic'
        ? `HTTP Basic, ${config.access.users.size} user(s)`
        : config.access.kind === 'trusted-header'
          ? `single sign-on header ${config.access.header}`
          : 'off (loopback only)';
    console.log(
      `Listening on http://${config.host}:${port} (upstream: ${upstream}; access control: ${access})`,
    );
  });
  const stop = () => {
    server.close(() => process.exit(0));
    // Idle keep-alive connections would hold the close: end them, and give up after 3 s.
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

start();
