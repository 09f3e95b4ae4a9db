import { sql, type Kysely, type Migration } from 'kysely';

// Distributed Map, as the SQLite store's migration 0007 adds it: a table of Map Runs, and the Map
// Run a child execution belongs to (written once, on insert; indexed for ListExecutions with a Map
// Run ARN). Keys and sort columns are `text collate "C"`, as in 0001; the tolerated failure
// percentage is a double, so it reads back as it was written.

const keyText = sql`text collate "C"`;

/** Adds `map_runs` and the `map_run_arn` column on executions. */
export function addMapRuns(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const builder = db.schema.withSchema(schema);
      await builder.alterTable('executions').addColumn('map_run_arn', keyText).execute();
      await builder
        .createIndex('executions_by_map_run')
        .on('executions')
        .columns(['map_run_arn', 'start_date', 'execution_arn'])
        .execute();
      await builder
        .createTable('map_runs')
        .addColumn('map_run_arn', keyText, (column) => column.primaryKey())
        .addColumn('execution_arn', keyText, (column) => column.notNull())
        .addColumn('state_machine_arn', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('start_date', keyText, (column) => column.notNull())
        .addColumn('stop_date', 'text')
        .addColumn('max_concurrency', 'integer', (column) => column.notNull())
        .addColumn('tolerated_failure_count', 'integer', (column) => column.notNull())
        .addColumn('tolerated_failure_percentage', 'double precision', (column) => column.notNull())
        .addColumn('item_count', 'integer', (column) => column.notNull())
        .addColumn('batched', 'integer', (column) => column.notNull())
        .execute();
      await builder
        .createIndex('map_runs_by_execution')
        .on('map_runs')
        .columns(['execution_arn', 'start_date', 'map_run_arn'])
        .execute();
    },
  };
}
