import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';

/** How to reach the database of a `PostgresStore`: a connection string or a pool of your own. */
export type PostgresStoreOptions = (
  | {
      /**
       * `postgres://user:password@host:5432/database`; the store creates its pool and ends it on
       * `close`. A `schema` query parameter (`…/database?schema=orders`) names the schema when the
       * `schema` option does not.
       */
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
  /**
   * Makes the store one node of several engines on this schema (`store.coordination`): the
   * executions this node starts are leased to it, and it takes over those whose lease expired.
   */
  readonly node?: {
    /** This node's name in the leases (default `<host>:<pid>:<random>`); unique among live nodes. */
    readonly id?: string;
    /** How long a lease lasts unless renewed (default 10 000 ms); a dead node's executions move after it. */
    readonly leaseMs?: number;
    /** Told of failures of the background connection that receives the other nodes' messages. */
    readonly onError?: (error: unknown) => void;
  };
};

/** A node's lease unless configured: another node takes a dead node's executions over after this. */
export const defaultLeaseMs = 10_000;

/** A node name unique among live nodes: host, process and a few random bytes (a reused pid must not matter). */
export function defaultNodeId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** The schema a store uses when none is given. */
export const defaultSchema = 'statefold';

/** True for a `postgres://` or `postgresql://` URL: what makes the CLI choose this store. */
export function isPostgresUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text);
}

/** The connection string without its `schema` query parameter, and that parameter's value. */
export function splitSchema(connectionString: string): { connectionString: string; schema?: string } {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    // Not a URL (a key=value string): node-postgres reads it as it is.
    return { connectionString };
  }
  const schema = url.searchParams.get('schema');
  if (schema === null) return { connectionString };
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), ...(schema === '' ? {} : { schema }) };
}
