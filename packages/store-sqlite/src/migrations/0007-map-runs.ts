import type { Kysely, Migration } from 'kysely';

// Distributed Map (issue 22): a table of Map Runs, and the Map Run a child execution belongs to
// (indexed for ListExecutions with a Map Run ARN).

/** Adds `map_runs` and the `map_run_arn` column on executions. */
export const addMapRuns: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('executions').addColumn('map_run_arn', 'text').execute();
    await db.schema
      .createIndex('executions_by_map_run')
      .on('executions')
      .columns(['map_run_arn', 'start_date', 'execution_arn'])
      .execute();
    await db.schema
      .createTable('map_runs')
      .addColumn('map_run_arn', 'text', (column) => column.primaryKey())
      .addColumn('execution_arn', 'text', (column) => column.notNull())
      .addColumn('state_machine_arn', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('start_date', 'text', (column) => column.notNull())
      .addColumn('stop_date', 'text')
      .addColumn('max_concurrency', 'integer', (column) => column.notNull())
      .addColumn('tolerated_failure_count', 'integer', (column) => column.notNull())
      .addColumn('tolerated_failure_percentage', 'real', (column) => column.notNull())
      .addColumn('item_count', 'integer', (column) => column.notNull())
      .addColumn('batched', 'integer', (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('map_runs_by_execution')
      .on('map_runs')
      .columns(['execution_arn', 'start_date', 'map_run_arn'])
      .execute();
  },
};
