import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executionSummary, stateMachineRecord } from '@statefold/core/testing';
import { sqliteStore } from '../index.js';
import { toStateMachineRow } from '@statefold/store-sql';
import { executionRowBefore0005, type StoreTablesBefore0005 } from './rows-before.js';
import { migrationProvider } from './index.js';

describe('migration 0005 (versions and aliases)', () => {
  let directory: string;
  let filename: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'statefold-sqlite-0005-'));
    filename = join(directory, 'store.db');
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('keeps the state machines and executions a file held, without versions, and adds the new tables', async () => {
    const record = stateMachineRecord();
    const summary = executionSummary();
    const db = new Kysely<StoreTablesBefore0005>({
      dialect: new SqliteDialect({ database: new BetterSqlite3(filename) }),
    });
    expect(
      (await new Migrator({ db, provider: migrationProvider }).migrateTo('0004_event_facts')).error,
    ).toBeUndefined();
    const {
      encryption_configuration: _encryption,
      last_version_number: _last,
      ...machineRow
    } = toStateMachineRow(record);
    await db.insertInto('state_machines').values(machineRow).execute();
    await db.insertInto('executions').values(executionRowBefore0005(summary)).execute();
    await db.destroy();

    const store = await sqliteStore({ filename });
    expect(await store.getStateMachine(record.stateMachineArn)).toEqual(record);
    expect(await store.getExecution(summary.executionArn)).toEqual(summary);
    expect((await store.listStateMachineVersions(record.stateMachineArn, { limit: 10 })).items).toEqual([]);
    await store.putStateMachineAlias({
      stateMachineAliasArn: `${record.stateMachineArn}:prod`,
      stateMachineArn: record.stateMachineArn,
      name: 'prod',
      routingConfiguration: [{ stateMachineVersionArn: `${record.stateMachineArn}:1`, weight: 100 }],
      creationDate: record.creationDate,
      updateDate: record.creationDate,
    });
    expect((await store.listStateMachineAliases(record.stateMachineArn, { limit: 10 })).items).toHaveLength(1);
    await store.close();
  });
});
