// PGlite's WebAssembly modules and file-system bundle, read from a folder of their own.
// The build copies them beside the bundled server (dist/server/pglite/), so the production
// server finds them without node_modules; PGlite's own lookup would use the path of a module
// that no longer exists once bundled.
import { readFile } from 'node:fs/promises';

export const PGLITE_ASSET_FILES = ['pglite.wasm', 'initdb.wasm', 'pglite.data'] as const;

/** The folder, relative to the bundled server's files, that holds the copies. */
export const PGLITE_ASSETS_FOLDER = 'pglite';

export interface PgliteAssets {
  pgliteWasmModule: WebAssembly.Module;
  initdbWasmModule: WebAssembly.Module;
  fsBundle: Blob;
}

export async function loadPgliteAssets(folder: URL): Promise<PgliteAssets> {
  const [pglite, initdb, data] = await Promise.all(
    PGLITE_ASSET_FILES.map(async (name) => {
      const file = await readFile(new URL(name, folder));
      return new Uint8Array(file.buffer as ArrayBuffer, file.byteOffset, file.byteLength);
    }),
  );
  const [pgliteWasmModule, initdbWasmModule] = await Promise.all([
    WebAssembly.compile(pglite as Uint8Array<ArrayBuffer>),
    WebAssembly.compile(initdb as Uint8Array<ArrayBuffer>),
  ]);
  return {
    pgliteWasmModule,
    initdbWasmModule,
    fsBundle: new Blob([data as Uint8Array<ArrayBuffer>]),
  };
}
