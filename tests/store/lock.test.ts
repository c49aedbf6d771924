// One process owns a PGlite data directory: a second refuses with a message that says what
// to change, and the lock of a killed owner is taken over.
import { afterAll, expect, test } from 'vitest';
import { openStore } from '../../server/store/open-store';
import { StoreOpenError } from '../../server/store/store';
import { builtPgliteWorker, scratchDir } from './support/store-backends';
import { startStoreChild } from './support/store-child';

const dataDir = scratchDir('cen-store-lock-');
afterAll(() => dataDir.remove());

test('a second process refuses the data directory; after a SIGKILL the next one takes it over', async () => {
  const owner = startStoreChild('hold', dataDir.path);
  await owner.opened;

  const second = startStoreChild('hold', dataDir.path);
  const refused = await second.exited;
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(
    `DATA_DIR ${dataDir.path} is in use by process ${owner.process.pid}`,
  );
  expect(refused.stderr).toContain('stop the other one, or set DATA_DIR to another folder');

  owner.process.kill('SIGKILL');
  await owner.exited;
  const next = startStoreChild('hold', dataDir.path);
  await next.opened;
  next.process.kill('SIGKILL');
  await next.exited;
});

test('the same process cannot open one data directory twice', async () => {
  const env = { DATA_DIR: dataDir.path };
  const options = { pgliteWorkerUrl: builtPgliteWorker() };
  const store = await openStore(env, options);
  try {
    const twice = openStore(env, options);
    await expect(twice).rejects.toBeInstanceOf(StoreOpenError);
    await expect(twice).rejects.toThrow('is in use by this process');
  } finally {
    await store.close();
  }
  // Closed: the lock is given back.
  await (await openStore(env, options)).close();
});
