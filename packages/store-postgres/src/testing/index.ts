import { randomBytes } from 'node:crypto';
import pg from 'pg';

// Test helpers (`@statefold/store-postgres/testing`): the PostgreSQL the tests run against (this project's machines run one at
// 127.0.0.1:5432 with trust auth and a database `test`), and a schema of its own per test file, so
// that vitest's parallel files never see each other's tables.

/** `STATEFOLD_TEST_POSTGRES_URL`, or the local test database. */
export const testDatabaseUrl = process.env.STATEFOLD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh schema name, unique across processes: `sf_test_<label>_<random>`. */
export function uniqueSchema(label: string): string {
  return `sf_test_${label}_${randomBytes(6).toString('hex')}`;
}

/** Drops the schemas (and everything in them). */
export async function dropSchemas(schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** Empties the store's tables in `schema` (between the tests of one file, which share the schema). */
export async function truncateStore(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    const tables = [
      'events',
      'executions',
      'state_machines',
      'state_machine_revisions',
      'state_machine_versions',
      'state_machine_aliases',
      'activities',
      'map_runs',
    ];
    // DELETE, not TRUNCATE: on tables this small it costs a millisecond where TRUNCATE's file work costs hundreds.
    for (const table of tables) await client.query(`delete from "${schema}".${table}`);
  } finally {
    await client.end();
  }
}

/** `testDatabaseUrl` with a `schema` parameter: what `statefold serve --db` and the CLI take. */
export function testDatabaseUrlFor(schema: string): string {
  const url = new URL(testDatabaseUrl);
  url.searchParams.set('schema', schema);
  return url.toString();
}
