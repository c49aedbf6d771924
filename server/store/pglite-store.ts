// The embedded store: PGlite (PostgreSQL compiled to WebAssembly) in DATA_DIR, hosted in a
// worker thread (pglite-worker.ts) so that its work never blocks the server's event loop.
// PGlite has one connection: statements go to it one at a time, and a transaction holds
// it from BEGIN to COMMIT, other callers waiting their turn.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type DataDirLock, lockDataDir } from './data-dir-lock';
import type {
  PgliteWorkerData,
  PgliteWorkerReply,
  PgliteWorkerRequest,
  PgliteWorkerStarted,
} from './pglite-worker-protocol';
import {
  type QueryResult,
  type Store,
  StoreOpenError,
  type StoreQueries,
  StoreQueryError,
} from './store';

/** The database's folder inside DATA_DIR, which also holds the lock file. */
export const PGLITE_FOLDER = 'pglite';

export interface PgliteStoreOptions {
  /** DATA_DIR: created (owner-only) when missing. */
  dataDir: string;
  /** The bundled worker (`pglite-worker.js` beside the server's entry points). */
  workerUrl: URL;
}

function createDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new StoreOpenError(
      `Cannot create DATA_DIR ${dataDir} (${(error as Error).message}): set DATA_DIR to a ` +
        'folder this user may create and write, or set DATABASE_URL to use PostgreSQL.',
    );
  }
}

function startWorker(workerUrl: URL, data: PgliteWorkerData): Promise<Worker> {
  return new Promise((done, fail) => {
    const worker = new Worker(workerUrl, { workerData: data });
    const onExit = (code: number) => fail(new Error(`the worker exited with code ${code}`));
    worker.once('error', fail);
    worker.once('exit', onExit);
    worker.once('message', (started: PgliteWorkerStarted) => {
      worker.off('error', fail);
      worker.off('exit', onExit);
      if (started.ready) done(worker);
      else {
        void worker.terminate();
        fail(new Error(started.message));
      }
    });
  });
}

export async function openPgliteStore(options: PgliteStoreOptions): Promise<Store> {
  const dataDir = resolve(options.dataDir);
  createDataDir(dataDir);
  const lock = lockDataDir(dataDir);
  const databaseDir = join(dataDir, PGLITE_FOLDER);
  let worker: Worker;
  try {
    worker = await startWorker(
      options.workerUrl ?? new URL('./pglite-worker.js', import.meta.url),
      {
        dataDir: databaseDir,
      },
    );
  } catch (error) {
    lock.release();
    throw new StoreOpenError(
      `Cannot open the embedded store in ${databaseDir} (${(error as Error).message}). If the ` +
        'folder holds something else or a damaged database, restore it from a backup or set ' +
        'DATA_DIR to an empty folder.',
    );
  }
  return new PgliteStore(worker, lock, dataDir);
}

class PgliteStore implements Store {
  readonly kind = 'pglite';
  readonly description: string;
  private readonly pending = new Map<
    number,
    { done: (reply: PgliteWorkerReply) => void; fail: (error: Error) => void }
  >();
  private nextId = 1;
  /** The end of the queue of callers waiting for the connection. */
  private turn: Promise<unknown> = Promise.resolve();
  private stopped: Error | null = null;

  constructor(
    private readonly worker: Worker,
    private readonly lock: DataDirLock,
    dataDir: string,
  ) {
    this.description = `PGlite in ${dataDir}`;
    worker.on('message', (reply: PgliteWorkerReply) => {
      const call = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      call?.done(reply);
    });
    worker.on('error', (error) => this.stop(error));
    worker.on('exit', (code) => this.stop(new Error(`the worker exited with code ${code}`)));
  }

  private stop(reason: Error): void {
    if (this.stopped) return;
    this.stopped = new StoreQueryError(`The embedded store stopped: ${reason.message}`, undefined);
    for (const call of this.pending.values()) call.fail(this.stopped);
    this.pending.clear();
    this.lock.release();
  }

  private send(
    request: Omit<Extract<PgliteWorkerRequest, { kind: 'query' }>, 'id'> | { kind: 'close' },
  ): Promise<PgliteWorkerReply> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((done, fail) => {
      this.pending.set(id, { done, fail });
      this.worker.postMessage({ ...request, id } as PgliteWorkerRequest);
    });
  }

  private async run<Row>(sql: string, params: readonly unknown[]): Promise<QueryResult<Row>> {
    const reply = await this.send({ kind: 'query', sql, params });
    if (!reply.ok) throw new StoreQueryError(reply.message, reply.code);
    return { rows: reply.rows as Row[], rowCount: reply.rowCount };
  }

  /** Runs `fn` when the connection is free, holding it until `fn` settles. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.turn.then(fn);
    this.turn = result.catch(() => undefined);
    return result;
  }

  query<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<Row>> {
    return this.exclusive(() => this.run<Row>(sql, params));
  }

  transaction<T>(fn: (tx: StoreQueries) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.run('BEGIN', []);
      let value: T;
      try {
        value = await fn({ query: (sql, params = []) => this.run(sql, params) });
      } catch (error) {
        await this.run('ROLLBACK', []).catch(() => undefined);
        throw error;
      }
      await this.run('COMMIT', []);
      return value;
    });
  }

  close(): Promise<void> {
    return this.exclusive(async () => {
      if (this.stopped) return;
      await this.send({ kind: 'close' });
      await this.worker.terminate();
      this.stop(new Error('closed'));
    });
  }
}
