import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { PGLITE_ASSET_FILES, PGLITE_ASSETS_FOLDER } from './server/store/pglite-assets.ts';

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

/**
 * Copies PGlite's WebAssembly and file-system bundle beside the server bundle
 * (`dist/server/pglite/`), where its worker loads them (server/store/pglite-assets.ts): the
 * production server needs no node_modules.
 */
function pgliteAssets(): Plugin {
  return {
    name: 'cen-pglite-assets',
    apply: (_config, env) => env.command === 'build' && env.isSsrBuild === true,
    generateBundle() {
      const packageDir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
      for (const name of PGLITE_ASSET_FILES) {
        this.emitFile({
          type: 'asset',
          fileName: `${PGLITE_ASSETS_FOLDER}/${name}`,
          source: readFileSync(join(packageDir, name)),
        });
      }
    },
  };
}

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [react(), apiDevServer(), pgliteAssets()],
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
            'store-check': 'server/store-check-main.ts',
            'pglite-worker': 'server/store/pglite-worker.ts',
          },
          output: { entryFileNames: '[name].js' },
          // PGlite's Emscripten glue calls eval by design; nothing of ours does.
          onwarn(warning, warn) {
            if (warning.code === 'EVAL' && warning.id?.includes('@electric-sql/pglite')) return;
            warn(warning);
          },
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
