import { afterAll } from 'vitest';
import { describeStoreContract } from '@statefold/core/testing';
import { postgresStore } from './index.js';
import { dropSchemas, testDatabaseUrl, truncateStore, uniqueSchema } from './testing/index.js';

// One schema for the file (migrated by the first test's store), emptied before each test.
const schema = uniqueSchema('contract');
let migrated = false;
afterAll(() => dropSchemas([schema]));

describeStoreContract('PostgresStore', async () => {
  if (migrated) await truncateStore(schema);
  migrated = true;
  return postgresStore({ connectionString: testDatabaseUrl, schema, maxConnections: 4 });
});
