// A process that owns a PGlite store, for the kill and lock tests (built by build-store.ts,
// run as `node store-child.js <mode>` with DATA_DIR set):
// - `hold`: opens the store, prints `open`, and waits to be killed;
// - `write`: also writes transactions of KILL_BATCH_ROWS rows in a loop, each in several
//   statements, and prints `committed <batch>` once each has committed.
// A store it cannot open prints the message on stderr and exits 1.
import { openStore } from '../../../server/store/open-store';
import { StoreOpenError } from '../../../server/store/store';
import { KILL_BATCH_ROWS, KILL_STATEMENTS_PER_BATCH } from './kill-batches';

async function main(): Promise<void> {
  const mode = process.argv[2];
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore(
      { DATA_DIR: process.env.DATA_DIR },
      { pgliteWorkerUrl: new URL('./pglite-worker.js', import.meta.url) },
    );
  } catch (error) {
    if (!(error instanceof StoreOpenError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.stdout.write('open\n');
  if (mode === 'hold') {
    setInterval(() => undefined, 60_000);
    return;
  }
  await store.query(
    'CREATE TABLE IF NOT EXISTS kill_rows (batch bigint NOT NULL, n integer NOT NULL)',
  );
  const perStatement = KILL_BATCH_ROWS / KILL_STATEMENTS_PER_BATCH;
  // Batch ids unique across runs: the run's start time, then a counter.
  for (let batch = Date.now() * 1000; ; batch++) {
    await store.transaction(async (tx) => {
      for (let part = 0; part < KILL_STATEMENTS_PER_BATCH; part++) {
        await tx.query(
          'INSERT INTO kill_rows (batch, n) SELECT $1, g FROM generate_series($2::int, $3::int) g',
          [batch, part * perStatement + 1, (part + 1) * perStatement],
        );
      }
    });
    process.stdout.write(`committed ${batch}\n`);
  }
}

void main();
