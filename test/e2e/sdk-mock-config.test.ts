import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  CreateStateMachineCommand,
  GetExecutionHistoryCommand,
  InvalidArn,
  StartExecutionCommand,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { FakeClock } from '@statefold/core/testing';
import { StepFunctions, type MockConfigFile } from '@statefold/core';
import { sqliteStore } from '@statefold/store-sqlite';
import { describe, expect, it, vi } from 'vitest';
import {
  PROCESS_SUITE_TIMEOUTS,
  ROLE_ARN,
  startServerProcess,
  useSuiteResources,
  waitForExecutionEnd,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// Step Functions Local's mock configuration, end to end: the example of its documentation (a
// Lambda state and an SQS state, test cases HappyPath, RetryPath and HybridPath) re-written in
// fixtures/mock-config, run through the real SDK against `statefold serve` on a SQLite file, and
// embedded.

const FIXTURES = (name: string): string => fileURLToPath(new URL(`./fixtures/mock-config/${name}`, import.meta.url));
const MOCK_CONFIG = FIXTURES('MockConfigFile.json');
const LAMBDA_CONFIG = FIXTURES('lambda-config.json');
const definition = (): Promise<string> => readFile(FIXTURES('LambdaSQSIntegration.asl.json'), 'utf8');

const { newDir, clientFor } = useSuiteResources();

async function historyOf(client: SFNClient, executionArn: string | undefined): Promise<HistoryEvent[]> {
  return (await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

/** Polls the history until it holds an event of `type` (a condition, not a timing). */
async function waitForEvent(client: SFNClient, executionArn: string | undefined, type: string): Promise<void> {
  const deadline = performance.now() + 20_000;
  while (!(await historyOf(client, executionArn)).some((event) => event.type === type)) {
    if (performance.now() > deadline) throw new Error(`no ${type} in the history of ${executionArn}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const QUEUED = '{"messageId":"0b6b5b8e-3c1a-4e8f-9d2a-7c4e5f6a7b8c"}';

describe('statefold serve --mock-config', () => {
  it('runs the documentation test cases through the SDK, and survives a restart mid-retry', async () => {
    const dir = await newDir();
    const db = `${dir.path}/statefold.db`;
    const first = await startServerProcess({ db, args: ['--mock-config', MOCK_CONFIG, '--config', LAMBDA_CONFIG] });
    const client = clientFor(first.endpoint);
    const { stateMachineArn } = await client.send(
      new CreateStateMachineCommand({
        name: 'LambdaSQSIntegration',
        definition: await definition(),
        roleArn: ROLE_ARN,
      }),
    );

    const happy = await client.send(
      new StartExecutionCommand({
        stateMachineArn: `${stateMachineArn}#HappyPath`,
        name: 'executionWithHappyPathMockedServices',
        input: '{"name":"Ada"}',
      }),
    );
    expect(happy.executionArn).toBe(
      'arn:aws:states:us-east-1:123456789012:execution:LambdaSQSIntegration:executionWithHappyPathMockedServices',
    );
    expect(await waitForExecutionEnd(client, happy.executionArn)).toMatchObject({
      status: 'SUCCEEDED',
      stateMachineArn,
      output: QUEUED,
    });
    const events = await historyOf(client, happy.executionArn);
    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[2]?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      parameters: '{"FunctionName":"HelloWorldFunction","Payload":{"name":"Ada"}}',
    });
    expect(JSON.parse(events[4]?.taskSucceededEventDetails?.output ?? '')).toEqual({
      StatusCode: 200,
      Payload: { greeting: 'Hello from a mock' },
    });
    expect(events[6]?.stateEnteredEventDetails?.input).toBe('{"greeting":"Hello from a mock"}');

    const hybrid = await client.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}#HybridPath` }));
    expect(await waitForExecutionEnd(client, hybrid.executionArn)).toMatchObject({ status: 'SUCCEEDED' });
    const hybridEvents = await historyOf(client, hybrid.executionArn);
    expect(JSON.parse(hybridEvents[4]?.taskSucceededEventDetails?.output ?? '').Payload).toEqual({
      greeting: 'Hello from the real function',
    });

    // RetryPath fails three times (a second of retry delay each) before its fourth invocation returns.
    const retry = await client.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}#RetryPath` }));
    await waitForEvent(client, retry.executionArn, 'TaskFailed');
    const killed = await first.stop('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    const second = await startServerProcess({
      db,
      args: ['--config', LAMBDA_CONFIG],
      env: { SFN_MOCK_CONFIG: MOCK_CONFIG },
    });
    const after = clientFor(second.endpoint);
    expect(await waitForExecutionEnd(after, retry.executionArn)).toMatchObject({ status: 'SUCCEEDED', output: QUEUED });
    const retryEvents = await historyOf(after, retry.executionArn);
    expect(retryEvents.filter((event) => event.type === 'TaskFailed').map((e) => e.taskFailedEventDetails)).toEqual([
      {
        resourceType: 'lambda',
        resource: 'invoke',
        error: 'Lambda.ResourceNotReadyException',
        cause: 'The function is still starting.',
      },
      { resourceType: 'lambda', resource: 'invoke', error: 'Lambda.TooManyRequestsException', cause: 'Rate exceeded.' },
      { resourceType: 'lambda', resource: 'invoke', error: 'Lambda.TooManyRequestsException', cause: 'Rate exceeded.' },
    ]);
    expect(retryEvents.filter((event) => event.type === 'TaskScheduled')).toHaveLength(5);
    expect(retryEvents.at(-1)?.type).toBe('ExecutionSucceeded');

    const sad = after.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}#SadPath` }));
    await expect(sad).rejects.toBeInstanceOf(InvalidArn);
    await expect(sad).rejects.toThrow(
      "Invalid Arn: 'The mock configuration has no test case 'SadPath' for the state machine 'LambdaSQSIntegration''",
    );
    await second.stop('SIGTERM');
  });

  it('refuses to start on a mock configuration with an error, naming the place', async () => {
    const dir = await newDir();
    const bad = `${dir.path}/MockConfigFile.json`;
    await writeFile(
      bad,
      JSON.stringify({
        StateMachines: {},
        MockedResponses: { Flaky: { '0': { Return: 1 }, '1-3': { Retrun: 2 } } },
      }),
    );
    const started = startServerProcess({ db: `${dir.path}/statefold.db`, env: { SFN_MOCK_CONFIG: bad } });
    await expect(started).rejects.toThrow(
      `Invalid mock configuration ${bad}: MockedResponses.Flaky."1-3": must hold exactly one of Return or Throw`,
    );
    await expect(started).rejects.toThrow('"code":2');
  });
});

describe('StepFunctions with the mockConfig option', () => {
  it('runs the same test cases embedded, on a SQLite file', async () => {
    const dir = await newDir();
    const store = await sqliteStore({ filename: `${dir.path}/embedded.db` });
    const clock = new FakeClock(new Date('2024-01-01T00:00:00Z'));
    const mockConfig = JSON.parse(await readFile(MOCK_CONFIG, 'utf8')) as MockConfigFile;
    const sfn = new StepFunctions({ store, clock, mockConfig });
    try {
      const { stateMachineArn } = await sfn.createStateMachine({
        name: 'LambdaSQSIntegration',
        definition: await definition(),
        roleArn: ROLE_ARN,
      });
      const { executionArn } = await sfn.startExecution({ stateMachineArn: `${stateMachineArn}#RetryPath` });
      await clock.settle();
      for (let retry = 0; retry < 3; retry++) await clock.advance(1000);
      expect(await sfn.describeExecution({ executionArn })).toMatchObject({ status: 'SUCCEEDED', output: QUEUED });
      const { events } = await sfn.getExecutionHistory({ executionArn });
      expect(events.filter((event) => event.type === 'TaskFailed')).toHaveLength(3);
    } finally {
      await sfn.close();
      await store.close();
    }
  });
});
