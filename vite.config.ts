import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** Mounts the proxy (and the embedded simulator) on Vite's dev server: `npm run dev`. */
function apiDevServer(): Plugin {
  return {
    name: 'cen-api-dev-server',
    apply: 'serve',
    async configureServer(server) {
      // Loaded through Vite (not imported by this file), so server code stays TypeScript.
      const { loadConfigOrExit } = (await server.ssrLoadModule(
        '/server/config.ts',
      )) as typeof import('./server/config');
      const { createServerApp } = (await server.ssrLoadModule(
        '/server/app.ts',
      )) as typeof import('./server/app');
      const config = loadConfigOrExit(process.env);
      const listener = getRequestListener(createServerApp(config).app.fetch);
      server.middlewares.use((req, res, next) => {
        if (req.url === '/api' || req.url?.startsWith('/api/')) void listener(req, res);
        else next();
      });
    },
  };
}

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [react(), apiDevServer()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: isSsrBuild ? 'dist/server' : 'dist/client',
    emptyOutDir: true,
    copyPublicDir: !isSsrBuild,
    sourcemap: false,
    // One stylesheet, loaded with the page: the lazy chunks' CSS modules cost no request of
    // their own when a menu or the charts open, and the order of the rules does not depend on
    // which chunk loaded first.
    cssCodeSplit: false,
    rollupOptions: isSsrBuild
      ? {
          input: {
            main: 'server/main.ts',
            simulator: 'server/simulator-main.ts',
            'hash-password': 'server/hash-password-main.ts',
          },
          output: { entryFileNames: '[name].js' },
        }
      : {
          // React is a large part of the entry chunk and changes less often than the app: its own
          // chunk keeps each under Vite's 500 kB warning and stays cached across deploys.
          output: {
            codeSplitting: {
              groups: [
                { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
              ],
            },
          },
        },
  },
  ssr: {
    // The server bundle must run with `npm start` alone: no node_modules needed.
    noExternal: true,
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1' },
}));
