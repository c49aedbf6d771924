// The stores the tests run against: PGlite always, in a scratch DATA_DIR; PostgreSQL when a
// server answers at STORE_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres),
// each store in a database of its own (`cen_test_<random>`) dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { type OpenStoreOptions, openStore, type StoreEnv } from '../../../server/store/open-store';
import type { Store } from '../../../server/store/store';

export const POSTGRES_ADMIN_URL =
  process.env.STORE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The PGlite worker built for the tests (build-store.ts). */
export function builtPgliteWorker(): URL {
  return new URL(`file://${join(inject('storeBuildDir'), 'pglite-worker.js')}`);
}

export function builtStoreChild(): string {
  return join(inject('storeBuildDir'), 'store-child.js');
}

export function scratchDir(prefix = 'cen-store-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: POSTGRES_ADMIN_URL,
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export const postgresAvailable = await postgresReachable();
if (!postgresAvailable) {
  console.warn(
    `Store tests against PostgreSQL SKIPPED: no server answers at ${POSTGRES_ADMIN_URL}.`,
  );
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A place for one store: the settings that name it, and its removal. */
export interface StorePlace {
  env: StoreEnv;
  open(options?: Partial<OpenStoreOptions>): Promise<Store>;
  remove(): Promise<void>;
}

export interface Backend {
  name: 'pglite' | 'postgres';
  available: boolean;
  newPlace(): Promise<StorePlace>;
}

function placeFor(env: StoreEnv, remove: () => Promise<void>): StorePlace {
  return {
    env,
    open: (options = {}) => openStore(env, { pgliteWorkerUrl: builtPgliteWorker(), ...options }),
    remove,
  };
}

export const BACKENDS: readonly Backend[] = [
  {
    name: 'pglite',
    available: true,
    async newPlace() {
      const dir = scratchDir();
      return placeFor({ DATA_DIR: dir.path }, async () => dir.remove());
    },
  },
  {
    name: 'postgres',
    available: postgresAvailable,
    async newPlace() {
      const database = `cen_test_${randomBytes(6).toString('hex')}`;
      await admin((client) => client.query(`CREATE DATABASE ${database}`));
      const url = new URL(POSTGRES_ADMIN_URL);
      url.pathname = `/${database}`;
      return placeFor({ DATABASE_URL: url.href }, () =>
        admin(async (client) => {
          await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        }),
      );
    },
  },
];
