// The store's schema, as numbered migrations: each runs once, in order, and the numbers
// applied are kept in schema_migrations. A migration is never edited once released: a
// change is a new one. Plain SQL that PGlite and PostgreSQL both run.

export interface Migration {
  /** 1, 2, 3…: consecutive. */
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'store_info',
    sql: `
      CREATE TABLE store_info (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO store_info DEFAULT VALUES;
    `,
  },
];
