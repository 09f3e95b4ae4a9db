import { writeFile } from 'node:fs/promises';
import {
  ActivityDoesNotExist,
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteActivityCommand,
  DescribeActivityCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  InvalidArn,
  InvalidName,
  InvalidOutput,
  InvalidToken,
  ListActivitiesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { createTaskToken } from '@statefold/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLambdaEndpoint, type LambdaEndpoint } from './lambda-endpoint.js';
import {
  createSdkClient,
  createTempDir,
  killAllServerProcesses,
  ROLE_ARN,
  startServerProcess,
  waitForExecutionEnd,
  type ServerProcess,
  type TempDir,
  PROCESS_SUITE_TIMEOUTS,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// Activities, callbacks and Lambda tasks through the real SDK against a real `statefold serve`
// process, whose Lambda tasks go to an HTTP Lambda Invoke API endpoint this test runs.

let dir: TempDir;
let server: ServerProcess;
let client: SFNClient;
let lambda: LambdaEndpoint;
const callbackTokens: string[] = [];

beforeAll(async () => {
  dir = await createTempDir();
  lambda = await startLambdaEndpoint({
    Greeter: (payload) => ({ payload: { greeting: `Hello, ${(payload as { name: string }).name}!` } }),
    Broken: () => ({ functionError: 'Unhandled', payload: { errorType: 'ValueError', errorMessage: 'bad value' } }),
    Callback: (payload) => {
      callbackTokens.push((payload as { token: string }).token);
      return { payload: { accepted: true } };
    },
  });
  // The config file routes one function to canned responses; every other goes to LAMBDA_ENDPOINT.
  const config = `${dir.path}/statefold.config.json`;
  await writeFile(
    config,
    JSON.stringify({ lambda: { functions: { Canned: { responses: [{ payload: { canned: 1 } }] } } } }),
  );
  server = await startServerProcess({
    db: `${dir.path}/statefold.db`,
    args: ['--config', config],
    env: { LAMBDA_ENDPOINT: lambda.url },
  });
  client = createSdkClient(server.endpoint);
});

afterAll(async () => {
  client?.destroy();
  const exit = await server?.stop('SIGTERM');
  await killAllServerProcesses();
  await lambda?.close();
  await dir?.remove();
  expect(exit).toEqual({ code: 0, signal: null });
});

async function createMachine(name: string, states: Readonly<Record<string, unknown>>, startAt = 'T'): Promise<string> {
  const definition = JSON.stringify({ StartAt: startAt, States: states });
  const created = await client.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE_ARN }));
  return created.stateMachineArn ?? '';
}

async function createActivity(name: string): Promise<string> {
  return (await client.send(new CreateActivityCommand({ name }))).activityArn ?? '';
}

async function rejection<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

async function historyTypes(executionArn: string | undefined): Promise<string[]> {
  const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
  return (history.events ?? []).map((event) => event.type ?? '');
}

describe('activities', () => {
  it('creates, describes, lists and deletes activities, with their errors', async () => {
    const arn = await createActivity('crud-activity');
    expect(arn).toBe('arn:aws:states:us-east-1:123456789012:activity:crud-activity');
    const described = await client.send(new DescribeActivityCommand({ activityArn: arn }));
    expect(described).toMatchObject({ activityArn: arn, name: 'crud-activity' });
    expect(described.creationDate).toBeInstanceOf(Date);
    const listed = await client.send(new ListActivitiesCommand({ maxResults: 100 }));
    expect(listed.activities?.map((item) => item.name)).toContain('crud-activity');
    await client.send(new DeleteActivityCommand({ activityArn: arn }));
    await rejection(client.send(new DescribeActivityCommand({ activityArn: arn })), ActivityDoesNotExist);

    await rejection(client.send(new CreateActivityCommand({ name: 'bad name?' })), InvalidName);
    await rejection(client.send(new DescribeActivityCommand({ activityArn: 'arn:nope' })), InvalidArn);
    await rejection(client.send(new DeleteActivityCommand({ activityArn: 'arn:nope' })), InvalidArn);
    await rejection(client.send(new ListActivitiesCommand({ nextToken: 'forged' })), InvalidToken);
    await rejection(client.send(new GetActivityTaskCommand({ activityArn: `${arn}-missing` })), ActivityDoesNotExist);
    await rejection(client.send(new GetActivityTaskCommand({ activityArn: 'arn:nope' })), InvalidArn);
  });

  it('runs a worker loop: GetActivityTask, SendTaskHeartbeat, SendTaskSuccess', async () => {
    const activityArn = await createActivity('worker-loop');
    const stateMachineArn = await createMachine('activity-loop', {
      T: { Type: 'Task', Resource: activityArn, HeartbeatSeconds: 60, TimeoutSeconds: 300, End: true },
    });
    // The poll is waiting before the task exists: it returns as soon as the execution schedules it.
    const poll = client.send(new GetActivityTaskCommand({ activityArn, workerName: 'worker-1' }));
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: '{"job":7}' }));
    const task = await poll;
    expect(task.input).toBe('{"job":7}');
    const taskToken = task.taskToken ?? '';
    expect(taskToken).not.toBe('');

    await client.send(new SendTaskHeartbeatCommand({ taskToken }));
    await client.send(new SendTaskSuccessCommand({ taskToken, output: '{"done":7}' }));
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: 'SUCCEEDED', output: '{"done":7}' });
    expect(await historyTypes(executionArn)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivitySucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(history.events?.[3]?.activityStartedEventDetails).toEqual({ workerName: 'worker-1' });

    // The task is done: its token now answers TaskTimedOut, as on AWS.
    await rejection(client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })), TaskTimedOut);
    await rejection(client.send(new SendTaskHeartbeatCommand({ taskToken })), TaskTimedOut);
  });

  it('fails the execution through SendTaskFailure', async () => {
    const activityArn = await createActivity('failing-work');
    const stateMachineArn = await createMachine('activity-failure', {
      T: { Type: 'Task', Resource: activityArn, End: true },
    });
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn }));
    const task = await client.send(new GetActivityTaskCommand({ activityArn }));
    await client.send(
      new SendTaskFailureCommand({ taskToken: task.taskToken, error: 'Worker.Crashed', cause: 'out of coffee' }),
    );
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: 'FAILED', error: 'Worker.Crashed', cause: 'out of coffee' });
    expect(await historyTypes(executionArn)).toContain('ActivityFailed');
  });

  it('answers InvalidToken, TaskDoesNotExist and InvalidOutput for bad task completions', async () => {
    await rejection(client.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })), InvalidToken);
    await rejection(client.send(new SendTaskFailureCommand({ taskToken: 'not-a-token' })), InvalidToken);
    await rejection(client.send(new SendTaskHeartbeatCommand({ taskToken: 'not-a-token' })), InvalidToken);
    const orphan = createTaskToken(
      { executionArn: 'arn:aws:states:us-east-1:123456789012:execution:gone:e', scheduledEventId: 3 },
      'n',
    );
    await rejection(client.send(new SendTaskSuccessCommand({ taskToken: orphan, output: '{}' })), TaskDoesNotExist);
    await rejection(client.send(new SendTaskFailureCommand({ taskToken: orphan })), TaskDoesNotExist);

    const activityArn = await createActivity('output-check');
    const stateMachineArn = await createMachine('output-check', {
      T: { Type: 'Task', Resource: activityArn, End: true },
    });
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn }));
    const task = await client.send(new GetActivityTaskCommand({ activityArn }));
    await rejection(
      client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{not json' })),
      InvalidOutput,
    );
    await client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '"fine"' }));
    expect((await client.send(new DescribeExecutionCommand({ executionArn }))).output).toBe('"fine"');
  });

  it('times out an activity on the real clock, after which its token answers TaskTimedOut', async () => {
    const activityArn = await createActivity('slow-work');
    const stateMachineArn = await createMachine('activity-timeout', {
      T: { Type: 'Task', Resource: activityArn, TimeoutSeconds: 1, End: true },
    });
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn }));
    const task = await client.send(new GetActivityTaskCommand({ activityArn }));
    const ended = await waitForExecutionEnd(client, executionArn);
    expect(ended).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    await rejection(client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{}' })), TaskTimedOut);
  });
});

describe('Lambda and callback tasks', () => {
  it('runs a Lambda task on the HTTP Lambda endpoint given by LAMBDA_ENDPOINT', async () => {
    const stateMachineArn = await createMachine('lambda-greeter', {
      T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Greeter', End: true },
    });
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: '{"name":"Ada"}' }));
    const described = await waitForExecutionEnd(client, executionArn);
    expect(described).toMatchObject({ status: 'SUCCEEDED', output: '{"greeting":"Hello, Ada!"}' });
    expect(lambda.invocations).toContainEqual({
      functionName: 'arn:aws:lambda:us-east-1:123456789012:function:Greeter',
      payload: { name: 'Ada' },
    });
    expect(await historyTypes(executionArn)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('fails a Lambda task whose function errors, and one the endpoint does not know', async () => {
    const broken = await createMachine('lambda-broken', {
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'Broken' },
        End: true,
      },
    });
    const first = await client.send(new StartExecutionCommand({ stateMachineArn: broken }));
    expect(await waitForExecutionEnd(client, first.executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'ValueError',
    });
    const missing = await createMachine('lambda-missing', {
      T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Nobody', End: true },
    });
    const second = await client.send(new StartExecutionCommand({ stateMachineArn: missing }));
    const ended = await waitForExecutionEnd(client, second.executionArn);
    expect(ended).toMatchObject({ status: 'FAILED', error: 'Lambda.ResourceNotFoundException' });
  });

  it('answers a function routed by the config file with its canned response', async () => {
    const stateMachineArn = await createMachine('lambda-canned', {
      T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Canned', End: true },
    });
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn }));
    expect(await waitForExecutionEnd(client, executionArn)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"canned":1}',
    });
    expect(lambda.invocations.some((invocation) => invocation.functionName.endsWith('Canned'))).toBe(false);
  });

  it('completes a .waitForTaskToken callback task with SendTaskSuccess', async () => {
    const stateMachineArn = await createMachine('callback', {
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'Callback', Payload: { 'token.$': '$$.Task.Token', 'order.$': '$.order' } },
        End: true,
      },
    });
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn, input: '{"order":"A-1"}' }),
    );
    const token = await eventually(() => callbackTokens[0]);
    expect(lambda.invocations).toContainEqual({ functionName: 'Callback', payload: { token, order: 'A-1' } });
    expect((await client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');

    await client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"shipped":true}' }));
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: 'SUCCEEDED', output: '{"shipped":true}' });
    expect(await historyTypes(executionArn)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('keeps the server log free of internal failures', () => {
    expect(server.stderr()).toBe('');
  });
});

/** Polls until `read` gives a value (the Lambda endpoint is called by the server in the background). */
async function eventually<T>(read: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`nothing arrived within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
