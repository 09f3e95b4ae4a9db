import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidArn,
  InvalidDefinition,
  InvalidExecutionInput,
  InvalidName,
  InvalidToken,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  MissingRequiredParameter,
  StartExecutionCommand,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
  ValidationException,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createSdkClient,
  createTempDir,
  killAllServerProcesses,
  ROLE_ARN,
  startServerProcess,
  type ServerProcess,
  type TempDir,
  PROCESS_SUITE_TIMEOUTS,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// The state machine and execution operations through the real @aws-sdk/client-sfn against a real
// `statefold serve` process on a temporary SQLite file; every error arrives as the SDK's typed exception.

const PASS = JSON.stringify({
  StartAt: 'P',
  States: { P: { Type: 'Pass', Parameters: { 'got.$': '$.value' }, End: true } },
});
const FAIL = JSON.stringify({
  StartAt: 'F',
  States: { F: { Type: 'Fail', Error: 'Custom.Error', Cause: 'it failed' } },
});
const LONG_WAIT = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } });
const MISSING_SM = 'arn:aws:states:us-east-1:123456789012:stateMachine:never-created';
const MISSING_EXECUTION = 'arn:aws:states:us-east-1:123456789012:execution:never-created:e1';

let dir: TempDir;
let server: ServerProcess;
let client: SFNClient;

beforeAll(async () => {
  dir = await createTempDir();
  server = await startServerProcess({ db: `${dir.path}/statefold.db` });
  client = createSdkClient(server.endpoint);
});

afterAll(async () => {
  client?.destroy();
  const exit = await server?.stop('SIGTERM');
  await killAllServerProcesses();
  await dir?.remove();
  expect(exit).toEqual({ code: 0, signal: null });
});

async function createMachine(name: string, definition = PASS): Promise<string> {
  const created = await client.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE_ARN }));
  return created.stateMachineArn ?? '';
}

/** Awaits a rejection and checks it is the SDK's exception class for `code`, as the server sent it. */
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

describe('state machines', () => {
  it('creates, describes, updates, lists and deletes a state machine', async () => {
    const created = await client.send(
      new CreateStateMachineCommand({
        name: 'crud',
        definition: PASS,
        roleArn: ROLE_ARN,
        tags: [{ key: 'team', value: 'core' }],
      }),
    );
    expect(created.stateMachineArn).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:crud');
    expect(created.creationDate).toBeInstanceOf(Date);

    const described = await client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    expect(described).toMatchObject({
      name: 'crud',
      status: 'ACTIVE',
      definition: PASS,
      roleArn: ROLE_ARN,
      type: 'STANDARD',
    });
    expect(described.creationDate?.getTime()).toBe(created.creationDate?.getTime());

    const updated = await client.send(
      new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: FAIL }),
    );
    expect(updated.updateDate).toBeInstanceOf(Date);
    const after = await client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    expect(after.definition).toBe(FAIL);
    expect(after.revisionId).not.toBe(described.revisionId);

    const listed = await client.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((item) => item.name)).toContain('crud');

    await client.send(new DeleteStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    await rejection(
      client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn })),
      StateMachineDoesNotExist,
    );
  });

  it('pages ListStateMachines with maxResults and nextToken, and refuses a forged token', async () => {
    for (const name of ['page-a', 'page-b', 'page-c']) await createMachine(name);
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListStateMachinesCommand({ maxResults: 1, nextToken }));
      expect(page.stateMachines?.length).toBeLessThanOrEqual(1);
      names.push(...(page.stateMachines ?? []).map((item) => item.name ?? ''));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    expect(names).toEqual(expect.arrayContaining(['page-a', 'page-b', 'page-c']));
    await rejection(client.send(new ListStateMachinesCommand({ nextToken: 'forged-token' })), InvalidToken);
  });

  it('answers CreateStateMachine errors as InvalidDefinition, InvalidName, InvalidArn and StateMachineAlreadyExists', async () => {
    const invalid = await rejection(
      client.send(
        new CreateStateMachineCommand({
          name: 'bad',
          definition: '{"StartAt":"Nowhere","States":{"P":{"Type":"Pass","End":true}}}',
          roleArn: ROLE_ARN,
        }),
      ),
      InvalidDefinition,
    );
    expect(invalid.message).toMatch(/Nowhere/);
    await rejection(
      client.send(new CreateStateMachineCommand({ name: 'has space', definition: PASS, roleArn: ROLE_ARN })),
      InvalidName,
    );
    await rejection(
      client.send(new CreateStateMachineCommand({ name: 'badrole', definition: PASS, roleArn: 'not-an-arn' })),
      InvalidArn,
    );
    await createMachine('taken');
    await rejection(createMachine('taken', FAIL), StateMachineAlreadyExists);
    await rejection(
      client.send(new CreateStateMachineCommand({ name: 'x'.repeat(81), definition: PASS, roleArn: ROLE_ARN })),
      ValidationException,
    );
  });

  it('answers Describe, Update and Delete errors for missing machines and bad ARNs', async () => {
    await rejection(
      client.send(new DescribeStateMachineCommand({ stateMachineArn: MISSING_SM })),
      StateMachineDoesNotExist,
    );
    await rejection(client.send(new DescribeStateMachineCommand({ stateMachineArn: 'arn:nope' })), InvalidArn);
    await rejection(
      client.send(new UpdateStateMachineCommand({ stateMachineArn: MISSING_SM, definition: PASS })),
      StateMachineDoesNotExist,
    );
    await rejection(
      client.send(new UpdateStateMachineCommand({ stateMachineArn: 'arn:nope', definition: PASS })),
      InvalidArn,
    );
    const arn = await createMachine('update-errors');
    await rejection(client.send(new UpdateStateMachineCommand({ stateMachineArn: arn })), MissingRequiredParameter);
    await rejection(
      client.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: '{}' })),
      InvalidDefinition,
    );
    await rejection(client.send(new DeleteStateMachineCommand({ stateMachineArn: 'arn:nope' })), InvalidArn);
  });

  it('validates a definition without creating anything', async () => {
    const ok = await client.send(new ValidateStateMachineDefinitionCommand({ definition: PASS }));
    expect(ok).toMatchObject({ result: 'OK', diagnostics: [] });
    const failed = await client.send(
      new ValidateStateMachineDefinitionCommand({ definition: '{"StartAt":"X","States":{}}' }),
    );
    expect(failed.result).toBe('FAIL');
    expect(failed.diagnostics?.[0]).toMatchObject({ severity: 'ERROR' });
  });

  it('tags, lists tags and untags a state machine', async () => {
    const arn = await createMachine('tagged');
    await client.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
        ],
      }),
    );
    await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a'] }));
    const tags = await client.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    expect(tags.tags).toEqual([{ key: 'b', value: '2' }]);
  });
});

describe('executions', () => {
  it('starts an execution that succeeds, and describes it and its state machine', async () => {
    const stateMachineArn = await createMachine('runs');
    const started = await client.send(
      new StartExecutionCommand({ stateMachineArn, name: 'first', input: '{"value":42}' }),
    );
    expect(started.executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:runs:first');
    expect(started.startDate).toBeInstanceOf(Date);

    const described = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(described).toMatchObject({
      status: 'SUCCEEDED',
      name: 'first',
      stateMachineArn,
      input: '{"value":42}',
      output: '{"got":42}',
    });
    expect(described.stopDate).toBeInstanceOf(Date);

    const machine = await client.send(
      new DescribeStateMachineForExecutionCommand({ executionArn: started.executionArn }),
    );
    expect(machine).toMatchObject({ stateMachineArn, name: 'runs', definition: PASS, roleArn: ROLE_ARN });
  });

  it('records a failing execution with its error and cause', async () => {
    const stateMachineArn = await createMachine('fails', FAIL);
    const started = await client.send(new StartExecutionCommand({ stateMachineArn }));
    const described = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(described).toMatchObject({ status: 'FAILED', error: 'Custom.Error', cause: 'it failed' });
  });

  it('pages the history forwards and in reverse, with the events as AWS shapes them', async () => {
    const stateMachineArn = await createMachine('history');
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: '{"value":1}' }));
    const all = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(all.events?.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(all.events?.[0]).toMatchObject({
      id: 1,
      previousEventId: 0,
      executionStartedEventDetails: { input: '{"value":1}', roleArn: ROLE_ARN },
    });
    expect(all.events?.[0]?.timestamp).toBeInstanceOf(Date);
    expect(all.events?.[3]).toMatchObject({
      id: 4,
      previousEventId: 3,
      executionSucceededEventDetails: { output: '{"got":1}' },
    });
    // The engine's own facts are stored beside the events and never reach the wire.
    expect(all.events?.every((event) => !Object.keys(event).includes('statefold'))).toBe(true);

    const first = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3 }));
    expect(first.events?.map((event) => event.id)).toEqual([1, 2, 3]);
    const second = await client.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 3, nextToken: first.nextToken }),
    );
    expect(second.events?.map((event) => event.id)).toEqual([4]);
    expect(second.nextToken).toBeUndefined();
    const reversed = await client.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, includeExecutionData: false }),
    );
    expect(reversed.events?.map((event) => event.id)).toEqual([4, 3, 2, 1]);
    expect(reversed.events?.[0]?.executionSucceededEventDetails?.output).toBeUndefined();
    await rejection(client.send(new GetExecutionHistoryCommand({ executionArn, nextToken: 'forged' })), InvalidToken);
  });

  it('stops a running execution and lists executions by status', async () => {
    const stateMachineArn = await createMachine('waits', LONG_WAIT);
    const waiting = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'stopped' }));
    const running = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'running' }));
    const stopped = await client.send(
      new StopExecutionCommand({ executionArn: waiting.executionArn, error: 'Operator', cause: 'stopped by the test' }),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const described = await client.send(new DescribeExecutionCommand({ executionArn: waiting.executionArn }));
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Operator', cause: 'stopped by the test' });

    const all = await client.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(all.executions?.map((item) => [item.name, item.status]).sort()).toEqual([
      ['running', 'RUNNING'],
      ['stopped', 'ABORTED'],
    ]);
    const open = await client.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING' }));
    expect(open.executions?.map((item) => item.executionArn)).toEqual([running.executionArn]);
    const page = await client.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1 }));
    expect(page.executions).toHaveLength(1);
    const rest = await client.send(
      new ListExecutionsCommand({ stateMachineArn, maxResults: 1, nextToken: page.nextToken }),
    );
    expect(rest.executions).toHaveLength(1);
    expect(rest.executions?.[0]?.name).not.toBe(page.executions?.[0]?.name);
    await client.send(new StopExecutionCommand({ executionArn: running.executionArn }));
  });

  it('answers StartExecution errors with the SDK exception of each code', async () => {
    const stateMachineArn = await createMachine('start-errors', LONG_WAIT);
    await client.send(new StartExecutionCommand({ stateMachineArn, name: 'once', input: '{}' }));
    // The same name and input while RUNNING is idempotent; another input is a conflict.
    await client.send(new StartExecutionCommand({ stateMachineArn, name: 'once', input: '{}' }));
    await rejection(
      client.send(new StartExecutionCommand({ stateMachineArn, name: 'once', input: '{"other":1}' })),
      ExecutionAlreadyExists,
    );
    await rejection(
      client.send(new StartExecutionCommand({ stateMachineArn, input: '{not json' })),
      InvalidExecutionInput,
    );
    await rejection(client.send(new StartExecutionCommand({ stateMachineArn, name: 'a/b' })), InvalidName);
    await rejection(client.send(new StartExecutionCommand({ stateMachineArn: MISSING_SM })), StateMachineDoesNotExist);
    await rejection(
      client.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:activity:x' })),
      InvalidArn,
    );
    await client.send(
      new StopExecutionCommand({ executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:once` }),
    );
  });

  it('answers ExecutionDoesNotExist and InvalidArn for every execution read and StopExecution', async () => {
    const missing = { executionArn: MISSING_EXECUTION };
    const bad = { executionArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:not-an-execution' };
    await rejection(client.send(new DescribeExecutionCommand(missing)), ExecutionDoesNotExist);
    await rejection(client.send(new DescribeExecutionCommand(bad)), InvalidArn);
    await rejection(client.send(new DescribeStateMachineForExecutionCommand(missing)), ExecutionDoesNotExist);
    await rejection(client.send(new DescribeStateMachineForExecutionCommand(bad)), InvalidArn);
    await rejection(client.send(new GetExecutionHistoryCommand(missing)), ExecutionDoesNotExist);
    await rejection(client.send(new GetExecutionHistoryCommand(bad)), InvalidArn);
    await rejection(client.send(new StopExecutionCommand(missing)), ExecutionDoesNotExist);
    await rejection(client.send(new StopExecutionCommand(bad)), InvalidArn);
    await rejection(client.send(new ListExecutionsCommand({ stateMachineArn: MISSING_SM })), StateMachineDoesNotExist);
    await rejection(client.send(new ListExecutionsCommand({ stateMachineArn: 'arn:nope' })), InvalidArn);
    const arn = await createMachine('list-token');
    await rejection(
      client.send(new ListExecutionsCommand({ stateMachineArn: arn, nextToken: 'forged' })),
      InvalidToken,
    );
  });

  it('keeps the server log free of internal failures', () => {
    expect(server.stderr()).toBe('');
  });
});
