// Which store the settings open, and what an operator reads when it cannot be opened.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openStore, storeSettingsFromEnv } from '../../server/store/open-store';
import { StoreOpenError } from '../../server/store/store';
import { BACKENDS, builtPgliteWorker, scratchDir } from './support/store-backends';

const options = { pgliteWorkerUrl: builtPgliteWorker() };
const scratch = scratchDir('cen-store-open-');
afterAll(() => scratch.remove());

describe('the store the settings name', () => {
  test('DATABASE_URL wins over DATA_DIR; DATA_DIR defaults to ./data', () => {
    expect(storeSettingsFromEnv({ DATABASE_URL: 'postgres://db/x', DATA_DIR: '/srv' })).toEqual({
      kind: 'postgres',
      databaseUrl: 'postgres://db/x',
    });
    expect(storeSettingsFromEnv({})).toEqual({ kind: 'pglite', dataDir: './data' });
    expect(storeSettingsFromEnv({ DATABASE_URL: ' ', DATA_DIR: '/srv' })).toEqual({
      kind: 'pglite',
      dataDir: '/srv',
    });
  });

  const postgres = BACKENDS.find((backend) => backend.name === 'postgres');
  test.skipIf(!postgres?.available)('with DATABASE_URL, DATA_DIR is not even created', async () => {
    if (!postgres) return;
    const place = await postgres.newPlace();
    const dataDir = join(scratch.path, 'unused');
    try {
      const store = await openStore({ ...place.env, DATA_DIR: dataDir }, options);
      expect(store.kind).toBe('postgres');
      await store.close();
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await place.remove();
    }
  });

  test('a missing DATA_DIR is created, owner-only', async () => {
    const dataDir = join(scratch.path, 'new', 'data');
    const store = await openStore({ DATA_DIR: dataDir }, options);
    try {
      expect(store.kind).toBe('pglite');
      expect(store.description).toBe(`PGlite in ${dataDir}`);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    } finally {
      await store.close();
    }
  });
});

describe('a store that cannot be opened says what to change', () => {
  test('a DATA_DIR that cannot be created', async () => {
    const file = join(scratch.path, 'a-file');
    writeFileSync(file, '');
    const opening = openStore({ DATA_DIR: join(file, 'data') }, options);
    await expect(opening).rejects.toBeInstanceOf(StoreOpenError);
    await expect(opening).rejects.toThrow(
      /Cannot create DATA_DIR .*a-file\/data .*set DATA_DIR to a folder/,
    );
  });

  test('a DATABASE_URL that is not PostgreSQL', async () => {
    await expect(openStore({ DATABASE_URL: 'mysql://db/x' }, options)).rejects.toThrow(
      /DATABASE_URL must be a postgres:\/\//,
    );
  });

  test('a PostgreSQL that does not answer, never echoing the password', async () => {
    const opening = openStore({ DATABASE_URL: 'postgres://user:s3cret@127.0.0.1:1/cen' }, options);
    await expect(opening).rejects.toBeInstanceOf(StoreOpenError);
    const message = await opening.catch((error: Error) => error.message);
    expect(message).toContain('Cannot connect to the PostgreSQL of DATABASE_URL (127.0.0.1:1/cen)');
    expect(message).not.toContain('s3cret');
  });
});
