import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Store } from '@statefold/core';
import { isPostgresUrl, postgresStore, type PostgresStoreOptions } from '@statefold/store-postgres';
import { sqliteStore } from '@statefold/store-sqlite';

// Where `--db` points: a SQLite file, or a PostgreSQL database when it is a postgres:// URL. The
// one place serve and the inspection commands open a durable store.

/** A durable store with the audit reads the inspection commands use. */
export type DurableStore = Store & Required<Pick<Store, 'readStoredEvents' | 'listAllExecutions'>>;

/** How messages and the start line name the store at `db`: `sqlite <file>` or `postgres <url without password>`. */
export function describeStoreAt(db: string): string {
  if (!isPostgresUrl(db)) return `sqlite ${db}`;
  try {
    const url = new URL(db);
    url.password = '';
    return `postgres ${url.toString()}`;
  } catch {
    return 'postgres';
  }
}

/**
 * Opens the store at `db`, creating a SQLite file (and its directory) or a PostgreSQL schema that
 * does not exist yet. Rejects with the store's error (a database that cannot be reached, refused
 * credentials, a newer schema; `EmptyDatabaseFile` for a zero-byte SQLite file).
 */
export async function openStoreAt(db: string, node?: NodeOptions): Promise<DurableStore> {
  if (isPostgresUrl(db)) return postgresStore({ connectionString: db, ...(node === undefined ? {} : { node }) });
  await checkDatabaseFile(db);
  return sqliteStore({ filename: db });
}

/** On PostgreSQL, the store as one node of several engines (a server's); ignored for a SQLite file. */
export type NodeOptions = NonNullable<PostgresStoreOptions['node']>;

/** As `openStoreAt`, but `undefined` for a SQLite file that does not exist (opening would create it). */
export async function openExistingStoreAt(db: string): Promise<DurableStore | undefined> {
  if (!isPostgresUrl(db) && !existsSync(db)) return undefined;
  return openStoreAt(db);
}

/** A SQLite file that holds no database at all: opening it would silently start an empty one. */
export class EmptyDatabaseFile extends Error {
  constructor(readonly db: string) {
    super(
      `${db} is an empty file (0 bytes), not a statefold database; if it held data, restore it from a backup, otherwise delete it to start a new database`,
    );
    this.name = 'EmptyDatabaseFile';
  }
}

/**
 * Whether a SQLite file is there to open (`existing`) or will be created (`new`). Rejects with
 * `EmptyDatabaseFile` for a zero-byte file: a truncated or half-copied database would otherwise
 * start as an empty one, and every execution it held would be gone without a word.
 */
export async function checkDatabaseFile(db: string): Promise<'new' | 'existing'> {
  let size: number;
  try {
    ({ size } = await stat(db));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'new';
    throw error;
  }
  if (size === 0) throw new EmptyDatabaseFile(db);
  return 'existing';
}
