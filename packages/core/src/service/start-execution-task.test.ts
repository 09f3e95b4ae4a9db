import { describe, expect, it } from 'vitest';
import { memoryStore } from '../store/index.js';
import { createServiceFixture, type ServiceFixture } from '../testing/service-fixture.js';

// Nested executions (`arn:aws:states:::states:startExecution[.sync|.sync:2|.waitForTaskToken]`)
// run on the same StepFunctions: the child is a real execution in the same store.

const CHILD_ECHO = {
  StartAt: 'Echo',
  States: {
    Echo: {
      Type: 'Pass',
      Parameters: { 'got.$': '$.value', 'by.$': '$.AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID' },
      End: true,
    },
  },
};
const CHILD_WAIT = {
  StartAt: 'W',
  States: { W: { Type: 'Wait', Seconds: 60, Next: 'Done' }, Done: { Type: 'Pass', Result: 'late', End: true } },
};
const CHILD_FAIL = { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Child.Broke', Cause: 'on purpose' } } };

function parent(resource: string, childArn: string, extra: object = {}) {
  return {
    StartAt: 'Run',
    States: {
      Run: {
        Type: 'Task',
        Resource: `arn:aws:states:::states:${resource}`,
        Parameters: {
          StateMachineArn: childArn,
          Input: { 'value.$': '$.value', 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' },
        },
        End: true,
        ...extra,
      },
    },
  };
}

/** The child's ARN, from the start answer the parent recorded (TaskSubmitted, or TaskSucceeded without a wait). */
async function childOf(f: ServiceFixture, parentArn: string): Promise<string> {
  let output = '{}';
  for (const event of await f.history(parentArn)) {
    if (event.type === 'TaskSubmitted') output = event.taskSubmittedEventDetails.output ?? output;
    if (event.type === 'TaskSucceeded' && output === '{}') output = event.taskSucceededEventDetails.output ?? output;
  }
  return (JSON.parse(output) as { ExecutionArn: string }).ExecutionArn;
}

describe('states:startExecution.sync:2', () => {
  it('records TaskSubmitted with the start answer and succeeds with the child as JSON', async () => {
    const f = createServiceFixture(memoryStore());
    const child = await f.createStateMachine(CHILD_ECHO, 'child');
    const parentArn = await f.run(parent('startExecution.sync:2', child), { value: 7 });
    expect(await f.types(parentArn)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    const history = await f.history(parentArn);
    const event = history[4];
    const submitted = JSON.parse(
      event?.type === 'TaskSubmitted' ? (event.taskSubmittedEventDetails.output ?? '') : '',
    ) as Record<string, unknown>;
    expect(Object.keys(submitted)).toEqual(['ExecutionArn', 'SdkHttpMetadata', 'SdkResponseMetadata', 'StartDate']);
    expect(submitted['StartDate']).toBe(Date.parse('2024-01-01T00:00:00Z'));
    const childArn = submitted['ExecutionArn'] as string;
    expect(JSON.parse((await f.describe(childArn)).input ?? '')).toEqual({
      value: 7,
      AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: parentArn,
    });
    const output = JSON.parse((await f.describe(parentArn)).output ?? '') as Record<string, unknown>;
    expect(output).toEqual({
      ExecutionArn: childArn,
      Input: { value: 7, AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: parentArn },
      InputDetails: { Included: true },
      Name: childArn.split(':').at(-1),
      Output: { got: 7, by: parentArn },
      OutputDetails: { Included: true },
      RedriveCount: 0,
      RedriveStatus: 'NOT_REDRIVABLE',
      RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
      StartDate: Date.parse('2024-01-01T00:00:00Z'),
      StateMachineArn: child,
      Status: 'SUCCEEDED',
      StopDate: Date.parse('2024-01-01T00:00:00Z'),
    });
    expect(f.errors).toEqual([]);
  });

  it('gives .sync the child input and output as JSON text', async () => {
    const f = createServiceFixture(memoryStore());
    const child = await f.createStateMachine(CHILD_ECHO, 'child');
    const parentArn = await f.run(parent('startExecution.sync', child), { value: 'x' });
    const output = JSON.parse((await f.describe(parentArn)).output ?? '') as Record<string, unknown>;
    expect(output['Output']).toBe(JSON.stringify({ got: 'x', by: parentArn }));
    expect(typeof output['Input']).toBe('string');
  });

  it('waits for a child that waits, and fails with States.TaskFailed when the child fails', async () => {
    const f = createServiceFixture(memoryStore());
    const waiting = await f.createStateMachine(CHILD_WAIT, 'waiting');
    const parentArn = await f.run(parent('startExecution.sync:2', waiting), { value: 1 });
    expect((await f.describe(parentArn)).status).toBe('RUNNING');
    await f.clock.advance(60_000);
    expect(JSON.parse((await f.describe(parentArn)).output ?? '')).toMatchObject({
      Output: 'late',
      Status: 'SUCCEEDED',
    });

    const failing = await f.createStateMachine(CHILD_FAIL, 'failing');
    const failedArn = await f.run(parent('startExecution.sync:2', failing), { value: 1 });
    const failed = await f.describe(failedArn);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
    expect(JSON.parse(failed.cause ?? '')).toMatchObject({
      Cause: 'on purpose',
      Error: 'Child.Broke',
      RedriveStatus: 'REDRIVABLE',
      Status: 'FAILED',
    });
    expect(f.errors).toEqual([]);
  });

  it('stops the child when the parent is stopped', async () => {
    const f = createServiceFixture(memoryStore());
    const waiting = await f.createStateMachine(CHILD_WAIT, 'waiting');
    const parentArn = await f.run(parent('startExecution.sync:2', waiting), { value: 1 });
    const childArn = await childOf(f, parentArn);
    await f.sfn.stopExecution({ executionArn: parentArn });
    await f.clock.settle();
    expect((await f.describe(parentArn)).status).toBe('ABORTED');
    expect((await f.describe(childArn)).status).toBe('ABORTED');
  });

  it('stops the child when the task times out', async () => {
    const f = createServiceFixture(memoryStore());
    const waiting = await f.createStateMachine(CHILD_WAIT, 'waiting');
    const parentArn = await f.run(parent('startExecution.sync', waiting, { TimeoutSeconds: 10 }), { value: 1 });
    const childArn = await childOf(f, parentArn);
    await f.clock.advance(10_000);
    expect(await f.describe(parentArn)).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect((await f.describe(childArn)).status).toBe('ABORTED');
  });

  it('resumes the wait for the child from the histories after a restart', async () => {
    const store = memoryStore();
    const before = createServiceFixture(store);
    const waiting = await before.createStateMachine(CHILD_WAIT, 'waiting');
    const parentArn = await before.run(parent('startExecution.sync:2', waiting), { value: 1 });
    const childArn = await childOf(before, parentArn);
    await before.sfn.close();
    expect((await before.describe(childArn)).status).toBe('RUNNING');

    const after = createServiceFixture(store, { clock: before.clock, uuidPrefix: '11111111' });
    await after.sfn.recover();
    await after.clock.advance(60_000);
    expect(JSON.parse((await after.describe(parentArn)).output ?? '')).toMatchObject({
      ExecutionArn: childArn,
      Output: 'late',
    });
    expect((await after.types(parentArn)).filter((type) => type === 'TaskSubmitted')).toHaveLength(1);
    expect(after.errors).toEqual([]);
    await after.sfn.close();
  });
});

describe('states:startExecution', () => {
  it('succeeds with the start answer at once and leaves the child running', async () => {
    const f = createServiceFixture(memoryStore());
    const waiting = await f.createStateMachine(CHILD_WAIT, 'waiting');
    const parentArn = await f.run(parent('startExecution', waiting), { value: 1 });
    expect(await f.types(parentArn)).not.toContain('TaskSubmitted');
    const childArn = await childOf(f, parentArn);
    expect((await f.describe(parentArn)).status).toBe('SUCCEEDED');
    expect((await f.describe(childArn)).status).toBe('RUNNING');
  });

  it('fails with StepFunctions.<code> and the API message when the start is refused', async () => {
    const f = createServiceFixture(memoryStore());
    const missing = 'arn:aws:states:us-east-1:123456789012:stateMachine:nowhere';
    const parentArn = await f.run(parent('startExecution', missing), { value: 1 });
    const described = await f.describe(parentArn);
    expect(described).toMatchObject({ status: 'FAILED', error: 'StepFunctions.StateMachineDoesNotExist' });
    expect(described.cause).toMatch(
      /^State Machine Does Not Exist: '.*nowhere' \(Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist; Request ID: .*; Proxy: null\)$/,
    );
  });
});

describe('states:startExecution.waitForTaskToken', () => {
  it('waits for the token the child sends back', async () => {
    const f = createServiceFixture(memoryStore());
    const child = await f.createStateMachine(
      { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 5, End: true } } },
      'child',
    );
    const definition = {
      StartAt: 'Run',
      States: {
        Run: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.waitForTaskToken',
          Parameters: { StateMachineArn: child, Input: { 'token.$': '$$.Task.Token' } },
          End: true,
        },
      },
    };
    const parentArn = await f.run(definition);
    const childArn = await childOf(f, parentArn);
    const { token } = JSON.parse((await f.describe(childArn)).input ?? '') as { token: string };
    await f.clock.advance(5_000);
    expect((await f.describe(parentArn)).status).toBe('RUNNING');
    await f.sfn.sendTaskSuccess({ taskToken: token, output: '{"back":true}' });
    expect(await f.describe(parentArn)).toMatchObject({ status: 'SUCCEEDED', output: '{"back":true}' });
  });
});

describe('a StepFunctions given its own startExecution handler', () => {
  it('uses the embedder’s handler instead of starting a child', async () => {
    const f = createServiceFixture(memoryStore(), {
      services: { 'arn:aws:states:::states:startExecution': async () => ({ ok: true, output: { routed: true } }) },
    });
    const parentArn = await f.run(parent('startExecution', 'arn:aws:states:us-east-1:123456789012:stateMachine:x'), {
      value: 1,
    });
    expect(await f.describe(parentArn)).toMatchObject({ status: 'SUCCEEDED', output: '{"routed":true}' });
  });
});
