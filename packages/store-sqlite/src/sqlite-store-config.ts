import type BetterSqlite3 from 'better-sqlite3';

/** How to open a `SqliteStore`. */
export interface SqliteStoreConfig {
  /**
   * A file name (its parent directory is created if missing; `:memory:` for a private in-memory
   * database), or an open better-sqlite3 handle, which the store then owns and closes.
   */
  readonly database: BetterSqlite3.Database | string;
  /**
   * `FULL` (the default) syncs the write-ahead log on every commit, so an acknowledged append
   * survives a power cut; `NORMAL` syncs only at checkpoints and survives process crashes only.
   */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** How long a write waits for another process holding the file's write lock (default 5000 ms). */
  readonly busyTimeoutMs?: number;
}

/** Options of the `sqliteStore` factory: a file name plus the tuning options of `SqliteStoreConfig`. */
export interface SqliteStoreOptions extends Omit<SqliteStoreConfig, 'database'> {
  readonly filename: string;
}
