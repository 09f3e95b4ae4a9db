// What the SQL stores (SQLite, PostgreSQL) share: the tables' row shapes and their mapping to the
// port's values, and the Kysely queries whose SQL is the same on both.
export * from './rows.js';
export { StoreQueries } from './store-queries.js';
export { MapRunQueries } from './map-run-queries.js';
export { toPage } from './to-page.js';
export { VersionQueries } from './version-queries.js';
export { migrateToLatest, type MigrationPlan } from './migrate.js';
