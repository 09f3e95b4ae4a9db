import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ExecutionLimitExceeded,
  InvalidArn,
  InvalidExecutionInput,
  InvalidName,
  StateMachineDoesNotExist,
  ValidationException,
} from '../errors/index.js';
import type { StartExecutionInput } from './api-types.js';
import {
  createServiceFixture,
  PASS_DEFINITION,
  ROLE_ARN,
  WAIT_HOUR_DEFINITION,
  type ServiceFixture,
} from '../testing/service-fixture.js';

const SM_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:hello';
const EXEC_PREFIX = 'arn:aws:states:us-east-1:123456789012:execution:hello';
const WAIT_DEFINITION = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, End: true } } });

// Executions of `hello` wait an hour; those of `quick` succeed at once.
const QUICK_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:quick';

async function withStateMachine(limits?: { maxOpenExecutions: number }): Promise<ServiceFixture> {
  const fixture = createServiceFixture(memoryStore(), limits === undefined ? {} : { limits });
  await fixture.sfn.createStateMachine({ name: 'hello', definition: WAIT_HOUR_DEFINITION, roleArn: ROLE_ARN });
  await fixture.sfn.createStateMachine({ name: 'quick', definition: PASS_DEFINITION, roleArn: ROLE_ARN });
  return fixture;
}

describe('StartExecution', () => {
  it('starts an execution under its name that DescribeExecution reports as RUNNING', async () => {
    const { sfn, clock } = await withStateMachine();
    await clock.advance(5000);
    const started = await sfn.startExecution({
      stateMachineArn: SM_ARN,
      name: 'run-1',
      input: '{"a": 1}',
      traceHeader: 'Root=1',
    });
    expect(started).toEqual({ executionArn: `${EXEC_PREFIX}:run-1`, startDate: new Date('2024-01-01T00:00:05.000Z') });
    expect(await sfn.describeExecution({ executionArn: started.executionArn })).toEqual({
      executionArn: started.executionArn,
      stateMachineArn: SM_ARN,
      name: 'run-1',
      status: 'RUNNING',
      startDate: started.startDate,
      input: '{"a": 1}',
      inputDetails: { included: true },
      traceHeader: 'Root=1',
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is RUNNING and cannot be redriven',
    });
  });

  it('names an unnamed execution with a fresh UUID and gives it {} as input', async () => {
    const { sfn } = await withStateMachine();
    const { executionArn } = await sfn.startExecution({ stateMachineArn: SM_ARN });
    expect(executionArn).toBe(`${EXEC_PREFIX}:00000000-0000-4000-8000-000000000003`);
    expect((await sfn.describeExecution({ executionArn })).input).toBe('{}');
  });

  it('returns the running execution again for the same name and input', async () => {
    const { sfn, clock } = await withStateMachine();
    const first = await sfn.startExecution({ stateMachineArn: SM_ARN, name: 'same', input: '{}' });
    await clock.advance(1000);
    expect(await sfn.startExecution({ stateMachineArn: SM_ARN, name: 'same', input: '{}' })).toEqual(first);
  });

  it('rejects the name of a running execution with other input as ExecutionAlreadyExists', async () => {
    const { sfn } = await withStateMachine();
    const { executionArn } = await sfn.startExecution({ stateMachineArn: SM_ARN, name: 'same', input: '{}' });
    await expect(sfn.startExecution({ stateMachineArn: SM_ARN, name: 'same', input: '{"x":1}' })).rejects.toThrow(
      new ExecutionAlreadyExists(executionArn, `Execution Already Exists: '${executionArn}'`),
    );
  });

  it('rejects the name of a finished execution as ExecutionAlreadyExists, whatever the input', async () => {
    const { sfn } = await withStateMachine();
    await sfn.startExecution({ stateMachineArn: QUICK_ARN, name: 'done', input: '{}' });
    await expect(sfn.startExecution({ stateMachineArn: QUICK_ARN, name: 'done', input: '{}' })).rejects.toThrow(
      ExecutionAlreadyExists,
    );
  });

  it('answers two simultaneous starts of one name as one execution, and refuses the second input', async () => {
    const { sfn, store } = await withStateMachine();
    const input: StartExecutionInput = { stateMachineArn: SM_ARN, name: 'raced', input: '{}' };
    const [first, second] = await Promise.all([sfn.startExecution(input), sfn.startExecution(input)]);
    expect(second).toEqual(first);
    expect(
      (await store.readEvents(first.executionArn)).filter(({ event }) => event.type === 'ExecutionStarted'),
    ).toHaveLength(1);

    const results = await Promise.allSettled([
      sfn.startExecution({ ...input, name: 'raced-2' }),
      sfn.startExecution({ ...input, name: 'raced-2', input: '{"other":true}' }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((result) => result.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(ExecutionAlreadyExists);
  });

  it.each([
    [{ stateMachineArn: 'not-an-arn' }, new InvalidArn("Invalid Arn: 'Invalid ARN prefix: not-an-arn'")],
    [
      { stateMachineArn: `${EXEC_PREFIX}:x` },
      new InvalidArn("Invalid Arn: 'Resource type not valid in this context: execution'"),
    ],
    [{ stateMachineArn: `${SM_ARN}-missing` }, new StateMachineDoesNotExist(`${SM_ARN}-missing`)],
    [{ stateMachineArn: SM_ARN, name: 'a b' }, new InvalidName('a b', "Invalid Name: 'a b'")],
    [
      { stateMachineArn: SM_ARN, name: 'n'.repeat(81) },
      new ValidationException(
        `1 validation error detected: Value '${'n'.repeat(81)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`,
      ),
    ],
    [
      { stateMachineArn: SM_ARN, input: `"${'a'.repeat(262_143)}"` },
      new ValidationException(
        "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have size less than or equal to 262144 bytes in UTF-8 encoding",
      ),
    ],
    [
      { name: 'n' },
      new ValidationException(
        "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null",
      ),
    ],
    [
      { stateMachineArn: `${SM_ARN}-missing`, name: 'a b', input: '{' },
      new StateMachineDoesNotExist(`${SM_ARN}-missing`),
    ],
  ])('rejects %#', async (input, error) => {
    const { sfn } = await withStateMachine();
    await expect(sfn.startExecution(input as StartExecutionInput)).rejects.toThrow(error);
  });

  it('rejects input that is not JSON as InvalidExecutionInput', async () => {
    const { sfn } = await withStateMachine();
    const attempt = sfn.startExecution({ stateMachineArn: SM_ARN, input: '{"a":' });
    await expect(attempt).rejects.toThrow(InvalidExecutionInput);
    await expect(attempt).rejects.toThrow(/^Invalid State Machine Execution Input: '/);
  });

  it('refuses executions beyond the configured limit of open executions', async () => {
    const { sfn } = await withStateMachine({ maxOpenExecutions: 1 });
    await sfn.startExecution({ stateMachineArn: SM_ARN, name: 'one' });
    await expect(sfn.startExecution({ stateMachineArn: SM_ARN, name: 'two' })).rejects.toThrow(ExecutionLimitExceeded);
  });

  it('refuses a deleted state machine while its running execution stays describable', async () => {
    const { sfn } = await withStateMachine();
    const { executionArn } = await sfn.startExecution({ stateMachineArn: SM_ARN, name: 'before' });
    await sfn.deleteStateMachine({ stateMachineArn: SM_ARN });
    await expect(sfn.startExecution({ stateMachineArn: SM_ARN })).rejects.toThrow(StateMachineDoesNotExist);
    expect((await sfn.describeExecution({ executionArn })).status).toBe('RUNNING');
  });
});

describe('DescribeExecution', () => {
  it('reports the output and stop date of a finished execution, and leaves data out for METADATA_ONLY', async () => {
    const { sfn, clock } = await withStateMachine();
    const { executionArn } = await sfn.startExecution({ stateMachineArn: SM_ARN, name: 'r', input: '{"ok":true}' });
    await clock.advance(3_600_000);
    const described = await sfn.describeExecution({ executionArn });
    expect(described).toMatchObject({ status: 'SUCCEEDED', output: '{"ok":true}', outputDetails: { included: true } });
    expect(described.stopDate).toEqual(new Date('2024-01-01T01:00:00.000Z'));
    const metadata = await sfn.describeExecution({ executionArn, includedData: 'METADATA_ONLY' });
    expect(metadata).not.toHaveProperty('input');
    expect(metadata).not.toHaveProperty('output');
  });

  it.each([
    [
      `${EXEC_PREFIX}:missing`,
      new ExecutionDoesNotExist(`${EXEC_PREFIX}:missing`, `Execution Does Not Exist: '${EXEC_PREFIX}:missing'`),
    ],
    [SM_ARN, new InvalidArn("Invalid Arn: 'Resource type not valid in this context: stateMachine'")],
    ['x', new InvalidArn("Invalid Arn: 'Invalid ARN prefix: x'")],
  ])('answers %s with %s', async (executionArn, error) => {
    const { sfn } = await withStateMachine();
    await expect(sfn.describeExecution({ executionArn })).rejects.toThrow(error);
  });
});

describe('StopExecution', () => {
  it('aborts the execution with the error and cause and returns the stop date', async () => {
    const { sfn, clock } = await withStateMachine();
    const { executionArn } = await sfn.startExecution({ stateMachineArn: SM_ARN, name: 'r' });
    await clock.advance(3000);
    expect(await sfn.stopExecution({ executionArn, error: 'E', cause: 'C' })).toEqual({
      stopDate: new Date('2024-01-01T00:00:03.000Z'),
    });
    expect(await sfn.describeExecution({ executionArn })).toMatchObject({ status: 'ABORTED', error: 'E', cause: 'C' });
  });

  it.each([
    [{ executionArn: `${EXEC_PREFIX}:missing` }, ExecutionDoesNotExist],
    [{ executionArn: SM_ARN }, InvalidArn],
    [{ executionArn: `${EXEC_PREFIX}:r`, error: 'e'.repeat(257) }, ValidationException],
    [{ executionArn: `${EXEC_PREFIX}:r`, cause: 'c'.repeat(32_769) }, ValidationException],
  ])('rejects %j', async (input, error) => {
    const { sfn } = await withStateMachine();
    await expect(sfn.stopExecution(input)).rejects.toThrow(error);
  });
});

describe('DescribeStateMachineForExecution', () => {
  it('returns the revision the execution started with, after an update and after deletion', async () => {
    const { sfn, clock } = await withStateMachine();
    const { executionArn } = await sfn.startExecution({ stateMachineArn: SM_ARN, name: 'old' });
    await clock.advance(1000);
    const { revisionId } = await sfn.updateStateMachine({ stateMachineArn: SM_ARN, definition: WAIT_DEFINITION });
    const started = await sfn.startExecution({ stateMachineArn: SM_ARN, name: 'new' });

    const before = await sfn.describeStateMachineForExecution({ executionArn });
    expect(before).toMatchObject({
      stateMachineArn: SM_ARN,
      name: 'hello',
      definition: WAIT_HOUR_DEFINITION,
      roleArn: ROLE_ARN,
    });
    expect(before.updateDate).toEqual(new Date('2024-01-01T00:00:00.000Z'));
    const after = await sfn.describeStateMachineForExecution({ executionArn: started.executionArn });
    expect(after).toMatchObject({
      definition: WAIT_DEFINITION,
      revisionId,
      updateDate: new Date('2024-01-01T00:00:01.000Z'),
    });

    await sfn.deleteStateMachine({ stateMachineArn: SM_ARN });
    expect((await sfn.describeStateMachineForExecution({ executionArn })).definition).toBe(WAIT_HOUR_DEFINITION);
  });

  it('runs each execution with the revision it started with: an update and a deletion change only new executions', async () => {
    const { sfn, clock } = await withStateMachine();
    const { executionArn: old } = await sfn.startExecution({ stateMachineArn: SM_ARN, name: 'old' });
    await sfn.updateStateMachine({ stateMachineArn: SM_ARN, definition: WAIT_DEFINITION });
    const { executionArn: updated } = await sfn.startExecution({ stateMachineArn: SM_ARN, name: 'new' });
    await sfn.deleteStateMachine({ stateMachineArn: SM_ARN });
    await clock.advance(1000);
    expect((await sfn.describeExecution({ executionArn: updated })).status).toBe('SUCCEEDED');
    expect((await sfn.describeExecution({ executionArn: old })).status).toBe('RUNNING');
    await clock.advance(3_599_000);
    expect((await sfn.describeExecution({ executionArn: old })).status).toBe('SUCCEEDED');
  });

  it('answers a missing execution with ExecutionDoesNotExist and a wrong ARN with InvalidArn', async () => {
    const { sfn } = await withStateMachine();
    await expect(sfn.describeStateMachineForExecution({ executionArn: `${EXEC_PREFIX}:nope` })).rejects.toThrow(
      ExecutionDoesNotExist,
    );
    await expect(sfn.describeStateMachineForExecution({ executionArn: SM_ARN })).rejects.toThrow(InvalidArn);
  });
});
