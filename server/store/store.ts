// The store: plain SQL over one PostgreSQL database, embedded (PGlite) or a real server
// (pg). Both drivers satisfy this interface and give back the same JavaScript types, so
// the code above it never asks which one it has.

export interface QueryResult<Row> {
  rows: Row[];
  /** Rows inserted, updated or deleted by the statement (0 for a SELECT on PGlite). */
  rowCount: number;
}

export interface StoreQueries {
  /**
   * One statement with `$1`-style parameters. Without parameters the text may hold several
   * statements (a migration): the result is the last one's.
   */
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<Row>>;
}

export interface Store extends StoreQueries {
  readonly kind: 'pglite' | 'postgres';
  /** For operators' messages: where the data is, never a password. */
  readonly description: string;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back whole when it
   * throws. Queries inside go through `tx`; the store itself waits until the end.
   */
  transaction<T>(fn: (tx: StoreQueries) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A statement the database refused, with PostgreSQL's SQLSTATE (e.g. `23505`) when known. */
export class StoreQueryError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.name = 'StoreQueryError';
    this.code = code;
  }
}

/** The store cannot be opened or migrated; the message says what to change. */
export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}
