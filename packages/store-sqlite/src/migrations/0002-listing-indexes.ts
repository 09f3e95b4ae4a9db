import { sql, type Kysely, type Migration } from 'kysely';

// Indexes for the list operations, each matching one query's filter and sort key exactly, so
// that a page is an index range scan (forwards or backwards) and never a sort.

/** Adds the indexes behind listExecutions, listOpenExecutions, listStateMachines and listActivities. */
export const createListingIndexes: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('executions_by_state_machine')
      .on('executions')
      .columns(['state_machine_arn', 'start_date', 'execution_arn'])
      .execute();
    await db.schema
      .createIndex('executions_by_state_machine_status')
      .on('executions')
      .columns(['state_machine_arn', 'status', 'start_date', 'execution_arn'])
      .execute();
    // Partial: recovery lists RUNNING executions, a small subset of all executions.
    await db.schema
      .createIndex('executions_running')
      .on('executions')
      .columns(['start_date', 'execution_arn'])
      .where(sql.ref('status'), '=', 'RUNNING')
      .execute();
    await db.schema
      .createIndex('state_machines_by_creation')
      .on('state_machines')
      .columns(['creation_date', 'state_machine_arn'])
      .execute();
    await db.schema
      .createIndex('activities_by_creation')
      .on('activities')
      .columns(['creation_date', 'activity_arn'])
      .execute();
  },
};
