// Opens the store the settings name, migrated and ready: PostgreSQL when DATABASE_URL is
// set (DATA_DIR is then ignored), else the embedded PGlite in DATA_DIR (default ./data).
import { migrate } from './migrate';
import { MIGRATIONS, type Migration } from './migrations';
import { openPgliteStore } from './pglite-store';
import { openPostgresStore } from './postgres-store';
import type { Store } from './store';

export type StoreEnv = Record<string, string | undefined>;

export const DEFAULT_DATA_DIR = './data';

export type StoreSettings =
  | { kind: 'postgres'; databaseUrl: string }
  | { kind: 'pglite'; dataDir: string };

export function storeSettingsFromEnv(env: StoreEnv): StoreSettings {
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) return { kind: 'postgres', databaseUrl };
  return { kind: 'pglite', dataDir: env.DATA_DIR?.trim() || DEFAULT_DATA_DIR };
}

export interface OpenStoreOptions {
  /**
   * The bundled PGlite worker. Entry points name the one beside them,
   * `new URL('./pglite-worker.js', import.meta.url)`: a shared chunk's own URL is elsewhere.
   */
  pgliteWorkerUrl: URL;
  /** The schema; the product's own by default (tests pass others). */
  migrations?: readonly Migration[];
}

/** Throws a StoreOpenError, whose message says what to change, when it cannot. */
export async function openStore(env: StoreEnv, options: OpenStoreOptions): Promise<Store> {
  const settings = storeSettingsFromEnv(env);
  const store =
    settings.kind === 'postgres'
      ? await openPostgresStore(settings.databaseUrl)
      : await openPgliteStore({ dataDir: settings.dataDir, workerUrl: options.pgliteWorkerUrl });
  try {
    await migrate(store, options.migrations ?? MIGRATIONS);
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}
