// The store on a PostgreSQL server (DATABASE_URL), through a pg connection pool. Values
// come back as PGlite gives them, so both drivers are interchangeable: bigint (counts,
// sums) as a number and a date as a Date at UTC midnight.
import pg from 'pg';
import {
  type QueryResult,
  type Store,
  StoreOpenError,
  type StoreQueries,
  StoreQueryError,
} from './store';

const INT8_OID = 20;
const DATE_OID = 1082;

const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      if (oid === INT8_OID) return (value: string) => Number(value);
      if (oid === DATE_OID) return (value: string) => new Date(`${value}T00:00:00Z`);
    }
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** `host:port/database` of a connection string, for messages: never its password. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

function asQueryError(error: unknown): StoreQueryError {
  const code = (error as { code?: unknown }).code;
  return new StoreQueryError(
    error instanceof Error ? error.message : String(error),
    typeof code === 'string' ? code : undefined,
  );
}

async function run<Row>(
  client: pg.Pool | pg.PoolClient,
  sql: string,
  params: readonly unknown[],
): Promise<QueryResult<Row>> {
  try {
    const result =
      params.length > 0 ? await client.query(sql, params as unknown[]) : await client.query(sql);
    // Several statements give an array of results; the last one's is the answer.
    const last = (Array.isArray(result) ? result.at(-1) : result) as pg.QueryResult | undefined;
    return { rows: (last?.rows ?? []) as Row[], rowCount: last?.rowCount ?? 0 };
  } catch (error) {
    throw asQueryError(error);
  }
}

export async function openPostgresStore(databaseUrl: string): Promise<Store> {
  const where = describePostgresUrl(databaseUrl);
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new StoreOpenError(
      'DATABASE_URL must be a postgres:// (or postgresql://) URL, e.g. ' +
        'postgres://user:password@host:5432/database; unset it to use the embedded store in DATA_DIR.',
    );
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    types: typeParsers,
    connectionTimeoutMillis: 10_000,
  });
  // An idle connection the server dropped is discarded by the pool; the next query reports
  // the failure to its caller. Unhandled, this event would stop the whole process.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreOpenError(
      `Cannot connect to the PostgreSQL of DATABASE_URL (${where}): ${(error as Error).message}. ` +
        "Check that the server is running and the URL's host, port, database, user and password.",
    );
  }
  return new PostgresStore(pool, `PostgreSQL at ${where}`);
}

class PostgresStore implements Store {
  readonly kind = 'postgres';

  constructor(
    private readonly pool: pg.Pool,
    readonly description: string,
  ) {}

  query<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<Row>> {
    return run<Row>(this.pool, sql, params);
  }

  async transaction<T>(fn: (tx: StoreQueries) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw asQueryError(error);
    });
    let failure: Error | undefined;
    try {
      await run(client, 'BEGIN', []);
      const value = await fn({ query: (sql, params = []) => run(client, sql, params) });
      await run(client, 'COMMIT', []);
      return value;
    } catch (error) {
      failure = error instanceof Error ? error : undefined;
      await run(client, 'ROLLBACK', []).catch(() => undefined);
      throw error;
    } finally {
      // A connection that failed outside SQL (no SQLSTATE: the network) is not reused.
      const lost = failure instanceof StoreQueryError && failure.code === undefined;
      client.release(lost ? failure : undefined);
    }
  }

  private closing: Promise<void> | null = null;

  close(): Promise<void> {
    this.closing ??= this.pool.end();
    return this.closing;
  }
}
