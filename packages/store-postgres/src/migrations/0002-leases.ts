import { sql, type Kysely, type Migration } from 'kysely';

// Several nodes on one database: each RUNNING execution's lease — the node that drives it and
// until when — kept on its summary row, so that the node that starts an execution holds its
// lease from the same insert, and an owner's append checks the lease in the same statement as the
// expected last event id. A lease expires by the database's clock, the one clock every node shares.

/** Adds `owner` and `lease_expires_at` to executions, and the index behind renewing one node's leases. */
export function addLeases(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const builder = db.schema.withSchema(schema);
      await builder
        .alterTable('executions')
        .addColumn('owner', 'text')
        .addColumn('lease_expires_at', 'timestamptz')
        .execute();
      await builder
        .createIndex('executions_running_by_owner')
        .on('executions')
        .column('owner')
        .where(sql.ref('status'), '=', 'RUNNING')
        .execute();
    },
  };
}
