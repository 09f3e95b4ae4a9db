import { StoreSchemaTooNew } from '@statefold/core';
import { Migrator, type Kysely, type Migration } from 'kysely';

const migrationTable = 'kysely_migration';

type MigrationTables = {
  readonly kysely_migration: { readonly name: string };
};

/** Where a store's migrations run: its migrations, and the schema that holds its tables (PostgreSQL). */
export interface MigrationPlan {
  /** Every schema migration the store knows, applied in name order. Never rename or edit one. */
  readonly migrations: Readonly<Record<string, Migration>>;
  /** The schema of the tables and of Kysely's migration table; absent on SQLite. */
  readonly schema?: string;
}

/**
 * Brings the schema to the latest version this code knows. Throws `StoreSchemaTooNew` (touching
 * nothing) when the database has migrations this code does not know: a newer statefold wrote it.
 */
export async function migrateToLatest(db: Kysely<unknown>, location: string, plan: MigrationPlan): Promise<void> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  const schema = plan.schema;
  if (tables.some((table) => table.name === migrationTable && (schema === undefined || table.schema === schema))) {
    const scoped = schema === undefined ? db : db.withSchema(schema);
    const applied = await scoped.withTables<MigrationTables>().selectFrom(migrationTable).select('name').execute();
    const names = new Set(applied.map((row) => row.name));
    const unknown = [...names].filter((name) => !(name in plan.migrations));
    if (unknown.length > 0) throw new StoreSchemaTooNew(location, unknown.sort());
    // Current already (every reopen): the Migrator's own bookkeeping would cost more than the check.
    if (Object.keys(plan.migrations).every((name) => names.has(name))) return;
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...plan.migrations }) },
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw error;
}
