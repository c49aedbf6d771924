// Applies the pending migrations at start, all in one transaction: a store is either at the
// new version or untouched. Servers starting together on one PostgreSQL take turns.
import type { Migration } from './migrations';
import { type Store, StoreOpenError } from './store';

/** Any constant: the key of the advisory lock that serializes migrations. */
const MIGRATION_LOCK_KEY = 1_702_017;

export interface MigrationOutcome {
  /** The versions applied now, in order (empty when the store was up to date). */
  applied: number[];
  /** The store's version after. */
  version: number;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration ${migration.name} has version ${migration.version}, not ${index + 1}`,
      );
    }
  });
}

export async function migrate(
  store: Store,
  migrations: readonly Migration[],
): Promise<MigrationOutcome> {
  checkOrder(migrations);
  let current: Migration | null = null;
  try {
    return await store.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await tx.query(`
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version integer PRIMARY KEY,
          name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )
      `);
      const { rows } = await tx.query<{ version: number }>(
        'SELECT coalesce(max(version), 0) AS version FROM schema_migrations',
      );
      const version = rows[0]?.version ?? 0;
      if (version > migrations.length) {
        throw new StoreOpenError(
          `The store (${store.description}) is at schema version ${version}, newer than this ` +
            `server knows (${migrations.length}): run the newer server, or restore a backup ` +
            'made for this version.',
        );
      }
      const pending = migrations.slice(version);
      for (const migration of pending) {
        current = migration;
        await tx.query(migration.sql);
        await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
      }
      current = null;
      return { applied: pending.map((m) => m.version), version: migrations.length };
    });
  } catch (error) {
    if (error instanceof StoreOpenError) throw error;
    const failed = current as Migration | null;
    const step = failed
      ? `migration ${String(failed.version).padStart(3, '0')} ${failed.name}`
      : 'its migrations table';
    throw new StoreOpenError(
      `Cannot migrate the store (${store.description}) at ${step}: ${(error as Error).message}. ` +
        'Nothing was changed. Check that the database user may create tables, or restore the ' +
        'store from a backup.',
    );
  }
}
