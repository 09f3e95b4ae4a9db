import type pg from 'pg';

/** How to reach the database of a `PostgresStore`: a connection string or a pool of your own. */
export type PostgresStoreOptions = (
  | {
      /** `postgres://user:password@host:5432/database`; the store creates its pool and ends it on `close`. */
      readonly connectionString: string;
      /** Connections of the pool the store creates (default 10). */
      readonly maxConnections?: number;
    }
  | {
      /** A pool you own: the store uses it and leaves it open on `close`. */
      readonly pool: pg.Pool;
    }
) & {
  /**
   * The schema that holds the store's tables (created if missing; default `statefold`). Several
   * stores (or test files) on one database keep apart by schema.
   */
  readonly schema?: string;
  /** Writes one transaction carries at most (default 256). */
  readonly maxGroupSize?: number;
};

/** The schema a store uses when none is given. */
export const defaultSchema = 'statefold';
