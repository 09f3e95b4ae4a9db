import { StoreSchemaTooNew } from '@statefold/core';
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { createTables } from './0001-tables.js';
import { createListingIndexes } from './0002-listing-indexes.js';
import { addEventHashes } from './0003-event-hashes.js';
import { addEventFacts } from './0004-event-facts.js';
import { addVersionsAndAliases } from './0005-versions-aliases.js';

/** Every schema migration this version knows, applied in name order. Never rename or edit one. */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_tables': createTables,
  '0002_listing_indexes': createListingIndexes,
  '0003_event_hashes': addEventHashes,
  '0004_event_facts': addEventFacts,
  '0005_versions_aliases': addVersionsAndAliases,
};

const migrationTable = 'kysely_migration';

/** Serves the in-code migrations to Kysely's Migrator. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...migrations }),
};

type MigrationTables = {
  readonly kysely_migration: { readonly name: string };
};

/**
 * Brings the schema to the latest version this code knows, in one transaction. Throws
 * `StoreSchemaTooNew` (touching nothing) when the database has migrations this code does not
 * know: a newer statefold wrote it.
 */
export async function migrateToLatest(db: Kysely<unknown>, location: string): Promise<void> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (tables.some((table) => table.name === migrationTable)) {
    const applied = await db.withTables<MigrationTables>().selectFrom(migrationTable).select('name').execute();
    const unknown = applied.map((row) => row.name).filter((name) => !(name in migrations));
    if (unknown.length > 0) throw new StoreSchemaTooNew(location, unknown.sort());
  }
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error !== undefined) throw error;
}
