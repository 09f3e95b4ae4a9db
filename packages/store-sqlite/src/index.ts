import { SqliteStore } from './sqlite-store.js';
import type { SqliteStoreOptions } from './sqlite-store-config.js';

export { SqliteStore } from './sqlite-store.js';
export type { SqliteStoreConfig, SqliteStoreOptions } from './sqlite-store-config.js';

/**
 * Opens a `SqliteStore` on a file (created with its parent directory if missing) and waits until
 * its schema is current. Rejects with `StoreFileUnreadable` for a file that is not an SQLite
 * database and with `StoreSchemaTooNew` for one a newer statefold wrote; nothing stays open then.
 */
export async function sqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const { filename, ...tuning } = options;
  const store = new SqliteStore({ database: filename, ...tuning });
  try {
    await store.opened();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
