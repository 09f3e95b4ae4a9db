import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** How many distinct SQL texts stay prepared; the store writes a few dozen (plus one per event-batch size). */
const defaultCapacity = 256;

/**
 * A better-sqlite3 handle as Kysely's SQLite driver sees it, preparing each distinct SQL text once
 * and reusing the statement afterwards (least recently used texts beyond `capacity` are dropped).
 * Kysely's driver prepares on every query; preparing is most of what a small query costs.
 *
 * A statement still iterating (a streamed query) cannot run twice at once, so a busy cached
 * statement is bypassed with a fresh, uncached one. Schema changes need no invalidation: SQLite
 * re-prepares a statement whose schema changed the next time it runs.
 */
export class StatementCache implements SqliteDatabase {
  readonly #handle: BetterSqlite3.Database;
  readonly #capacity: number;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(handle: BetterSqlite3.Database, capacity = defaultCapacity) {
    this.#handle = handle;
    this.#capacity = Math.max(1, capacity);
  }

  /** The number of statements held prepared. */
  get size(): number {
    return this.#statements.size;
  }

  prepare(sql: string): SqliteStatement {
    const cached = this.#statements.get(sql);
    if (cached !== undefined) {
      if (cached.busy) return this.#handle.prepare(sql);
      // Map order is insertion order: moving the text to the end keeps the least recently used first.
      this.#statements.delete(sql);
      this.#statements.set(sql, cached);
      return cached;
    }
    const statement = this.#handle.prepare(sql);
    this.#statements.set(sql, statement);
    if (this.#statements.size > this.#capacity) {
      const oldest = this.#statements.keys().next();
      if (oldest.done !== true) this.#statements.delete(oldest.value);
    }
    return statement;
  }

  close(): void {
    this.#statements.clear();
    this.#handle.close();
  }
}
