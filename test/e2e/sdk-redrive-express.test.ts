import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLambdaEndpoint, type LambdaEndpoint } from './lambda-endpoint.js';
import {
  createSdkClient,
  createTempDir,
  killAllServerProcesses,
  PROCESS_SUITE_TIMEOUTS,
  ROLE_ARN,
  startServerProcess,
  waitForExecutionEnd,
  type ServerProcess,
  type TempDir,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// RedriveExecution and Express workflows through the real SDK client against `statefold serve` on a
// SQLite file. StartSyncExecution is sent with the `sync-` host prefix unless the client disables it,
// as a local endpoint needs (README, "Express workflows").

let dir: TempDir;
let lambda: LambdaEndpoint;
let healed = false;
let server: ServerProcess;
let client: SFNClient;

beforeAll(async () => {
  dir = await createTempDir();
  lambda = await startLambdaEndpoint({
    flaky: (payload) =>
      healed ? { payload: { ok: payload } } : { functionError: 'Unhandled', payload: { errorMessage: 'not yet' } },
  });
  server = await startServerProcess({ db: `${dir.path}/statefold.db`, env: { LAMBDA_ENDPOINT: lambda.url } });
  client = createSdkClient(server.endpoint);
});

afterAll(async () => {
  client?.destroy();
  await server?.stop('SIGTERM');
  await killAllServerProcesses();
  await lambda?.close();
  await dir?.remove();
});

const FLAKY = 'arn:aws:lambda:us-east-1:123456789012:function:flaky';

async function create(name: string, definition: object, type?: 'EXPRESS'): Promise<string> {
  const created = await client.send(
    new CreateStateMachineCommand({
      name,
      roleArn: ROLE_ARN,
      definition: JSON.stringify(definition),
      ...(type === undefined ? {} : { type }),
    }),
  );
  return created.stateMachineArn ?? '';
}

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('expected the call to fail');
}

describe('RedriveExecution through the SDK', () => {
  it('continues a failed execution from its failed Task, idempotently per clientToken', async () => {
    healed = false;
    const stateMachineArn = await create('redrive-task', {
      StartAt: 'Before',
      States: {
        Before: { Type: 'Pass', Result: { n: 1 }, Next: 'Call' },
        Call: { Type: 'Task', Resource: FLAKY, End: true },
      },
    });
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'first' }));
    expect(await waitForExecutionEnd(client, executionArn)).toMatchObject({
      status: 'FAILED',
      redriveCount: 0,
      redriveStatus: 'REDRIVABLE',
    });
    healed = true;
    const redriven = await client.send(new RedriveExecutionCommand({ executionArn, clientToken: 'once' }));
    expect(redriven.redriveDate).toBeInstanceOf(Date);
    const again = await client.send(new RedriveExecutionCommand({ executionArn, clientToken: 'once' }));
    expect(again.redriveDate).toEqual(redriven.redriveDate);
    expect(await waitForExecutionEnd(client, executionArn)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"ok":{"n":1}}',
      redriveCount: 1,
      redriveDate: redriven.redriveDate,
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
    });
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    const types = (history.events ?? []).map((event) => event.type);
    expect(types.filter((type) => type === 'PassStateEntered')).toHaveLength(1);
    expect(types.slice(types.indexOf('ExecutionFailed'))).toEqual([
      'ExecutionFailed',
      'ExecutionRedriven',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    const redrivenEvent = history.events?.find((event) => event.type === 'ExecutionRedriven');
    expect(redrivenEvent?.executionRedrivenEventDetails).toEqual({ redriveCount: 1 });

    const listed = await client.send(new ListExecutionsCommand({ stateMachineArn, redriveFilter: 'REDRIVEN' }));
    expect(listed.executions?.map((execution) => [execution.executionArn, execution.redriveCount])).toEqual([
      [executionArn, 1],
    ]);
    expect(
      (await client.send(new ListExecutionsCommand({ stateMachineArn, redriveFilter: 'NOT_REDRIVEN' }))).executions,
    ).toEqual([]);
  });

  it('answers bad redrives with AWS errors', async () => {
    const stateMachineArn = await create('redrive-errors', {
      StartAt: 'P',
      States: { P: { Type: 'Pass', End: true } },
    });
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn }));
    await waitForExecutionEnd(client, executionArn);
    expect(await errorOf(client.send(new RedriveExecutionCommand({ executionArn })))).toEqual({
      name: 'ExecutionNotRedrivable',
      message: 'Execution is SUCCEEDED and cannot be redriven',
    });
    expect(
      (await errorOf(client.send(new RedriveExecutionCommand({ executionArn: `${executionArn}-missing` })))).name,
    ).toBe('ExecutionDoesNotExist');
    expect((await errorOf(client.send(new RedriveExecutionCommand({ executionArn: 'arn:nope' })))).name).toBe(
      'InvalidArn',
    );
    expect(
      (await errorOf(client.send(new RedriveExecutionCommand({ executionArn, clientToken: 'x'.repeat(65) })))).name,
    ).toBe('ValidationException');
  });
});

describe('a redriven execution across a SIGKILL', () => {
  it('resumes after a restart and ends once, with one ExecutionRedriven', async () => {
    const killDir = await createTempDir();
    const db = `${killDir.path}/statefold.db`;
    const first = await startServerProcess({ db });
    const before = createSdkClient(first.endpoint);
    try {
      const { stateMachineArn } = await before.send(
        new CreateStateMachineCommand({
          name: 'nap',
          roleArn: ROLE_ARN,
          definition: JSON.stringify({
            StartAt: 'Nap',
            States: { Nap: { Type: 'Wait', Seconds: 2, Next: 'Done' }, Done: { Type: 'Succeed' } },
          }),
        }),
      );
      const { executionArn } = await before.send(
        new StartExecutionCommand({ stateMachineArn, name: 'stopped', input: '{"v":7}' }),
      );
      await before.send(new StopExecutionCommand({ executionArn }));
      await before.send(new RedriveExecutionCommand({ executionArn }));
      expect(await first.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

      const second = await startServerProcess({ db });
      const after = createSdkClient(second.endpoint);
      try {
        expect(await waitForExecutionEnd(after, executionArn)).toMatchObject({
          status: 'SUCCEEDED',
          output: '{"v":7}',
          redriveCount: 1,
        });
        const history = await after.send(new GetExecutionHistoryCommand({ executionArn }));
        expect((history.events ?? []).map((event) => event.type)).toEqual([
          'ExecutionStarted',
          'WaitStateEntered',
          'WaitStateAborted',
          'ExecutionAborted',
          'ExecutionRedriven',
          'WaitStateEntered',
          'WaitStateExited',
          'SucceedStateEntered',
          'SucceedStateExited',
          'ExecutionSucceeded',
        ]);
      } finally {
        after.destroy();
        await second.stop('SIGTERM');
      }
    } finally {
      before.destroy();
      await killDir.remove();
    }
  });
});

describe('Express workflows through the SDK', () => {
  const GREET = {
    StartAt: 'Greet',
    States: { Greet: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('Hello, {}!', $.who)" }, End: true } },
  };

  it('runs StartSyncExecution with the host prefix disabled, and reports failures in a 200 answer', async () => {
    // As the README says to configure the SDK for a local endpoint.
    const sync = new SFNClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'e2e-secret' },
      maxAttempts: 1,
      disableHostPrefix: true,
    });
    try {
      const stateMachineArn = await create('greet-express', GREET, 'EXPRESS');
      const answer = await sync.send(
        new StartSyncExecutionCommand({ stateMachineArn, name: 'hi', input: '{"who":"Ada"}' }),
      );
      expect(answer).toMatchObject({
        executionArn: expect.stringContaining(':express:greet-express:hi:'),
        status: 'SUCCEEDED',
        output: '{"greeting":"Hello, Ada!"}',
        billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: expect.any(Number) },
      });
      const failing = await create(
        'fail-express',
        { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Nope', Cause: 'on purpose' } } },
        'EXPRESS',
      );
      expect(await sync.send(new StartSyncExecutionCommand({ stateMachineArn: failing }))).toMatchObject({
        status: 'FAILED',
        error: 'Nope',
        cause: 'on purpose',
      });
      const standard = await create('greet-standard', GREET);
      expect((await errorOf(sync.send(new StartSyncExecutionCommand({ stateMachineArn: standard })))).name).toBe(
        'StateMachineTypeNotSupported',
      );
      // AWS keeps no history of an Express execution, and by default neither does statefold.
      expect(
        (await errorOf(client.send(new GetExecutionHistoryCommand({ executionArn: answer.executionArn })))).name,
      ).toBe('InvalidArn');
    } finally {
      sync.destroy();
    }
  });

  it('refuses an Express definition that waits for a task token', async () => {
    const problem = await errorOf(
      create(
        'callback-express',
        {
          StartAt: 'T',
          States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true } },
        },
        'EXPRESS',
      ),
    );
    expect(problem.name).toBe('InvalidDefinition');
    expect(problem.message).toContain("does not support '.waitForTaskToken'");
  });

  it('keeps Express histories with --express-history', async () => {
    const debugDir = await createTempDir();
    const debug = await startServerProcess({ db: `${debugDir.path}/statefold.db`, args: ['--express-history'] });
    const debugClient = createSdkClient(debug.endpoint);
    try {
      const created = await debugClient.send(
        new CreateStateMachineCommand({
          name: 'greet',
          roleArn: ROLE_ARN,
          definition: JSON.stringify(GREET),
          type: 'EXPRESS',
        }),
      );
      const { executionArn } = await debugClient.send(
        new StartExecutionCommand({ stateMachineArn: created.stateMachineArn, input: '{"who":"Bo"}' }),
      );
      expect(await waitForExecutionEnd(debugClient, executionArn)).toMatchObject({ status: 'SUCCEEDED' });
      const history = await debugClient.send(new GetExecutionHistoryCommand({ executionArn }));
      expect((history.events ?? []).map((event) => event.type)).toEqual([
        'ExecutionStarted',
        'PassStateEntered',
        'PassStateExited',
        'ExecutionSucceeded',
      ]);
      expect(await debugClient.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
        output: '{"greeting":"Hello, Bo!"}',
      });
    } finally {
      debugClient.destroy();
      await debug.stop('SIGTERM');
      await debugDir.remove();
    }
  });
});
