import { PostgresStore } from './postgres-store.js';
import type { PostgresStoreOptions } from './postgres-store-config.js';

export { PostgresStore } from './postgres-store.js';
export { isPostgresUrl, type PostgresStoreOptions } from './postgres-store-config.js';

/**
 * Opens a `PostgresStore` and waits until its schema is current. Rejects with `StoreFailure` for a
 * server that cannot be reached or refuses the credentials and with `StoreSchemaTooNew` for a
 * schema a newer statefold wrote; nothing stays open then.
 */
export async function postgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const store = new PostgresStore(options);
  try {
    await store.opened();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
