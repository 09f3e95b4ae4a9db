import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
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

// Nested executions served by the real `statefold serve` on a SQLite file: a parent starts a
// `.sync:2` child and a `.waitForTaskToken` child; the server is killed with SIGKILL while the
// parent waits on each, and the restarted server resumes both waits from the histories.

const dirs: TempDir[] = [];
const clients: SFNClient[] = [];

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

afterAll(async () => {
  await killAllServerProcesses();
  for (const dir of dirs) await dir.remove();
});

async function serverOn(db: string): Promise<{ client: SFNClient; kill: () => Promise<unknown> }> {
  const server = await startServerProcess({ db });
  const client = createSdkClient(server.endpoint);
  clients.push(client);
  return { client, kill: () => server.stop('SIGKILL') };
}

/** Polls `look` until it gives a value (a child the parent starts, an event it appends); 20 s at most. */
async function eventually<T>(what: string, look: () => Promise<T | undefined>): Promise<T> {
  const deadline = performance.now() + 20_000;
  for (;;) {
    const found = await look();
    if (found !== undefined) return found;
    if (performance.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function firstExecutionOf(client: SFNClient, stateMachineArn: string | undefined): Promise<string> {
  return eventually(`an execution of ${stateMachineArn}`, async () => {
    const { executions = [] } = await client.send(new ListExecutionsCommand({ stateMachineArn }));
    return executions[0]?.executionArn;
  });
}

async function historyTypes(client: SFNClient, executionArn: string | undefined): Promise<string[]> {
  const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
  return (history.events ?? []).map((event) => event.type ?? '');
}

async function setUp(client: SFNClient) {
  const { activityArn } = await client.send(new CreateActivityCommand({ name: 'child-work' }));
  const worker = await client.send(
    new CreateStateMachineCommand({
      name: 'worker-child',
      roleArn: ROLE_ARN,
      definition: JSON.stringify({
        StartAt: 'Work',
        States: { Work: { Type: 'Task', Resource: activityArn, End: true } },
      }),
    }),
  );
  const caller = await client.send(
    new CreateStateMachineCommand({
      name: 'callback-child',
      roleArn: ROLE_ARN,
      definition: JSON.stringify({ StartAt: 'Hold', States: { Hold: { Type: 'Pass', End: true } } }),
    }),
  );
  const parent = await client.send(
    new CreateStateMachineCommand({
      name: 'parent',
      roleArn: ROLE_ARN,
      definition: JSON.stringify({
        StartAt: 'RunWorker',
        States: {
          RunWorker: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync:2',
            Parameters: {
              StateMachineArn: worker.stateMachineArn,
              Input: { 'job.$': '$.job', 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' },
            },
            ResultSelector: { 'worked.$': '$.Output' },
            ResultPath: '$.worker',
            Next: 'AwaitCaller',
          },
          AwaitCaller: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.waitForTaskToken',
            Parameters: { StateMachineArn: caller.stateMachineArn, Input: { 'token.$': '$$.Task.Token' } },
            ResultPath: '$.caller',
            End: true,
          },
        },
      }),
    }),
  );
  return { activityArn, worker, caller, parent };
}

describe('nested executions through a server killed with SIGKILL', () => {
  it('resume the .sync:2 and .waitForTaskToken waits, and start each child once', async () => {
    const dir = await createTempDir();
    dirs.push(dir);
    const db = `${dir.path}/statefold.db`;
    const first = await serverOn(db);
    const { activityArn, worker, caller, parent } = await setUp(first.client);
    const started = await first.client.send(
      new StartExecutionCommand({ stateMachineArn: parent.stateMachineArn, name: 'p', input: '{"job":"build"}' }),
    );
    // The worker child holds the activity task when the server dies.
    const task = await first.client.send(new GetActivityTaskCommand({ activityArn, workerName: 'w' }));
    expect(JSON.parse(task.input ?? '')).toEqual({
      job: 'build',
      AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: started.executionArn,
    });
    await first.kill();

    const second = await serverOn(db);
    await second.client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"built":true}' }));
    // The parent, resumed, sees its child end and starts the callback child.
    const callerArn = await firstExecutionOf(second.client, caller.stateMachineArn);
    const { input = '' } = await second.client.send(new DescribeExecutionCommand({ executionArn: callerArn }));
    const { token } = JSON.parse(input) as { token: string };
    await second.kill();

    const third = await serverOn(db);
    await third.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"called":"back"}' }));
    const done = await waitForExecutionEnd(third.client, started.executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? '')).toEqual({
      job: 'build',
      worker: { worked: { built: true } },
      caller: { called: 'back' },
    });
    expect(await historyTypes(third.client, started.executionArn)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    const workers = await third.client.send(new ListExecutionsCommand({ stateMachineArn: worker.stateMachineArn }));
    expect(workers.executions?.map((execution) => execution.status)).toEqual(['SUCCEEDED']);
  });

  it('stop the .sync:2 child when the parent is stopped', async () => {
    const dir = await createTempDir();
    dirs.push(dir);
    const { client } = await serverOn(`${dir.path}/statefold.db`);
    const { worker, parent } = await setUp(client);
    const started = await client.send(
      new StartExecutionCommand({ stateMachineArn: parent.stateMachineArn, input: '{"job":"x"}' }),
    );
    const childArn = await firstExecutionOf(client, worker.stateMachineArn);
    // The parent records its child's start before it is stopped.
    await eventually('TaskSubmitted', async () =>
      (await historyTypes(client, started.executionArn)).includes('TaskSubmitted') ? true : undefined,
    );
    await client.send(new StopExecutionCommand({ executionArn: started.executionArn }));
    const child = await waitForExecutionEnd(client, childArn);
    expect(child.status).toBe('ABORTED');
  });
});
