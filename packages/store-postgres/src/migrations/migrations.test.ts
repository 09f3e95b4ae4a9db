import { executionSummary, historyEvents } from '@statefold/core/testing';
import { migrateToLatest } from '@statefold/store-sql';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresStore } from '../index.js';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../testing/index.js';
import { postgresMigrations } from './index.js';

// A schema an earlier statefold made (0001 and 0002 only, before versions, aliases and redrive)
// opens with its executions intact: they read as never redriven and started on no version.

const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

describe('PostgreSQL migrations', () => {
  it('upgrade a schema from 0002 with its executions, which list as not redriven', async () => {
    const schema = uniqueSchema('upgrade');
    schemas.push(schema);
    const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 1 });
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
    const { '0001_tables': tables, '0002_leases': leases } = postgresMigrations(schema);
    if (tables === undefined || leases === undefined) throw new Error('the first migrations are missing');
    await pool.query(`create schema "${schema}"`);
    await migrateToLatest(db, 'test', { migrations: { '0001_tables': tables, '0002_leases': leases }, schema });
    const summary = executionSummary({ name: 'before', lastEventId: 1 });
    await pool.query(
      `insert into "${schema}".executions (execution_arn, state_machine_arn, state_machine_revision_id, name, status, start_date, input, last_event_id) values ($1, $2, $3, $4, $5, $6, $7, 1)`,
      [
        summary.executionArn,
        summary.stateMachineArn,
        summary.stateMachineRevisionId,
        summary.name,
        summary.status,
        summary.startDate,
        summary.input,
      ],
    );
    await db.destroy();

    const store = await postgresStore({ connectionString: testDatabaseUrl, schema });
    const stored = await store.getExecution(summary.executionArn);
    expect(stored).toEqual({ ...summary, lastEventId: 1 });
    expect(stored).not.toHaveProperty('redriveCount');
    const query = { stateMachineArn: summary.stateMachineArn, limit: 10 };
    expect((await store.listExecutions({ ...query, redriven: false })).items.map((item) => item.name)).toEqual([
      'before',
    ]);
    expect((await store.listExecutions({ ...query, redriven: true })).items).toEqual([]);
    // The upgraded schema takes what the new migrations added: an append after the old row, versions.
    await store.append(summary.executionArn, 1, historyEvents(2, 1), { ...summary, lastEventId: 2, redriveCount: 1 });
    expect(await store.getExecution(summary.executionArn)).toMatchObject({ lastEventId: 2, redriveCount: 1 });
    await store.close();
  });
});
