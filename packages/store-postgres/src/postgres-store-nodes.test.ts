import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreFailure, StoreSchemaTooNew, verifyChain } from '@statefold/core';
import { executionSummary, historyEvents } from '@statefold/core/testing';
import { postgresStore } from './index.js';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from './testing/index.js';

// What the contract suite cannot show: several stores (nodes) on one schema, group commit, and
// the errors an operator sees for a database that cannot be used.

const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

function newSchema(label: string): string {
  const schema = uniqueSchema(label);
  schemas.push(schema);
  return schema;
}

describe('PostgresStore on a schema shared by several stores', () => {
  it('lets exactly one store win appends after the same event, and chains what the winners wrote', async () => {
    const schema = newSchema('nodes');
    const [left, right] = await Promise.all([
      postgresStore({ connectionString: testDatabaseUrl, schema, maxConnections: 3 }),
      postgresStore({ connectionString: testDatabaseUrl, schema, maxConnections: 3 }),
    ]);
    const summary = executionSummary({ name: 'contested' });
    await left.createExecution(summary, historyEvents(1, 1));
    let lastEventId = 1;
    for (let round = 0; round < 20; round++) {
      const events = historyEvents(lastEventId + 1, 2);
      const next = { ...summary, lastEventId: lastEventId + 2 };
      const outcomes = await Promise.allSettled([
        left.append(summary.executionArn, lastEventId, events, next),
        right.append(summary.executionArn, lastEventId, events, next),
      ]);
      const names = outcomes.map((outcome) => (outcome.status === 'fulfilled' ? 'ok' : (outcome.reason as Error).name));
      expect(names.sort()).toEqual(['AppendConflict', 'ok']);
      lastEventId += 2;
    }
    // Each store continues from where the other left off (its remembered append point is stale).
    await left.append(summary.executionArn, lastEventId, historyEvents(lastEventId + 1, 1), {
      ...summary,
      lastEventId: lastEventId + 1,
    });
    const stored = await right.readStoredEvents(summary.executionArn);
    expect(stored.map(({ event, facts }) => ({ event, facts }))).toEqual(historyEvents(1, lastEventId + 1));
    expect(verifyChain(summary.executionArn, stored, lastEventId + 1).problem).toBeUndefined();
    await Promise.all([left.close(), right.close()]);
  });

  it('migrates a new schema once when several stores open it at the same moment', async () => {
    const schema = newSchema('migrate');
    const stores = await Promise.all(
      [1, 2, 3].map(() => postgresStore({ connectionString: testDatabaseUrl, schema, maxConnections: 2 })),
    );
    await Promise.all(stores.map((store) => store.close()));
    const client = new pg.Client({ connectionString: testDatabaseUrl });
    await client.connect();
    const { rows } = await client.query(`select name from "${schema}".kysely_migration`);
    await client.end();
    expect(rows).toEqual(
      ['0001_tables', '0002_leases', '0003_versions_aliases', '0004_execution_redrive', '0005_map_runs'].map(
        (name) => ({ name }),
      ),
    );
  });

  it('commits appends of different executions that arrive together in shared transactions', async () => {
    const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 4 });
    const store = await postgresStore({ pool, schema: newSchema('group') });
    const summaries = Array.from({ length: 40 }, (_, n) => executionSummary({ name: `e${n}` }));
    await Promise.all(summaries.map((summary) => store.createExecution(summary, historyEvents(1, 1))));
    // Each transaction is one statement alone (pool.query) or a group on a checked-out connection
    // (pool.connect, which pool.query also calls, with a callback).
    let transactions = 0;
    const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
    Object.assign(pool, {
      connect: (...args: unknown[]) => {
        transactions += 1;
        return connect(...args);
      },
    });
    await Promise.all(
      summaries.map((summary) =>
        store.append(summary.executionArn, 1, historyEvents(2, 3), { ...summary, lastEventId: 4 }),
      ),
    );
    expect(transactions).toBeLessThan(summaries.length / 4);
    for (const summary of summaries) expect(await store.readEvents(summary.executionArn)).toEqual(historyEvents(1, 4));
    await store.close();
    // The pool is the caller's: the store left it open.
    expect((await pool.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await pool.end();
  });
});

describe('PostgresStore as one of several nodes', () => {
  it('fences a node whose lease was taken over: its owner appends fail with LeaseLost, the new owner appends', async () => {
    const schema = newSchema('fence');
    const options = { connectionString: testDatabaseUrl, schema, maxConnections: 3 };
    const a = await postgresStore({ ...options, node: { id: 'node-a', leaseMs: 60_000 } });
    const b = await postgresStore({ ...options, node: { id: 'node-b', leaseMs: 60_000 } });
    const summary = executionSummary({ name: 'leased' });
    await a.createExecution(summary, historyEvents(1, 1));
    const next = { ...summary, lastEventId: 2 };
    // A holds the lease it started the execution with: nothing is an orphan, and A's renewal keeps it.
    expect(await b.coordination?.claimOrphans(10)).toEqual([]);
    expect(await a.coordination?.renewLeases()).toEqual([{ executionArn: summary.executionArn, lastEventId: 1 }]);

    // A stalls past its lease (expired here by hand) and B claims the execution.
    const client = new pg.Client({ connectionString: testDatabaseUrl });
    await client.connect();
    await client.query(`update "${schema}".executions set lease_expires_at = now() - interval '1 second'`);
    await client.end();
    expect(await b.coordination?.claimOrphans(10)).toEqual([summary.executionArn]);
    expect(await b.coordination?.claimOrphans(10)).toEqual([]);

    // A's append as owner is refused even though its expected last event is right; B's goes through.
    await expect(
      a.coordination?.appendAsOwner(summary.executionArn, 1, historyEvents(2, 1), next),
    ).rejects.toMatchObject({
      name: 'LeaseLost',
    });
    expect(await a.coordination?.renewLeases()).toEqual([]);
    await b.coordination?.appendAsOwner(summary.executionArn, 1, historyEvents(2, 1), next);
    // An API call's append (not as owner) is ordered by the expected last event alone.
    await a.append(summary.executionArn, 2, historyEvents(3, 1), { ...summary, lastEventId: 3 });
    expect(await b.readEvents(summary.executionArn)).toEqual(historyEvents(1, 3));
    // B lets its leases go on shutdown: the execution is an orphan again at once.
    await b.coordination?.releaseLeases();
    expect(await a.coordination?.claimOrphans(10)).toEqual([summary.executionArn]);
    await Promise.all([a.close(), b.close()]);
  });

  it('delivers messages to the other nodes of the schema, not to the sender', async () => {
    const schema = newSchema('notify');
    const options = { connectionString: testDatabaseUrl, schema, maxConnections: 2 };
    const [a, b] = await Promise.all([
      postgresStore({ ...options, node: { id: 'a' } }),
      postgresStore({ ...options, node: { id: 'b' } }),
    ]);
    const toA: unknown[] = [];
    const received = new Promise<unknown>((resolve) => b.coordination?.subscribe(resolve));
    a.coordination?.subscribe((message) => toA.push(message));
    const message = { kind: 'appended', executionArn: 'arn:x', lastEventId: 7 } as const;
    // The listening connections subscribe in the background: publish until B hears it.
    let heard: unknown;
    for (let attempt = 0; heard === undefined && attempt < 100; attempt++) {
      a.coordination?.publish(message);
      heard = await Promise.race([received, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
    expect(heard).toEqual(message);
    expect(toA).toEqual([]);
    await Promise.all([a.close(), b.close()]);
  });
});

describe('PostgresStore on a database it cannot use', () => {
  it('rejects a server that refuses the connection with a StoreFailure naming the reason', async () => {
    const error = await postgresStore({ connectionString: 'postgres://postgres@127.0.0.1:1/test' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreFailure);
    expect((error as Error).message).toBe(
      'PostgreSQL store postgres://postgres@127.0.0.1:1/test (schema statefold): connection refused (is PostgreSQL running there?) (ECONNREFUSED)',
    );
  });

  it('rejects a database that does not exist, and never shows the password', async () => {
    const url = new URL(testDatabaseUrl);
    url.pathname = '/statefold_no_such_database';
    url.password = 'secret-password';
    const error = await postgresStore({ connectionString: url.toString() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreFailure);
    expect((error as Error).message).toContain('the database does not exist (3D000)');
    expect((error as Error).message).not.toContain('secret-password');
  });

  it('refuses a schema a newer statefold migrated with StoreSchemaTooNew, touching nothing', async () => {
    const schema = newSchema('newer');
    const store = await postgresStore({ connectionString: testDatabaseUrl, schema });
    await store.close();
    const client = new pg.Client({ connectionString: testDatabaseUrl });
    await client.connect();
    await client.query(`insert into "${schema}".kysely_migration (name, timestamp) values ('0099_future', 'x')`);
    const error = await postgresStore({ connectionString: testDatabaseUrl, schema }).catch((e: unknown) => e);
    const { rows } = await client.query(`select name from "${schema}".kysely_migration order by name`);
    await client.end();
    expect(error).toBeInstanceOf(StoreSchemaTooNew);
    expect(error).toMatchObject({ unknownMigrations: ['0099_future'] });
    expect(rows.map((row: { name: string }) => row.name)).toEqual([
      '0001_tables',
      '0002_leases',
      '0003_versions_aliases',
      '0004_execution_redrive',
      '0005_map_runs',
      '0099_future',
    ]);
  });
});
