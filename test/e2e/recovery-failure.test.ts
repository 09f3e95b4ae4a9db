import { join } from 'node:path';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { INTERNAL_ERROR_CAUSE, StepFunctions } from '@statefold/core';
import { FakeClock } from '@statefold/core/testing';
import { sqliteStore } from '@statefold/store-sqlite';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createSdkClient,
  createTempDir,
  killAllServerProcesses,
  PROCESS_SUITE_TIMEOUTS,
  ROLE_ARN,
  startServerProcess,
  waitForExecutionEnd,
  type TempDir,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// Issue 16, point 5: recovery meets stored executions it can never run on (a history that names a
// state the definition does not have; one with an event that is not JSON). `statefold serve` fails
// each with States.Runtime, logs it, and resumes the others; a restart does not meet them again.

const WAIT_THEN_PASS = JSON.stringify({
  StartAt: 'W',
  States: { W: { Type: 'Wait', Seconds: 1, Next: 'P' }, P: { Type: 'Pass', Result: 'woke', End: true } },
});

let dir: TempDir;
const clients: SFNClient[] = [];

/** A SQLite file with three executions waiting (on a 2024 clock, so all are due at once). */
async function waitingExecutions(db: string): Promise<{ good: string; broken: string; unreadable: string }> {
  const store = await sqliteStore({ filename: db });
  const sfn = new StepFunctions({ store, clock: new FakeClock() });
  const { stateMachineArn } = await sfn.createStateMachine({
    name: 'waits',
    definition: WAIT_THEN_PASS,
    roleArn: ROLE_ARN,
  });
  const good = await sfn.startExecution({ stateMachineArn, name: 'good', input: '{}' });
  const broken = await sfn.startExecution({ stateMachineArn, name: 'broken', input: '{}' });
  const unreadable = await sfn.startExecution({ stateMachineArn, name: 'unreadable', input: '{}' });
  await sfn.close();
  await store.close();
  return { good: good.executionArn, broken: broken.executionArn, unreadable: unreadable.executionArn };
}

/** Edits the stored WaitStateEntered row of an execution behind the store's back. */
function editEnteredEvent(db: string, executionArn: string, details: (stored: string) => string): void {
  const handle = new BetterSqlite3(db);
  const row = handle
    .prepare(`select details from events where execution_arn = ? and type = 'WaitStateEntered'`)
    .get(executionArn) as { details: string } | undefined;
  if (row === undefined) throw new Error(`no WaitStateEntered row of ${executionArn}`);
  handle
    .prepare(`update events set details = ? where execution_arn = ? and type = 'WaitStateEntered'`)
    .run(details(row.details), executionArn);
  handle.close();
}

beforeAll(async () => {
  dir = await createTempDir('statefold-recovery-');
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await killAllServerProcesses();
  await dir?.remove();
});

describe('recovery past an execution that keeps failing', () => {
  it('fails such executions with States.Runtime, logs them, and resumes the others', async () => {
    const db = join(dir.path, 'recover.db');
    const { good, broken, unreadable } = await waitingExecutions(db);
    // decide cannot run `broken` on: the Wait it entered is one the definition lacks.
    editEnteredEvent(db, broken, (stored) => stored.replace('"name":"W"', '"name":"Gone"'));
    // `unreadable` cannot even be folded: one of its events is no longer JSON.
    editEnteredEvent(db, unreadable, (stored) => stored.slice(0, -1));

    const server = await startServerProcess({ db });
    const client = createSdkClient(server.endpoint);
    clients.push(client);
    expect(await waitForExecutionEnd(client, good)).toMatchObject({ status: 'SUCCEEDED', output: '"woke"' });
    const failed = await waitForExecutionEnd(client, broken);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(failed.cause?.startsWith(INTERNAL_ERROR_CAUSE)).toBe(true);
    expect(server.stderr()).toContain(`ExecutionRunFailed: statefold could not run execution ${broken}`);
    const unfolded = await waitForExecutionEnd(client, unreadable);
    expect(unfolded).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(unfolded.cause?.startsWith(INTERNAL_ERROR_CAUSE)).toBe(true);
    expect(unfolded.cause).toContain('after property value in JSON');
    expect(server.stderr()).toContain(`ExecutionRunFailed: statefold could not run execution ${unreadable}`);
    await server.stop();

    // Failed for good: a second start resumes nothing and logs nothing about it.
    const again = await startServerProcess({ db });
    const secondClient = createSdkClient(again.endpoint);
    clients.push(secondClient);
    expect(await waitForExecutionEnd(secondClient, broken)).toMatchObject({ status: 'FAILED' });
    expect(await waitForExecutionEnd(secondClient, unreadable)).toMatchObject({ status: 'FAILED' });
    await again.stop();
    expect(again.stderr()).not.toContain('ExecutionRunFailed');
  });
});
