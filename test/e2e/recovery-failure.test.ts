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

// Issue 16, point 5: recovery meets a stored execution that decide can never run on (its history
// names a state the definition does not have). `statefold serve` fails that one with States.Runtime,
// logs it, and resumes the others; a restart does not meet it again.

const WAIT_THEN_PASS = JSON.stringify({
  StartAt: 'W',
  States: { W: { Type: 'Wait', Seconds: 1, Next: 'P' }, P: { Type: 'Pass', Result: 'woke', End: true } },
});

let dir: TempDir;
const clients: SFNClient[] = [];

/** A SQLite file with two executions waiting (on a 2024 clock, so both are due at once). */
async function twoWaitingExecutions(db: string): Promise<{ good: string; broken: string }> {
  const store = await sqliteStore({ filename: db });
  const sfn = new StepFunctions({ store, clock: new FakeClock() });
  const { stateMachineArn } = await sfn.createStateMachine({
    name: 'waits',
    definition: WAIT_THEN_PASS,
    roleArn: ROLE_ARN,
  });
  const good = await sfn.startExecution({ stateMachineArn, name: 'good', input: '{}' });
  const broken = await sfn.startExecution({ stateMachineArn, name: 'broken', input: '{}' });
  await sfn.close();
  await store.close();
  return { good: good.executionArn, broken: broken.executionArn };
}

/** Edits the stored history behind the store's back: the Wait it entered becomes one the definition lacks. */
function renameEnteredState(db: string, executionArn: string): void {
  const handle = new BetterSqlite3(db);
  const changed = handle
    .prepare(
      `update events set details = replace(details, '"name":"W"', '"name":"Gone"')
       where execution_arn = ? and type = 'WaitStateEntered'`,
    )
    .run(executionArn).changes;
  handle.close();
  if (changed !== 1) throw new Error(`expected one WaitStateEntered row of ${executionArn}, changed ${changed}`);
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
  it('fails that execution with States.Runtime, logs it, and resumes the others', async () => {
    const db = join(dir.path, 'recover.db');
    const { good, broken } = await twoWaitingExecutions(db);
    renameEnteredState(db, broken);

    const server = await startServerProcess({ db });
    const client = createSdkClient(server.endpoint);
    clients.push(client);
    expect(await waitForExecutionEnd(client, good)).toMatchObject({ status: 'SUCCEEDED', output: '"woke"' });
    const failed = await waitForExecutionEnd(client, broken);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(failed.cause?.startsWith(INTERNAL_ERROR_CAUSE)).toBe(true);
    expect(server.stderr()).toContain(`ExecutionRunFailed: statefold could not run execution ${broken}`);
    await server.stop();

    // Failed for good: a second start resumes nothing and logs nothing about it.
    const again = await startServerProcess({ db });
    const secondClient = createSdkClient(again.endpoint);
    clients.push(secondClient);
    expect(await waitForExecutionEnd(secondClient, broken)).toMatchObject({ status: 'FAILED' });
    await again.stop();
    expect(again.stderr()).not.toContain('ExecutionRunFailed');
  });
});
