import type { Kysely, Migration } from 'kysely';

// The first schema: every table, with the keys that the store's writes rely on. Column types
// are the portable ones (text, integer) so that PostgreSQL can run the same migration.

/** Creates the events, executions, state machine, revision and activity tables. */
export const createTables: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('executions')
      .addColumn('execution_arn', 'text', (column) => column.primaryKey())
      .addColumn('state_machine_arn', 'text', (column) => column.notNull())
      .addColumn('state_machine_revision_id', 'text', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('start_date', 'text', (column) => column.notNull())
      .addColumn('stop_date', 'text')
      .addColumn('input', 'text', (column) => column.notNull())
      .addColumn('output', 'text')
      .addColumn('error', 'text')
      .addColumn('cause', 'text')
      .addColumn('trace_header', 'text')
      .addColumn('last_event_id', 'integer', (column) => column.notNull())
      .execute();

    // Append-only: the store never updates or deletes an event row.
    await db.schema
      .createTable('events')
      .addColumn('execution_arn', 'text', (column) => column.notNull().references('executions.execution_arn'))
      .addColumn('id', 'integer', (column) => column.notNull())
      .addColumn('previous_event_id', 'integer', (column) => column.notNull())
      .addColumn('type', 'text', (column) => column.notNull())
      .addColumn('timestamp', 'text', (column) => column.notNull())
      .addColumn('details', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('events_pk', ['execution_arn', 'id'])
      .execute();

    await db.schema
      .createTable('state_machines')
      .addColumn('state_machine_arn', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('type', 'text', (column) => column.notNull())
      .addColumn('definition', 'text', (column) => column.notNull())
      .addColumn('role_arn', 'text', (column) => column.notNull())
      .addColumn('creation_date', 'text', (column) => column.notNull())
      .addColumn('update_date', 'text')
      .addColumn('revision_id', 'text', (column) => column.notNull())
      .addColumn('logging_configuration', 'text')
      .addColumn('tracing_configuration', 'text')
      .addColumn('description', 'text')
      .addColumn('tags', 'text', (column) => column.notNull())
      .execute();

    // No foreign key to state_machines: revisions outlive a deleted state machine.
    await db.schema
      .createTable('state_machine_revisions')
      .addColumn('state_machine_arn', 'text', (column) => column.notNull())
      .addColumn('revision_id', 'text', (column) => column.notNull())
      .addColumn('definition', 'text', (column) => column.notNull())
      .addColumn('role_arn', 'text', (column) => column.notNull())
      .addColumn('creation_date', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('state_machine_revisions_pk', ['state_machine_arn', 'revision_id'])
      .execute();

    await db.schema
      .createTable('activities')
      .addColumn('activity_arn', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('creation_date', 'text', (column) => column.notNull())
      .addColumn('tags', 'text', (column) => column.notNull())
      .execute();
  },
};
