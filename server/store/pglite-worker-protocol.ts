// Messages between the PGlite store (server thread) and its worker thread.

export interface PgliteWorkerData {
  /** The database's folder (DATA_DIR/pglite). */
  dataDir: string;
}

export type PgliteWorkerRequest =
  | { id: number; kind: 'query'; sql: string; params: readonly unknown[] }
  | { id: number; kind: 'close' };

export type PgliteWorkerReply =
  | { id: number; ok: true; rows: unknown[]; rowCount: number }
  | { id: number; ok: false; message: string; code: string | undefined };

/** The worker's first message: the database is open, or why it is not. */
export type PgliteWorkerStarted = { ready: true } | { ready: false; message: string };
