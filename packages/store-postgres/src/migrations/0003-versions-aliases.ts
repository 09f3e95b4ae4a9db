import { sql, type Kysely, type Migration } from 'kysely';

// Versions and aliases, as the SQLite store's migration 0005 adds them: a table each, the version
// or alias an execution was started through (indexed for ListExecutions of a version or alias ARN),
// and two state machine columns: its encryption configuration and the highest version number it
// ever published. Keys and sort columns are `text collate "C"`, as in 0001.

const keyText = sql`text collate "C"`;

/** Adds `state_machine_versions`, `state_machine_aliases` and their columns on executions and state machines. */
export function addVersionsAndAliases(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const builder = db.schema.withSchema(schema);
      await builder
        .alterTable('state_machines')
        .addColumn('encryption_configuration', 'text')
        .addColumn('last_version_number', 'integer')
        .execute();
      await builder
        .alterTable('executions')
        .addColumn('state_machine_version_arn', keyText)
        .addColumn('state_machine_alias_arn', keyText)
        .execute();
      await builder
        .createIndex('executions_by_version')
        .on('executions')
        .columns(['state_machine_version_arn', 'start_date', 'execution_arn'])
        .execute();
      await builder
        .createIndex('executions_by_alias')
        .on('executions')
        .columns(['state_machine_alias_arn', 'start_date', 'execution_arn'])
        .execute();
      await builder
        .createTable('state_machine_versions')
        .addColumn('state_machine_version_arn', keyText, (column) => column.primaryKey())
        .addColumn('state_machine_arn', keyText, (column) => column.notNull())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('revision_id', 'text', (column) => column.notNull())
        .addColumn('creation_date', 'text', (column) => column.notNull())
        .addColumn('description', 'text')
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('definition', 'text', (column) => column.notNull())
        .addColumn('role_arn', 'text', (column) => column.notNull())
        .addColumn('logging_configuration', 'text')
        .addColumn('tracing_configuration', 'text')
        .addColumn('encryption_configuration', 'text')
        .execute();
      await builder
        .createIndex('state_machine_versions_by_number')
        .on('state_machine_versions')
        .columns(['state_machine_arn', 'version', 'state_machine_version_arn'])
        .execute();
      await builder
        .createTable('state_machine_aliases')
        .addColumn('state_machine_alias_arn', keyText, (column) => column.primaryKey())
        .addColumn('state_machine_arn', keyText, (column) => column.notNull())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('description', 'text')
        .addColumn('routing_configuration', 'text', (column) => column.notNull())
        .addColumn('creation_date', keyText, (column) => column.notNull())
        .addColumn('update_date', 'text', (column) => column.notNull())
        .execute();
      await builder
        .createIndex('state_machine_aliases_by_creation')
        .on('state_machine_aliases')
        .columns(['state_machine_arn', 'creation_date', 'state_machine_alias_arn'])
        .execute();
    },
  };
}
