// vitest globalSetup of the store tests: the server bundle as `npm run build` makes it
// (PGlite's worker and assets included), plus the child process the kill and lock tests
// start, built into a scratch folder. The tests hand the built worker to the store and run
// the child with plain node.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder of the built server bundle and store child (`store-child.js`). */
    storeBuildDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const outDir = mkdtempSync(join(tmpdir(), 'cen-store-build-'));
  await build({
    configFile: 'vite.config.ts',
    logLevel: 'error',
    build: {
      ssr: true,
      outDir,
      rollupOptions: { input: { 'store-child': 'tests/store/support/store-child-main.ts' } },
    },
  });
  project.provide('storeBuildDir', outDir);
  return () => rmSync(outDir, { recursive: true, force: true });
}
