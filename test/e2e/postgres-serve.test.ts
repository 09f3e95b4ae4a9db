import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { dropSchemas, testDatabaseUrl, testDatabaseUrlFor, uniqueSchema } from '@statefold/store-postgres/testing';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../replay/cli-process.js';
import {
  createSdkClient,
  killAllServerProcesses,
  PROCESS_SUITE_TIMEOUTS,
  ROLE_ARN,
  startServerProcess,
  waitForExecutionEnd,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// `statefold serve` on PostgreSQL: a postgres:// URL in --db chooses the store; a database that
// cannot be used ends the process with one line and exit code 1; what ran survives a SIGKILL.

const schemas: string[] = [];
afterAll(async () => {
  await killAllServerProcesses();
  await dropSchemas(schemas);
});

const WAIT_THEN_TASK = (activityArn: string) =>
  JSON.stringify({
    StartAt: 'W',
    States: {
      W: { Type: 'Wait', Seconds: 1, Next: 'T' },
      T: { Type: 'Task', Resource: activityArn, End: true },
    },
  });

describe('statefold serve on PostgreSQL', () => {
  it('runs executions through the SDK and resumes them in a new process after a SIGKILL', async () => {
    const schema = uniqueSchema('serve');
    schemas.push(schema);
    const db = testDatabaseUrlFor(schema);
    const first = await startServerProcess({ db });
    expect(first.stdout()).toContain(`(store: postgres ${db}, node `);
    const before = createSdkClient(first.endpoint);
    const { activityArn } = await before.send(new CreateActivityCommand({ name: 'work' }));
    const { stateMachineArn } = await before.send(
      new CreateStateMachineCommand({
        name: 'waiter',
        roleArn: ROLE_ARN,
        definition: WAIT_THEN_TASK(activityArn ?? ''),
      }),
    );
    const { executionArn } = await before.send(
      new StartExecutionCommand({ stateMachineArn, name: 'survivor', input: '{"n":1}' }),
    );
    before.destroy();
    expect(await first.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

    const second = await startServerProcess({ db });
    const after = createSdkClient(second.endpoint);
    // The Wait fires in the new process at its recorded deadline, and the activity is offered again.
    const task = await after.send(new GetActivityTaskCommand({ activityArn, workerName: 'after' }));
    expect(task.input).toBe('{"n":1}');
    await after.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"done":true}' }));
    expect(await waitForExecutionEnd(after, executionArn)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"done":true}',
    });
    const { events = [] } = await after.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivitySucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    after.destroy();
    expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(first.stderr() + second.stderr()).toBe('');
  });

  it.each([
    [
      'a server that refuses the connection',
      'postgres://postgres@127.0.0.1:1/test',
      'connection refused (is PostgreSQL running there?) (ECONNREFUSED)',
    ],
    [
      'a role the server does not know',
      (() => {
        const url = new URL(testDatabaseUrl);
        url.username = 'statefold_no_such_role';
        url.password = 'not-shown';
        return url.toString();
      })(),
      'the server refused the credentials (28000)',
    ],
  ])('exits 1 with one line and no stack trace for %s', async (_, db, reason) => {
    const run = await runCli(['serve', '--port', '0', '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^statefold: cannot start the service on the postgres store: PostgreSQL store .*\n$/);
    expect(run.stderr).toContain(reason);
    expect(run.stderr).not.toContain('not-shown');
  });
});
