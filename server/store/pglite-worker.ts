// The worker thread that owns the embedded database (bundled to dist/server/pglite-worker.js).
// PGlite runs on the thread that calls it, so a long write would stall every request the
// server is answering; here it stalls only this thread. One connection: the store's side
// sends one statement at a time and holds a transaction's statements together.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { loadPgliteAssets, PGLITE_ASSETS_FOLDER } from './pglite-assets';
import type {
  PgliteWorkerData,
  PgliteWorkerReply,
  PgliteWorkerRequest,
  PgliteWorkerStarted,
} from './pglite-worker-protocol';

async function openDatabase({ dataDir }: PgliteWorkerData): Promise<PGlite> {
  const assets = await loadPgliteAssets(new URL(`./${PGLITE_ASSETS_FOLDER}/`, import.meta.url));
  return PGlite.create({ dataDir, ...assets });
}

async function run(db: PGlite, sql: string, params: readonly unknown[]) {
  if (params.length > 0) {
    const result = await db.query(sql, params as unknown[]);
    return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
  }
  // Without parameters, as pg does: the simple protocol, several statements allowed.
  const results = await db.exec(sql);
  const last = results.at(-1);
  return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? 0 };
}

function errorReply(id: number, error: unknown): PgliteWorkerReply {
  const code = (error as { code?: unknown }).code;
  return {
    id,
    ok: false,
    message: error instanceof Error ? error.message : String(error),
    code: typeof code === 'string' ? code : undefined,
  };
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('pglite-worker runs as a worker thread');
  let db: PGlite;
  try {
    db = await openDatabase(workerData as PgliteWorkerData);
  } catch (error) {
    const started: PgliteWorkerStarted = {
      ready: false,
      message: error instanceof Error ? error.message : String(error),
    };
    port.postMessage(started);
    return;
  }
  port.on('message', async (request: PgliteWorkerRequest) => {
    let reply: PgliteWorkerReply;
    try {
      if (request.kind === 'close') {
        await db.close();
        reply = { id: request.id, ok: true, rows: [], rowCount: 0 };
        port.postMessage(reply);
        port.close();
        return;
      }
      reply = { id: request.id, ok: true, ...(await run(db, request.sql, request.params)) };
    } catch (error) {
      reply = errorReply(request.id, error);
    }
    port.postMessage(reply);
  });
  const started: PgliteWorkerStarted = { ready: true };
  port.postMessage(started);
}

void main();
