import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppendConflict, ExecutionAlreadyStored, StoreFailure, type ExecutionSummary } from '@statefold/core';
import { executionSummary, historyEvents } from '@statefold/core/testing';
import { sqliteStore } from './index.js';

// Writes made in one synchronous stretch of code are all queued before the store's next flush, so
// they share one group (one transaction); these tests make them that way.

/** Settles every promise and names each outcome: 'ok' or the rejection's error name. */
async function outcomes(writes: readonly Promise<void>[]): Promise<string[]> {
  const settled = await Promise.allSettled(writes);
  return settled.map((result) => (result.status === 'fulfilled' ? 'ok' : (result.reason as Error).name));
}

describe('SqliteStore group commit', () => {
  let directory: string;
  let filename: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'statefold-sqlite-group-'));
    filename = join(directory, 'store.db');
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('lands every one of many concurrent appends to different executions', async () => {
    const store = await sqliteStore({ filename });
    // More executions than one group carries, so that several groups follow each other.
    const executions = Array.from({ length: 600 }, (_, index) => executionSummary({ name: `execution-${index}` }));
    await Promise.all(executions.map((summary) => store.createExecution(summary, historyEvents(1, 1))));
    await Promise.all(
      executions.map((summary) =>
        store.append(summary.executionArn, 1, historyEvents(2, 3), { ...summary, lastEventId: 4 }),
      ),
    );
    await store.close();

    const reopened = await sqliteStore({ filename });
    for (const summary of executions) {
      expect(await reopened.readEvents(summary.executionArn)).toEqual(historyEvents(1, 4));
      expect(await reopened.getExecution(summary.executionArn)).toEqual({ ...summary, lastEventId: 4 });
    }
    await reopened.close();
  });

  it('rejects a conflicting append of a group with AppendConflict and commits the rest of the group', async () => {
    const store = await sqliteStore({ filename });
    const [first, second, third] = ['first', 'second', 'third'].map((name) => executionSummary({ name })) as [
      ExecutionSummary,
      ExecutionSummary,
      ExecutionSummary,
    ];
    await Promise.all([first, second, third].map((summary) => store.createExecution(summary, historyEvents(1, 1))));

    const writes = [
      store.append(first.executionArn, 1, historyEvents(2, 2), { ...first, lastEventId: 3 }),
      store.append(second.executionArn, 7, historyEvents(8, 2), { ...second, lastEventId: 9 }),
      store.append(third.executionArn, 1, historyEvents(2, 2), { ...third, lastEventId: 3 }),
    ];
    const settled = await Promise.allSettled(writes);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const conflict = (settled[1] as PromiseRejectedResult).reason as AppendConflict;
    expect(conflict).toBeInstanceOf(AppendConflict);
    expect(conflict.actualLastEventId).toBe(1);

    expect(await store.readEvents(first.executionArn)).toEqual(historyEvents(1, 3));
    expect(await store.readEvents(second.executionArn)).toEqual(historyEvents(1, 1));
    expect(await store.readEvents(third.executionArn)).toEqual(historyEvents(1, 3));
    expect((await store.getExecution(second.executionArn))?.lastEventId).toBe(1);
    await store.close();
  });

  it('runs two appends to one execution in one group as if one followed the other', async () => {
    const store = await sqliteStore({ filename });
    const summary = executionSummary();
    await store.createExecution(summary, historyEvents(1, 1));

    const writes = [
      store.append(summary.executionArn, 1, historyEvents(2, 2), { ...summary, lastEventId: 3 }),
      // Sees the first append's rows: its expected id is the one the first one left.
      store.append(summary.executionArn, 3, historyEvents(4, 2), { ...summary, status: 'SUCCEEDED', lastEventId: 5 }),
      // A stale copy of the first append: the history has moved on.
      store.append(summary.executionArn, 1, historyEvents(2, 2), { ...summary, lastEventId: 3 }),
    ];
    expect(await outcomes(writes)).toEqual(['ok', 'ok', 'AppendConflict']);
    expect(await store.readEvents(summary.executionArn)).toEqual(historyEvents(1, 5));
    expect(await store.getExecution(summary.executionArn)).toEqual({ ...summary, status: 'SUCCEEDED', lastEventId: 5 });
    expect(await store.readStoredEvents(summary.executionArn)).toHaveLength(5);
    await store.close();
  });

  it('rejects the second of two creations of one execution in a group with ExecutionAlreadyStored', async () => {
    const store = await sqliteStore({ filename });
    const summary = executionSummary();
    const writes = [
      store.createExecution(summary, historyEvents(1, 1)),
      store.createExecution({ ...summary, input: '{"other":true}' }, historyEvents(1, 1)),
      store.append(summary.executionArn, 1, historyEvents(2, 1), { ...summary, lastEventId: 2 }),
    ];
    const settled = await Promise.allSettled(writes);
    expect(settled[0]?.status).toBe('fulfilled');
    expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(ExecutionAlreadyStored);
    expect(settled[2]?.status).toBe('fulfilled');
    expect(await store.getExecution(summary.executionArn)).toEqual({ ...summary, lastEventId: 2 });
    await store.close();
  });

  it('rejects every write of a group whose COMMIT fails, and stores none of them', async () => {
    const store = await sqliteStore({ filename });
    const [innocent, poisoned] = ['innocent', 'poisoned'].map((name) => executionSummary({ name })) as [
      ExecutionSummary,
      ExecutionSummary,
    ];
    await store.createExecution(innocent, historyEvents(1, 1));
    // A deferred foreign key is checked only at COMMIT: a trigger that breaks one when the
    // poisoned execution is created makes that group's COMMIT fail (SQLITE_CONSTRAINT_FOREIGNKEY).
    const saboteur = new BetterSqlite3(filename);
    saboteur.exec(`
      create table dangling (execution_arn text references executions (execution_arn) deferrable initially deferred);
      create trigger poison after insert on executions when new.name = 'poisoned'
        begin insert into dangling values ('no such execution'); end;`);
    saboteur.close();

    const writes = [
      store.append(innocent.executionArn, 1, historyEvents(2, 1), { ...innocent, lastEventId: 2 }),
      store.createExecution(poisoned, historyEvents(1, 1)),
    ];
    const settled = await Promise.allSettled(writes);
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    for (const result of settled) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StoreFailure);
    expect(await store.readEvents(innocent.executionArn)).toEqual(historyEvents(1, 1));
    expect(await store.getExecution(poisoned.executionArn)).toBeUndefined();

    // The failed group left no transaction open: the next one commits.
    await store.append(innocent.executionArn, 1, historyEvents(2, 1), { ...innocent, lastEventId: 2 });
    expect(await store.readEvents(innocent.executionArn)).toEqual(historyEvents(1, 2));
    await store.close();
  });

  it('rejects every write of a group that cannot take the write lock, and commits the next group', async () => {
    const store = await sqliteStore({ filename, busyTimeoutMs: 0 });
    const summary = executionSummary();
    await store.createExecution(summary, historyEvents(1, 1));
    const other = new BetterSqlite3(filename);
    other.prepare('begin immediate').run();

    const writes = [
      store.append(summary.executionArn, 1, historyEvents(2, 1), { ...summary, lastEventId: 2 }),
      store.createExecution(executionSummary({ name: 'second' }), historyEvents(1, 1)),
    ];
    expect(await outcomes(writes)).toEqual(['StoreFailure', 'StoreFailure']);
    other.prepare('rollback').run();
    other.close();

    await store.append(summary.executionArn, 1, historyEvents(2, 1), { ...summary, lastEventId: 2 });
    expect(await store.readEvents(summary.executionArn)).toEqual(historyEvents(1, 2));
    await store.close();
  });

  it('commits the writes still queued when close() is called before it closes the file', async () => {
    const store = await sqliteStore({ filename });
    const executions = Array.from({ length: 20 }, (_, index) => executionSummary({ name: `execution-${index}` }));
    const writes = executions.map((summary) => store.createExecution(summary, historyEvents(1, 2)));
    await store.close();
    expect(await outcomes(writes)).toEqual(executions.map(() => 'ok'));

    const reopened = await sqliteStore({ filename });
    for (const summary of executions)
      expect(await reopened.readEvents(summary.executionArn)).toEqual(historyEvents(1, 2));
    await reopened.close();
  });
});
