import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { toPortError } from './driver-errors.js';
import type { SqliteStoreConfig } from './sqlite-store-config.js';

/** An open better-sqlite3 handle, configured, with the file name errors should name. */
export interface OpenedDatabase {
  readonly handle: BetterSqlite3.Database;
  readonly filename: string;
}

const inMemory = (filename: string): boolean => filename === '' || filename === ':memory:';

// A checkpoint runs inside the COMMIT that grows the write-ahead log past this many pages, and with
// synchronous=FULL it syncs the database file. At SQLite's default (1,000 pages, 4 MiB) a busy
// store checkpointed every few groups, each time rewriting the same hot pages (the right edges of
// the indexes) and stalling that group 16-30 ms; checkpoints were 40 % of the time spent
// committing. At 10,000 pages (about 40 MiB of log) the same writes spend 15-35 % less time in
// COMMIT and less CPU, at the price of one longer stall (about 100 ms) per 10,000 pages.
const walAutocheckpointPages = 10_000;

/**
 * Opens (or adopts) the database and sets the connection up: WAL journal, the configured
 * synchronous level, a busy timeout and foreign keys. Synchronous; throws `StoreFileUnreadable`
 * for a file that is not an SQLite database and closes the handle on any failure.
 */
export function openDatabase(config: SqliteStoreConfig): OpenedDatabase {
  const filename = typeof config.database === 'string' ? config.database : config.database.name;
  let handle: BetterSqlite3.Database | undefined;
  try {
    if (typeof config.database === 'string') {
      if (!inMemory(filename)) mkdirSync(dirname(resolve(filename)), { recursive: true });
      handle = new BetterSqlite3(filename);
    } else {
      handle = config.database;
    }
    // PRAGMAs have no query-builder form; they only configure this connection.
    handle.pragma(`busy_timeout = ${Math.max(0, Math.trunc(config.busyTimeoutMs ?? 5000))}`);
    // The first statement that reads the file: a non-SQLite file fails here (SQLITE_NOTADB).
    handle.pragma('journal_mode = WAL');
    handle.pragma(`synchronous = ${config.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    handle.pragma(`wal_autocheckpoint = ${walAutocheckpointPages}`);
    handle.pragma('foreign_keys = ON');
    return { handle, filename };
  } catch (error) {
    handle?.close();
    throw toPortError(error, filename);
  }
}
