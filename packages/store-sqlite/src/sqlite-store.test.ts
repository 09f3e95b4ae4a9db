import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { describeStoreContract } from '@statefold/core/testing';
import { SqliteStore } from './sqlite-store.js';

const directory = mkdtempSync(join(tmpdir(), 'statefold-sqlite-contract-'));
let files = 0;
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describeStoreContract('SqliteStore in memory', () => new SqliteStore({ database: ':memory:' }));

describeStoreContract('SqliteStore on a file', async () => {
  files += 1;
  const store = new SqliteStore({ database: join(directory, `contract-${files}`, 'store.db') });
  await store.opened();
  return store;
});
