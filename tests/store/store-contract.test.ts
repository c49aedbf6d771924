// The same contract for both drivers: what the code above the store may count on.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Store, StoreQueryError } from '../../server/store/store';
import { BACKENDS, type StorePlace } from './support/store-backends';

describe.each(BACKENDS)('the $name store', (backend) => {
  let place: StorePlace;
  let store: Store;

  beforeAll(async () => {
    if (!backend.available) return;
    place = await backend.newPlace();
    store = await place.open();
  });
  afterAll(async () => {
    await store?.close();
    await place?.remove();
  });

  test.skipIf(!backend.available)('gives back the same JavaScript values', async () => {
    const { rows } = await store.query(
      `SELECT $1::int4 AS int4, count(*) AS int8, 1.5::numeric AS numeric, true AS bool,
              '2026-12-02 09:14:00+00'::timestamptz AS stamp, '2026-12-02'::date AS day,
              '{"a":[1]}'::jsonb AS json, '\\x0102'::bytea AS bytes, NULL::text AS nothing,
              $2::text AS text
         FROM generate_series(1, 3)`,
      [7, 'ñandú'],
    );
    expect(rows).toHaveLength(1);
    const row = rows[0] as Record<string, unknown>;
    expect(row).toMatchObject({
      int4: 7,
      int8: 3,
      numeric: '1.5',
      bool: true,
      json: { a: [1] },
      nothing: null,
      text: 'ñandú',
    });
    expect(row.stamp).toEqual(new Date('2026-12-02T09:14:00Z'));
    expect(row.day).toEqual(new Date('2026-12-02T00:00:00Z'));
    expect([...(row.bytes as Uint8Array)]).toEqual([1, 2]);
  });

  test.skipIf(!backend.available)('counts the rows a statement changed', async () => {
    await store.query('CREATE TABLE counted (id int PRIMARY KEY, v text)');
    expect(
      (await store.query("INSERT INTO counted VALUES (1, 'a'), (2, 'b'), (3, 'c')")).rowCount,
    ).toBe(3);
    expect((await store.query('UPDATE counted SET v = $1 WHERE id > $2', ['z', 1])).rowCount).toBe(
      2,
    );
    expect((await store.query('DELETE FROM counted WHERE id = $1', [1])).rowCount).toBe(1);
  });

  test.skipIf(!backend.available)(
    'runs several statements without parameters, answering the last',
    async () => {
      const { rows } = await store.query(`
      CREATE TABLE several (id int);
      INSERT INTO several VALUES (1), (2);
      SELECT count(*) AS n FROM several;
    `);
      expect(rows).toEqual([{ n: 2 }]);
    },
  );

  test.skipIf(!backend.available)('commits a transaction whole', async () => {
    await store.query('CREATE TABLE committed (id int)');
    const value = await store.transaction(async (tx) => {
      await tx.query('INSERT INTO committed VALUES (1)');
      await tx.query('INSERT INTO committed VALUES (2)');
      return 'done';
    });
    expect(value).toBe('done');
    expect((await store.query('SELECT count(*) AS n FROM committed')).rows).toEqual([{ n: 2 }]);
  });

  test.skipIf(!backend.available)(
    'rolls a failed transaction back whole, with the SQLSTATE',
    async () => {
      await store.query('CREATE TABLE unique_ids (id int PRIMARY KEY)');
      const failed = store.transaction(async (tx) => {
        await tx.query('INSERT INTO unique_ids VALUES (1)');
        await tx.query('INSERT INTO unique_ids VALUES (1)');
      });
      await expect(failed).rejects.toBeInstanceOf(StoreQueryError);
      await expect(failed).rejects.toMatchObject({ code: '23505' });
      const thrown = store.transaction(async (tx) => {
        await tx.query('INSERT INTO unique_ids VALUES (2)');
        throw new Error('the caller gave up');
      });
      await expect(thrown).rejects.toThrow('the caller gave up');
      expect((await store.query('SELECT count(*) AS n FROM unique_ids')).rows).toEqual([{ n: 0 }]);
    },
  );

  test.skipIf(!backend.available)(
    'keeps a transaction apart from queries made meanwhile',
    async () => {
      await store.query('CREATE TABLE apart (id int)');
      let release = () => {};
      const held = new Promise<void>((done) => {
        release = done;
      });
      const transaction = store.transaction(async (tx) => {
        await tx.query('INSERT INTO apart VALUES (1)');
        await held;
        await tx.query('INSERT INTO apart VALUES (2)');
      });
      // Issued while the transaction is open: sees nothing of it until it commits.
      const meanwhile = store.query<{ n: number }>('SELECT count(*) AS n FROM apart');
      await new Promise((done) => setTimeout(done, 50));
      release();
      await transaction;
      expect([0, 2]).toContain((await meanwhile).rows[0]?.n);
      expect((await store.query('SELECT count(*) AS n FROM apart')).rows).toEqual([{ n: 2 }]);
    },
  );

  // Last: it closes the store (closing twice is harmless).
  test.skipIf(!backend.available)('refuses queries once closed', async () => {
    await store.close();
    await expect(store.query('SELECT 1')).rejects.toThrow();
  });
});
