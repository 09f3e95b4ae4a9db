import { migrateToLatest as migrateSchema } from '@statefold/store-sql';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { createTables } from './0001-tables.js';
import { createListingIndexes } from './0002-listing-indexes.js';
import { addEventHashes } from './0003-event-hashes.js';
import { addEventFacts } from './0004-event-facts.js';
import { addVersionsAndAliases } from './0005-versions-aliases.js';
import { addExecutionRedrive } from './0006-execution-redrive.js';
import { addMapRuns } from './0007-map-runs.js';

/** Every schema migration this version knows, applied in name order. Never rename or edit one. */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_tables': createTables,
  '0002_listing_indexes': createListingIndexes,
  '0003_event_hashes': addEventHashes,
  '0004_event_facts': addEventFacts,
  '0005_versions_aliases': addVersionsAndAliases,
  '0006_execution_redrive': addExecutionRedrive,
  '0007_map_runs': addMapRuns,
};

/** Serves the in-code migrations to Kysely's Migrator. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...migrations }),
};

/**
 * Brings the schema to the latest version this code knows, in one transaction. Throws
 * `StoreSchemaTooNew` (touching nothing) when the database has migrations this code does not
 * know: a newer statefold wrote it.
 */
export function migrateToLatest(db: Kysely<unknown>, location: string): Promise<void> {
  return migrateSchema(db, location, { migrations });
}
