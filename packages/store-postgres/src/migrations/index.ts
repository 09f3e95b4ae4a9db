import type { Migration } from 'kysely';
import { createTables } from './0001-tables.js';
import { addLeases } from './0002-leases.js';
import { addVersionsAndAliases } from './0003-versions-aliases.js';
import { addExecutionRedrive } from './0004-execution-redrive.js';
import { addMapRuns } from './0005-map-runs.js';

/** Every schema migration of the PostgreSQL store, for the tables in `schema`. Never rename or edit one. */
export function postgresMigrations(schema: string): Readonly<Record<string, Migration>> {
  return {
    '0001_tables': createTables(schema),
    '0002_leases': addLeases(schema),
    '0003_versions_aliases': addVersionsAndAliases(schema),
    '0004_execution_redrive': addExecutionRedrive(schema),
    '0005_map_runs': addMapRuns(schema),
  };
}
