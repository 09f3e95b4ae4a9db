import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainHashes, verifyChain } from '@statefold/core';
import { executionSummary, historyEvents } from '@statefold/core/testing';
import { sqliteStore } from './index.js';
import { migrationProvider } from './migrations/index.js';
import { toEventRow } from '@statefold/store-sql';
import { executionRowBefore0005, type StoreTablesBefore0005 } from './migrations/rows-before.js';

describe('SqliteStore audit hashes', () => {
  let directory: string;
  let filename: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'statefold-sqlite-audit-'));
    filename = join(directory, 'store.db');
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('hashes the events a file held before the hash column existed', async () => {
    const summary = executionSummary({ lastEventId: 5 });
    const db = new Kysely<StoreTablesBefore0005>({
      dialect: new SqliteDialect({ database: new BetterSqlite3(filename) }),
    });
    expect(
      (await new Migrator({ db, provider: migrationProvider }).migrateTo('0002_listing_indexes')).error,
    ).toBeUndefined();
    await db.insertInto('executions').values(executionRowBefore0005(summary)).execute();
    // Rows as that schema held them: no hash and no facts column (these events record no facts).
    const rows = historyEvents(1, 5).map((recorded) => {
      const { facts: _none, ...row } = toEventRow(summary.executionArn, recorded);
      return row;
    });
    await db.insertInto('events').values(rows).execute();
    await db.destroy();

    const store = await sqliteStore({ filename });
    const stored = await store.readStoredEvents(summary.executionArn);
    expect(stored.map(({ hash }) => hash)).toEqual(chainHashes(summary.executionArn, historyEvents(1, 5)));
    await store.append(summary.executionArn, 5, historyEvents(6, 2), { ...summary, lastEventId: 7 });
    const after = await store.readStoredEvents(summary.executionArn);
    expect(verifyChain(summary.executionArn, after, 7)).toMatchObject({ eventCount: 7 });
    expect(verifyChain(summary.executionArn, after, 7).problem).toBeUndefined();
    await store.close();
  });

  it('stores each hash in the events table beside its event', async () => {
    const summary = executionSummary({ lastEventId: 2 });
    const store = await sqliteStore({ filename });
    await store.createExecution(summary, historyEvents(1, 2));
    await store.close();
    const handle = new BetterSqlite3(filename, { readonly: true });
    const hashes = handle.prepare('select hash from events order by id').pluck().all();
    handle.close();
    expect(hashes).toEqual(chainHashes(summary.executionArn, historyEvents(1, 2)));
  });
});
