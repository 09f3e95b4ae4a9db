import { sql, type Kysely, type Migration } from 'kysely';

// The PostgreSQL schema: the tables, keys and listing indexes of the SQLite store's latest schema
// (its migrations 0001–0004), in one migration. Not shared with SQLite: SQLite's chain carries data
// migrations that upgrade files written by older versions (hashes, facts moved out of details),
// which a PostgreSQL database never held; and the column types differ:
// - keys and sort columns are `text collate "C"`: byte order, as SQLite compares, so pages and
//   keyset cursors order the same on both, whatever the database's default collation;
// - details and facts are `text`, not `jsonb`. Nothing queries inside them, and the store hands
//   back the exact text it was given (jsonb reorders keys). Measured on this machine (400
//   transactions of 10 event rows, 8 connections; then 200 histories read back and parsed):
//   text 665 ms / 280 ms, json 581 ms / 113 ms, jsonb 618 ms / 408 ms — writes within noise of
//   one another, jsonb the slowest to read (the server turns its binary form back into text);
// - executions leave a fifth of each page free (fillfactor 80), so that the summary update every
//   append makes stays a heap-only update on the same page while no indexed column changes.

const keyText = sql`text collate "C"`;

/** Creates every table and index of the PostgreSQL store in `schema`. */
export function createTables(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const builder = db.schema.withSchema(schema);
      await builder
        .createTable('executions')
        .addColumn('execution_arn', keyText, (column) => column.primaryKey())
        .addColumn('state_machine_arn', keyText, (column) => column.notNull())
        .addColumn('state_machine_revision_id', 'text', (column) => column.notNull())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('status', keyText, (column) => column.notNull())
        .addColumn('start_date', keyText, (column) => column.notNull())
        .addColumn('stop_date', 'text')
        .addColumn('input', 'text', (column) => column.notNull())
        .addColumn('output', 'text')
        .addColumn('error', 'text')
        .addColumn('cause', 'text')
        .addColumn('trace_header', 'text')
        .addColumn('last_event_id', 'integer', (column) => column.notNull())
        .modifyEnd(sql`with (fillfactor = 80)`)
        .execute();

      // Append-only: the store never updates or deletes an event row.
      await builder
        .createTable('events')
        .addColumn('execution_arn', keyText, (column) =>
          column.notNull().references(`${schema}.executions.execution_arn`),
        )
        .addColumn('id', 'integer', (column) => column.notNull())
        .addColumn('previous_event_id', 'integer', (column) => column.notNull())
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('timestamp', 'text', (column) => column.notNull())
        .addColumn('details', 'text', (column) => column.notNull())
        .addColumn('facts', 'text')
        .addColumn('hash', 'text')
        .addPrimaryKeyConstraint('events_pk', ['execution_arn', 'id'])
        .execute();

      await builder
        .createTable('state_machines')
        .addColumn('state_machine_arn', keyText, (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('definition', 'text', (column) => column.notNull())
        .addColumn('role_arn', 'text', (column) => column.notNull())
        .addColumn('creation_date', keyText, (column) => column.notNull())
        .addColumn('update_date', 'text')
        .addColumn('revision_id', 'text', (column) => column.notNull())
        .addColumn('logging_configuration', 'text')
        .addColumn('tracing_configuration', 'text')
        .addColumn('description', 'text')
        .addColumn('tags', 'text', (column) => column.notNull())
        .execute();

      // No foreign key to state_machines: revisions outlive a deleted state machine.
      await builder
        .createTable('state_machine_revisions')
        .addColumn('state_machine_arn', keyText, (column) => column.notNull())
        .addColumn('revision_id', keyText, (column) => column.notNull())
        .addColumn('definition', 'text', (column) => column.notNull())
        .addColumn('role_arn', 'text', (column) => column.notNull())
        .addColumn('creation_date', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('state_machine_revisions_pk', ['state_machine_arn', 'revision_id'])
        .execute();

      await builder
        .createTable('activities')
        .addColumn('activity_arn', keyText, (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('creation_date', keyText, (column) => column.notNull())
        .addColumn('tags', 'text', (column) => column.notNull())
        .execute();

      // Each index matches one listing query's filter and sort key, as on SQLite.
      const index = (name: string, table: string, columns: string[]) =>
        builder.createIndex(name).on(table).columns(columns);
      await index('executions_by_state_machine', 'executions', [
        'state_machine_arn',
        'start_date',
        'execution_arn',
      ]).execute();
      await index('executions_by_state_machine_status', 'executions', [
        'state_machine_arn',
        'status',
        'start_date',
        'execution_arn',
      ]).execute();
      await index('executions_running', 'executions', ['start_date', 'execution_arn'])
        .where(sql.ref('status'), '=', 'RUNNING')
        .execute();
      await index('executions_by_start', 'executions', ['start_date', 'execution_arn']).execute();
      await index('state_machines_by_creation', 'state_machines', ['creation_date', 'state_machine_arn']).execute();
      await index('activities_by_creation', 'activities', ['creation_date', 'activity_arn']).execute();
    },
  };
}
