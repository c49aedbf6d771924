// `npm run store:check`: opens the store the settings name (DATABASE_URL, else DATA_DIR),
// applies its pending migrations, says where it is and at which version, and closes it.
// For operators before a start or after a restore; it refuses while a server owns DATA_DIR.
import { openStore } from './store/open-store';
import { StoreOpenError } from './store/store';

async function main(): Promise<void> {
  try {
    const store = await openStore(process.env, {
      pgliteWorkerUrl: new URL('./pglite-worker.js', import.meta.url),
    });
    const { rows } = await store.query<{ version: number }>(
      'SELECT max(version) AS version FROM schema_migrations',
    );
    console.log(`Store ready: ${store.description} (schema version ${rows[0]?.version ?? 0})`);
    await store.close();
  } catch (error) {
    if (!(error instanceof StoreOpenError)) throw error;
    console.error(`Store error: ${error.message}`);
    process.exitCode = 1;
  }
}

void main();
