import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import { isJsonObject } from '../data/index.js';
import { ExecutionDoesNotExist } from '../errors/index.js';
import { createServiceFixture } from '../testing/service-fixture.js';

// Task TimeoutSeconds/HeartbeatSeconds and their Path forms, the execution's own TimeoutSeconds,
// and StopExecution.

const FN_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:slow';

function slowLambda() {
  const f = createServiceFixture(memoryStore());
  f.lambda.register('slow', () => 'late');
  f.lambda.hold('slow');
  return f;
}

describe('a Task TimeoutSeconds', () => {
  it('times out an in-flight Lambda call with States.Timeout and cancels the call', async () => {
    const f = slowLambda();
    const arn = await f.run({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: FN_ARN, TimeoutSeconds: 10, End: true } },
    });
    await f.clock.advance(9_999);
    expect((await f.describe(arn)).status).toBe('RUNNING');
    await f.clock.advance(1);
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'LambdaFunctionScheduled'],
      [4, 3, 'LambdaFunctionStarted'],
      [5, 4, 'LambdaFunctionTimedOut'],
      [6, 5, 'ExecutionFailed'],
    ]);
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(f.lambda.release('slow', 'too late')).toBe(1);
    await f.clock.settle();
    expect(await f.types(arn)).toHaveLength(6);
  });

  it('records and applies literal limits on a Task entered in the same step as the state before it', async () => {
    // Pass then Task in one macrostep: the Task's input is the text the Pass just wrote, passed on as it is.
    const f = createServiceFixture(memoryStore(), {
      services: { 'arn:aws:states:::sns:publish': () => new Promise(() => f.clock.parkNextWork()) },
    });
    const arn = await f.run({
      StartAt: 'P',
      States: {
        P: { Type: 'Pass', Result: { n: 1 }, Next: 'T' },
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sns:publish',
          TimeoutSeconds: 30,
          HeartbeatSeconds: 10,
          End: true,
        },
      },
    });
    const scheduled = (await f.history(arn)).find((event) => event.type === 'TaskScheduled');
    expect(scheduled).toMatchObject({
      taskScheduledEventDetails: {
        resourceType: 'sns',
        resource: 'publish',
        parameters: '{"n":1}',
        timeoutInSeconds: 30,
        heartbeatInSeconds: 10,
      },
    });
    await f.clock.advance(10_000);
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
  });

  it('aborts the signal of a service call it cut short, and not that of a call that answered', async () => {
    const signals = new Map<string, AbortSignal>();
    const f = createServiceFixture(memoryStore(), {
      services: {
        'arn:aws:states:::sns:publish': ({ parameters, signal }) => {
          const name = isJsonObject(parameters) ? String(parameters['Call']) : '';
          signals.set(name, signal);
          if (name === 'fast') return Promise.resolve({ ok: true, output: {} });
          // Held open until aborted: the clock must not wait for it.
          f.clock.parkNextWork();
          return new Promise((resolve) => {
            signal.addEventListener('abort', () => resolve({ ok: false, error: 'Aborted', cause: 'aborted' }));
          });
        },
      },
    });
    const machine = await f.createStateMachine({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sns:publish',
          Parameters: { 'Call.$': '$.call' },
          TimeoutSeconds: 10,
          End: true,
        },
      },
    });
    const fast = await f.start(machine, { call: 'fast' });
    expect((await f.describe(fast)).status).toBe('SUCCEEDED');
    const slow = await f.start(machine, { call: 'slow' });
    expect(signals.get('slow')?.aborted).toBe(false);
    await f.clock.advance(10_000);
    expect(await f.describe(slow)).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(signals.get('slow')?.aborted).toBe(true);
    expect(signals.get('fast')?.aborted).toBe(false);
  });

  it('reads TimeoutSecondsPath and HeartbeatSecondsPath from the effective input', async () => {
    const f = createServiceFixture(memoryStore());
    await f.sfn.createActivity({ name: 'a' });
    const arn = await f.run(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:states:us-east-1:123456789012:activity:a',
            TimeoutSecondsPath: '$.limits.timeout',
            HeartbeatSecondsPath: '$.limits.heartbeat',
            End: true,
          },
        },
      },
      { limits: { timeout: 120, heartbeat: 30 } },
    );
    expect((await f.event(arn, 'ActivityScheduled')).activityScheduledEventDetails).toMatchObject({
      timeoutInSeconds: 120,
      heartbeatInSeconds: 30,
    });
    await f.clock.advance(120_000);
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });

  it('fails with States.Runtime when TimeoutSecondsPath does not select a positive integer', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: FN_ARN, TimeoutSecondsPath: '$.t', End: true } } },
      { t: 0 },
    );
    expect(await f.describe(arn)).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause:
        "An error occurred while executing the state 'T' (entered at the event id #2). The TimeoutSecondsPath parameter does not reference a positive integer value: $.t == 0",
    });
    expect(await f.types(arn)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'ExecutionFailed']);
    expect(f.lambda.calls).toEqual([]);
  });

  it('lets Catch handle States.Timeout, and States.HeartbeatTimeout through States.Timeout', async () => {
    const f = createServiceFixture(memoryStore());
    await f.sfn.createActivity({ name: 'a' });
    const arn = await f.run({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:us-east-1:123456789012:activity:a',
          HeartbeatSeconds: 5,
          Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.caught', Next: 'Handled' }],
          End: true,
        },
        Handled: { Type: 'Pass', End: true },
      },
    });
    await f.sfn.getActivityTask({ activityArn: 'arn:aws:states:us-east-1:123456789012:activity:a' });
    await f.clock.advance(5_000);
    expect(await f.describe(arn)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"caught":{"Error":"States.HeartbeatTimeout"}}',
    });
  });
});

describe('the execution TimeoutSeconds', () => {
  it('ends a running execution as TIMED_OUT, aborting the state it is in', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run({
      TimeoutSeconds: 60,
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    await f.clock.advance(59_999);
    expect((await f.describe(arn)).status).toBe('RUNNING');
    await f.clock.advance(1);
    const described = await f.describe(arn);
    expect(described).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(described.stopDate).toEqual(new Date('2024-01-01T00:01:00.000Z'));
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'WaitStateEntered'],
      [3, 2, 'WaitStateAborted'],
      [4, 3, 'ExecutionTimedOut'],
    ]);
    await f.clock.advance(3_600_000);
    expect(await f.types(arn)).toHaveLength(4);
    expect(f.clock.pendingTimers).toBe(0);
  });

  it('does not fire once the execution has finished', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run({
      TimeoutSeconds: 60,
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 30, End: true } },
    });
    await f.clock.advance(120_000);
    expect((await f.describe(arn)).status).toBe('SUCCEEDED');
    expect(f.clock.pendingTimers).toBe(0);
  });
});

describe('StopExecution', () => {
  it('aborts the execution with its error and cause, and the pending Wait with WaitStateAborted', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } });
    await f.clock.advance(1000);
    expect(await f.sfn.stopExecution({ executionArn: arn, error: 'Operator.Stop', cause: 'no longer needed' })).toEqual(
      {
        stopDate: new Date('2024-01-01T00:00:01.000Z'),
      },
    );
    expect(await f.describe(arn)).toMatchObject({
      status: 'ABORTED',
      error: 'Operator.Stop',
      cause: 'no longer needed',
    });
    const history = await f.history(arn);
    expect(history.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'WaitStateEntered'],
      [3, 2, 'WaitStateAborted'],
      [4, 3, 'ExecutionAborted'],
    ]);
    expect(history[3]).toMatchObject({
      executionAbortedEventDetails: { error: 'Operator.Stop', cause: 'no longer needed' },
    });
    expect(f.clock.pendingTimers).toBe(0);
  });

  it('aborts a pending activity task: it is no longer handed out and its token is stale', async () => {
    const f = createServiceFixture(memoryStore());
    await f.sfn.createActivity({ name: 'a' });
    const activityArn = 'arn:aws:states:us-east-1:123456789012:activity:a';
    const arn = await f.run({ StartAt: 'T', States: { T: { Type: 'Task', Resource: activityArn, End: true } } });
    const taskToken = await f.taskToken(arn);
    await f.sfn.stopExecution({ executionArn: arn });
    expect(await f.types(arn)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'ActivityScheduled',
      'TaskStateAborted',
      'ExecutionAborted',
    ]);
    expect((await f.event(arn, 'ExecutionAborted')).executionAbortedEventDetails).toEqual({});
    await expect(f.sfn.sendTaskSuccess({ taskToken, output: '{}' })).rejects.toThrow(/Task/);
    const armed = f.clock.nextTimer();
    const poll = f.sfn.getActivityTask({ activityArn });
    await armed;
    await f.clock.advance(60_000);
    expect(await poll).toEqual({});
  });

  it('cancels an in-flight Lambda call', async () => {
    const f = slowLambda();
    const arn = await f.run({ StartAt: 'T', States: { T: { Type: 'Task', Resource: FN_ARN, End: true } } });
    await f.sfn.stopExecution({ executionArn: arn, cause: 'stop' });
    expect(await f.types(arn)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'TaskStateAborted',
      'ExecutionAborted',
    ]);
    expect(f.lambda.release('slow', 'ignored')).toBe(1);
    await f.clock.settle();
    expect((await f.describe(arn)).status).toBe('ABORTED');
    expect(f.errors).toEqual([]);
  });

  it('aborts every branch of a running Parallel, innermost first', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'W1', States: { W1: { Type: 'Wait', Seconds: 100, End: true } } },
            { StartAt: 'W2', States: { W2: { Type: 'Wait', Seconds: 200, End: true } } },
          ],
        },
      },
    });
    await f.sfn.stopExecution({ executionArn: arn });
    expect(await f.types(arn)).toEqual([
      'ExecutionStarted',
      'ParallelStateEntered',
      'ParallelStateStarted',
      'WaitStateEntered',
      'WaitStateEntered',
      'WaitStateAborted',
      'WaitStateAborted',
      'ParallelStateAborted',
      'ExecutionAborted',
    ]);
    await f.clock.advance(300_000);
    expect((await f.describe(arn)).status).toBe('ABORTED');
    expect(f.clock.pendingTimers).toBe(0);
  });

  it('leaves a finished execution as it is and answers a missing one with ExecutionDoesNotExist', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const stopDate = (await f.describe(arn)).stopDate;
    await f.clock.advance(5000);
    expect(await f.sfn.stopExecution({ executionArn: arn })).toEqual({ stopDate });
    expect((await f.describe(arn)).status).toBe('SUCCEEDED');
    await expect(f.sfn.stopExecution({ executionArn: `${arn}-missing` })).rejects.toThrow(ExecutionDoesNotExist);
  });
});
