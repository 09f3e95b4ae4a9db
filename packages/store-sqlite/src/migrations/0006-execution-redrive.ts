import type { Kysely, Migration } from 'kysely';

// RedriveExecution: an execution's summary row says how often it was redriven, when last, and
// whether its history records where a redrive re-enters (executions that ended before this
// migration do not: as AWS says of executions started before redrive existed, they are not
// redrivable).

/** Adds `executions.redrive_count`, `redrive_date` and `redrivable`. */
export const addExecutionRedrive: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('executions')
      .addColumn('redrive_count', 'integer', (column) => column.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('executions').addColumn('redrive_date', 'text').execute();
    await db.schema
      .alterTable('executions')
      .addColumn('redrivable', 'integer', (column) => column.notNull().defaultTo(0))
      .execute();
  },
};
