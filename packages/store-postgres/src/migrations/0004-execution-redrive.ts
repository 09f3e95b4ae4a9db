import type { Kysely, Migration } from 'kysely';

// RedriveExecution, as the SQLite store's migration 0006 adds it: an execution's summary row says
// how often it was redriven, when last, and whether its history records where a redrive re-enters
// (1 or 0, as on SQLite, so both stores map the same rows). Not indexed: an append that changes
// them stays a heap-only update.

/** Adds `executions.redrive_count`, `redrive_date` and `redrivable`. */
export function addExecutionRedrive(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .withSchema(schema)
        .alterTable('executions')
        .addColumn('redrive_count', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('redrive_date', 'text')
        .addColumn('redrivable', 'integer', (column) => column.notNull().defaultTo(0))
        .execute();
    },
  };
}
