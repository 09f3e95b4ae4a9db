import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreSchemaTooNew } from '@statefold/core';
import { executionSummary, historyEvents } from '@statefold/core/testing';
import { sqliteStore } from '../index.js';
import { toEventRow } from '@statefold/store-sql';
import { executionRowBefore0005, type StoreTablesBefore0005 } from './rows-before.js';
import { migrationProvider, migrations } from './index.js';

const appliedMigrations = (filename: string): string[] => {
  const handle = new BetterSqlite3(filename, { readonly: true });
  const names = handle.prepare('select name from kysely_migration order by name').pluck().all() as string[];
  handle.close();
  return names;
};

const indexNames = (filename: string): string[] => {
  const handle = new BetterSqlite3(filename, { readonly: true });
  const names = handle
    .prepare("select name from sqlite_master where type = 'index' and name not like 'sqlite_%' order by name")
    .pluck()
    .all() as string[];
  handle.close();
  return names;
};

describe('SqliteStore schema migrations', () => {
  let directory: string;
  let filename: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'statefold-sqlite-migrations-'));
    filename = join(directory, 'store.db');
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('brings a new file to the latest schema', async () => {
    const store = await sqliteStore({ filename });
    await store.close();
    expect(appliedMigrations(filename)).toEqual(Object.keys(migrations).sort());
    expect(indexNames(filename)).toEqual([
      'activities_by_creation',
      'executions_by_alias',
      'executions_by_map_run',
      'executions_by_start',
      'executions_by_state_machine',
      'executions_by_state_machine_status',
      'executions_by_version',
      'executions_running',
      'map_runs_by_execution',
      'state_machine_aliases_by_creation',
      'state_machine_versions_by_number',
      'state_machines_by_creation',
    ]);
  });

  it('migrates a file written by an older version and keeps its data', async () => {
    const summary = executionSummary({ lastEventId: 2 });
    const db = new Kysely<StoreTablesBefore0005>({
      dialect: new SqliteDialect({ database: new BetterSqlite3(filename) }),
    });
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('0001_tables');
    expect(error).toBeUndefined();
    await db.insertInto('executions').values(executionRowBefore0005(summary)).execute();
    // Rows as that schema held them: no hash and no facts column (these events record no facts).
    const rows = historyEvents(1, 2).map((recorded) => {
      const { facts: _none, ...row } = toEventRow(summary.executionArn, recorded);
      return row;
    });
    await db.insertInto('events').values(rows).execute();
    await db.destroy();
    expect(appliedMigrations(filename)).toEqual(['0001_tables']);

    const store = await sqliteStore({ filename });
    expect(await store.getExecution(summary.executionArn)).toEqual(summary);
    expect(await store.readEvents(summary.executionArn)).toEqual(historyEvents(1, 2));
    expect((await store.listOpenExecutions({ limit: 10 })).items).toEqual([summary]);
    await store.close();
    expect(appliedMigrations(filename)).toEqual(Object.keys(migrations).sort());
    expect(indexNames(filename)).toContain('executions_running');
  });

  it('refuses a file written by a newer version with StoreSchemaTooNew and leaves it untouched', async () => {
    const summary = executionSummary();
    const store = await sqliteStore({ filename });
    await store.createExecution(summary, historyEvents(1, 1));
    await store.close();
    const handle = new BetterSqlite3(filename);
    handle
      .prepare('insert into kysely_migration (name, timestamp) values (?, ?)')
      .run('0099_from_the_future', '2030-01-01T00:00:00.000Z');
    handle.close();

    const error = await sqliteStore({ filename }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreSchemaTooNew);
    expect(error).toMatchObject({
      name: 'StoreSchemaTooNew',
      location: filename,
      unknownMigrations: ['0099_from_the_future'],
    });
    expect((error as Error).message).toContain(filename);
    expect(appliedMigrations(filename)).toEqual([...Object.keys(migrations).sort(), '0099_from_the_future']);
  });
});
