// Migrations run once each, in one transaction: a reopen applies nothing twice, and a
// broken migration leaves the store as it was.
import { describe, expect, test } from 'vitest';
import { migrate } from '../../server/store/migrate';
import { MIGRATIONS, type Migration } from '../../server/store/migrations';
import { StoreOpenError } from '../../server/store/store';
import { BACKENDS } from './support/store-backends';

const SECOND: Migration = {
  version: 2,
  name: 'second',
  sql: 'CREATE TABLE second_table (id int); INSERT INTO second_table VALUES (1);',
};
const BROKEN: Migration = {
  version: 3,
  name: 'broken',
  sql: 'CREATE TABLE third_table (id int); INSERT INTO no_such_table VALUES (1);',
};

describe.each(BACKENDS)('migrations on $name', (backend) => {
  test.skipIf(!backend.available)(
    'a reopen applies nothing twice; a broken one rolls back whole',
    async () => {
      const place = await backend.newPlace();
      try {
        const first = await place.open();
        expect((await first.query('SELECT count(*) AS n FROM store_info')).rows).toEqual([
          { n: 1 },
        ]);
        // Reopened on a live store (same settings, pending: the second one only).
        expect(await migrate(first, [...MIGRATIONS, SECOND])).toEqual({ applied: [2], version: 2 });
        expect(await migrate(first, [...MIGRATIONS, SECOND])).toEqual({ applied: [], version: 2 });
        await first.close();

        const broken = place.open({ migrations: [...MIGRATIONS, SECOND, BROKEN] });
        await expect(broken).rejects.toBeInstanceOf(StoreOpenError);
        await expect(broken).rejects.toThrow(
          /at migration 003 broken: .*no_such_table.*Nothing was changed/,
        );

        const again = await place.open({ migrations: [...MIGRATIONS, SECOND] });
        try {
          const versions = await again.query(
            'SELECT version, name FROM schema_migrations ORDER BY version',
          );
          expect(versions.rows).toEqual([
            { version: 1, name: 'store_info' },
            { version: 2, name: 'second' },
          ]);
          expect((await again.query('SELECT count(*) AS n FROM store_info')).rows).toEqual([
            { n: 1 },
          ]);
          expect((await again.query('SELECT count(*) AS n FROM second_table')).rows).toEqual([
            { n: 1 },
          ]);
          expect((await again.query("SELECT to_regclass('third_table') AS t")).rows).toEqual([
            { t: null },
          ]);
        } finally {
          await again.close();
        }

        // A server older than its store refuses it rather than guess.
        const older = place.open({ migrations: MIGRATIONS });
        await expect(older).rejects.toThrow(/schema version 2, newer than this server knows \(1\)/);
      } finally {
        await place.remove();
      }
    },
  );
});
