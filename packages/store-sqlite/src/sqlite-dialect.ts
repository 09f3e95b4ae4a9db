import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import type { StatementCache } from './statement-cache.js';

// Kysely's SQLite driver opens transactions with a plain (deferred) BEGIN. A deferred
// transaction that reads and then writes cannot wait for another process's write lock: SQLite
// fails it at once with SQLITE_BUSY instead of honouring the busy timeout. BEGIN IMMEDIATE takes
// the write lock up front, so two processes on one file queue up. Kysely has no way to say
// IMMEDIATE, hence the raw statement.
class ImmediateTransactionDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

// SQLite does run DDL inside transactions; saying so makes Kysely's Migrator apply every
// migration in one immediate transaction, so two processes opening a new file cannot both
// migrate it.
class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * Kysely's better-sqlite3 dialect with immediate transactions, transactional migrations and
 * statements prepared once per SQL text (the `StatementCache` it is given, which the store also
 * runs compiled queries through). Closing Kysely closes the handle.
 */
export class StoreSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(statements: StatementCache) {
    const config: SqliteDialectConfig = { database: statements };
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateTransactionDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }
}
