import { memoryStore } from '../../store/index.js';
import { describe, expect, it } from 'vitest';
import { createServiceFixture } from '../../testing/service-fixture.js';

// End-to-end scenarios through StepFunctions on the memory store: each asserts the whole history
// as [id, previousEventId, type], the way GetExecutionHistory answers it.

const ACTIVITY_ARN = 'arn:aws:states:us-east-1:123456789012:activity:worker';
const FLAKY_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:flaky';

const RETRY_THEN_CATCH = {
  StartAt: 'Charge',
  States: {
    Charge: {
      Type: 'Task',
      Resource: FLAKY_ARN,
      Retry: [{ ErrorEquals: ['Payment.Declined'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Refund' }],
      Next: 'Done',
    },
    Refund: { Type: 'Pass', Result: 'refunded', ResultPath: '$.refund', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

const PARALLEL_WITH_FAILING_BRANCH = {
  StartAt: 'Fan out',
  States: {
    'Fan out': {
      Type: 'Parallel',
      Next: 'Unreached',
      Branches: [
        { StartAt: 'Long wait', States: { 'Long wait': { Type: 'Wait', Seconds: 100, End: true } } },
        {
          StartAt: 'Check',
          States: {
            Check: { Type: 'Pass', Next: 'Broken' },
            Broken: { Type: 'Fail', Error: 'Branch.Broken', Cause: 'bad' },
          },
        },
      ],
    },
    Unreached: { Type: 'Succeed' },
  },
};

const MAP_WITH_TOLERATED_FAILURES = {
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemsPath: '$.orders',
      MaxConcurrency: 1,
      ToleratedFailureCount: 1,
      ItemProcessor: {
        StartAt: 'Valid?',
        States: {
          'Valid?': {
            Type: 'Choice',
            Choices: [{ Variable: '$.valid', BooleanEquals: true, Next: 'Accept' }],
            Default: 'Reject',
          },
          Accept: { Type: 'Pass', End: true },
          Reject: { Type: 'Fail', Error: 'Order.Invalid' },
        },
      },
      End: true,
    },
  },
};

const CALLBACK_WITH_HEARTBEAT = {
  StartAt: 'Ask',
  States: {
    Ask: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: { QueueUrl: 'q', MessageBody: { 'token.$': '$$.Task.Token' } },
      HeartbeatSeconds: 30,
      Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], ResultPath: '$.timeout', Next: 'Gave up' }],
      End: true,
    },
    'Gave up': { Type: 'Pass', End: true },
  },
};

const ACTIVITY_WORKER = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Parameters: { 'job.$': '$.id' }, Next: 'Work' },
    Work: { Type: 'Task', Resource: ACTIVITY_ARN, HeartbeatSeconds: 60, ResultPath: '$.result', End: true },
  },
};

const WAIT_THEN_PASS = {
  StartAt: 'Hold',
  States: { Hold: { Type: 'Wait', Seconds: 3600, Next: 'After' }, After: { Type: 'Pass', End: true } },
};

const EXECUTION_TIMEOUT = {
  TimeoutSeconds: 30,
  StartAt: 'Work',
  States: { Work: { Type: 'Task', Resource: ACTIVITY_ARN, End: true } },
};

const NESTED_MAP_IN_PARALLEL = {
  StartAt: 'Both',
  States: {
    Both: {
      Type: 'Parallel',
      End: true,
      Branches: [
        {
          StartAt: 'Items',
          States: {
            Items: {
              Type: 'Map',
              ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
              End: true,
            },
          },
        },
        { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } },
      ],
    },
  },
};

describe('end-to-end scenarios', () => {
  it('retry then catch: two retries with backoff, then the Catch takes over', async () => {
    const f = createServiceFixture(memoryStore());
    f.lambda.register('flaky', () => {
      const error = new Error('card declined');
      error.name = 'Payment.Declined';
      throw error;
    });
    const arn = await f.run(RETRY_THEN_CATCH, { order: 1 });
    await f.clock.advance(1_000);
    await f.clock.advance(2_000);
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'LambdaFunctionScheduled'],
      [4, 3, 'LambdaFunctionStarted'],
      [5, 4, 'LambdaFunctionFailed'],
      [6, 5, 'LambdaFunctionScheduled'],
      [7, 6, 'LambdaFunctionStarted'],
      [8, 7, 'LambdaFunctionFailed'],
      [9, 8, 'LambdaFunctionScheduled'],
      [10, 9, 'LambdaFunctionStarted'],
      [11, 10, 'LambdaFunctionFailed'],
      [12, 11, 'TaskStateExited'],
      [13, 12, 'PassStateEntered'],
      [14, 13, 'PassStateExited'],
      [15, 14, 'SucceedStateEntered'],
      [16, 15, 'SucceedStateExited'],
      [17, 16, 'ExecutionSucceeded'],
    ]);
    const history = await f.history(arn);
    expect(history[5]?.timestamp).toEqual(new Date('2024-01-01T00:00:01.000Z'));
    expect(history[8]?.timestamp).toEqual(new Date('2024-01-01T00:00:03.000Z'));
    const output = JSON.parse((await f.describe(arn)).output ?? '');
    expect(output).toMatchObject({ order: 1, error: { Error: 'Payment.Declined' }, refund: 'refunded' });
  });

  it('parallel with a failing branch: the running branch is aborted and the execution fails', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(PARALLEL_WITH_FAILING_BRANCH, {});
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'ParallelStateEntered'],
      [3, 2, 'ParallelStateStarted'],
      [4, 3, 'WaitStateEntered'],
      [5, 3, 'PassStateEntered'],
      [6, 5, 'PassStateExited'],
      [7, 6, 'FailStateEntered'],
      [8, 4, 'WaitStateAborted'],
      [9, 7, 'ParallelStateFailed'],
      [10, 9, 'ExecutionFailed'],
    ]);
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'Branch.Broken', cause: 'bad' });
  });

  it('map with tolerated failures: one invalid order of three is tolerated', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(MAP_WITH_TOLERATED_FAILURES, {
      orders: [{ valid: true }, { valid: false }, { valid: true }],
    });
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'MapStateEntered'],
      [3, 2, 'MapStateStarted'],
      [4, 3, 'MapIterationStarted'],
      [5, 4, 'ChoiceStateEntered'],
      [6, 5, 'ChoiceStateExited'],
      [7, 6, 'PassStateEntered'],
      [8, 7, 'PassStateExited'],
      [9, 8, 'MapIterationSucceeded'],
      [10, 8, 'MapIterationStarted'],
      [11, 10, 'ChoiceStateEntered'],
      [12, 11, 'ChoiceStateExited'],
      [13, 12, 'FailStateEntered'],
      [14, 13, 'MapIterationFailed'],
      [15, 13, 'MapIterationStarted'],
      [16, 15, 'ChoiceStateEntered'],
      [17, 16, 'ChoiceStateExited'],
      [18, 17, 'PassStateEntered'],
      [19, 18, 'PassStateExited'],
      [20, 19, 'MapIterationSucceeded'],
      [21, 20, 'MapStateSucceeded'],
      [22, 20, 'MapStateExited'],
      [23, 22, 'ExecutionSucceeded'],
    ]);
    expect((await f.describe(arn)).output).toBe('[{"valid":true},null,{"valid":true}]');
  });

  it('map with tolerated failures: a second invalid order exceeds the threshold', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(MAP_WITH_TOLERATED_FAILURES, {
      orders: [{ valid: false }, { valid: false }, { valid: true }],
    });
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'MapStateEntered'],
      [3, 2, 'MapStateStarted'],
      [4, 3, 'MapIterationStarted'],
      [5, 4, 'ChoiceStateEntered'],
      [6, 5, 'ChoiceStateExited'],
      [7, 6, 'FailStateEntered'],
      [8, 7, 'MapIterationFailed'],
      [9, 7, 'MapIterationStarted'],
      [10, 9, 'ChoiceStateEntered'],
      [11, 10, 'ChoiceStateExited'],
      [12, 11, 'FailStateEntered'],
      [13, 12, 'MapIterationFailed'],
      [14, 12, 'MapStateFailed'],
      [15, 14, 'ExecutionFailed'],
    ]);
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
  });

  it('callback with heartbeat timeout: one heartbeat, then silence, then the Catch', async () => {
    const f = createServiceFixture(memoryStore(), {
      services: { 'arn:aws:states:::sqs:sendMessage': async () => ({ ok: true, output: { MessageId: 'm-1' } }) },
    });
    const arn = await f.run(CALLBACK_WITH_HEARTBEAT, {});
    await f.clock.advance(20_000);
    await f.sfn.sendTaskHeartbeat({ taskToken: await f.taskToken(arn) });
    await f.clock.advance(29_999);
    expect((await f.describe(arn)).status).toBe('RUNNING');
    await f.clock.advance(1);
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'TaskScheduled'],
      [4, 3, 'TaskStarted'],
      [5, 4, 'TaskSubmitted'],
      [6, 5, 'TaskTimedOut'],
      [7, 6, 'TaskStateExited'],
      [8, 7, 'PassStateEntered'],
      [9, 8, 'PassStateExited'],
      [10, 9, 'ExecutionSucceeded'],
    ]);
    expect((await f.history(arn))[5]?.timestamp).toEqual(new Date('2024-01-01T00:00:50.000Z'));
    expect((await f.describe(arn)).output).toBe('{"timeout":{"Error":"States.HeartbeatTimeout"}}');
  });

  it('activity worker: polls, heartbeats and answers', async () => {
    const f = createServiceFixture(memoryStore());
    await f.sfn.createActivity({ name: 'worker' });
    const arn = await f.run(ACTIVITY_WORKER, { id: 'job-7' });
    await f.clock.advance(5_000);
    const task = await f.sfn.getActivityTask({ activityArn: ACTIVITY_ARN, workerName: 'w-1' });
    expect(task.input).toBe('{"job":"job-7"}');
    await f.clock.advance(50_000);
    await f.sfn.sendTaskHeartbeat({ taskToken: task.taskToken ?? '' });
    await f.clock.advance(50_000);
    await f.sfn.sendTaskSuccess({ taskToken: task.taskToken ?? '', output: '{"ok":true}' });
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 2, 'PassStateExited'],
      [4, 3, 'TaskStateEntered'],
      [5, 4, 'ActivityScheduled'],
      [6, 5, 'ActivityStarted'],
      [7, 6, 'ActivitySucceeded'],
      [8, 7, 'TaskStateExited'],
      [9, 8, 'ExecutionSucceeded'],
    ]);
    expect((await f.describe(arn)).output).toBe('{"job":"job-7","result":{"ok":true}}');
  });

  it('stop during a wait: the Wait is aborted and nothing fires afterwards', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(WAIT_THEN_PASS, {});
    await f.clock.advance(600_000);
    await f.sfn.stopExecution({ executionArn: arn, error: 'Cancelled', cause: 'by operator' });
    await f.clock.advance(3_600_000);
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'WaitStateEntered'],
      [3, 2, 'WaitStateAborted'],
      [4, 3, 'ExecutionAborted'],
    ]);
    expect(await f.describe(arn)).toMatchObject({ status: 'ABORTED', error: 'Cancelled', cause: 'by operator' });
  });

  it('execution timeout: the pending activity task is aborted and the execution TIMED_OUT', async () => {
    const f = createServiceFixture(memoryStore());
    await f.sfn.createActivity({ name: 'worker' });
    const arn = await f.run(EXECUTION_TIMEOUT, {});
    await f.sfn.getActivityTask({ activityArn: ACTIVITY_ARN, workerName: 'slow worker' });
    await f.clock.advance(30_000);
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'ActivityScheduled'],
      [4, 3, 'ActivityStarted'],
      [5, 4, 'TaskStateAborted'],
      [6, 5, 'ExecutionTimedOut'],
    ]);
    expect(await f.describe(arn)).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
  });

  it('a Map inside a Parallel branch: each thread links within itself', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(NESTED_MAP_IN_PARALLEL, [1, 2]);
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'ParallelStateEntered'],
      [3, 2, 'ParallelStateStarted'],
      [4, 3, 'MapStateEntered'],
      [5, 4, 'MapStateStarted'],
      [6, 5, 'MapIterationStarted'],
      [7, 6, 'PassStateEntered'],
      [8, 7, 'PassStateExited'],
      [9, 8, 'MapIterationSucceeded'],
      [10, 8, 'MapIterationStarted'],
      [11, 10, 'PassStateEntered'],
      [12, 11, 'PassStateExited'],
      [13, 12, 'MapIterationSucceeded'],
      [14, 13, 'MapStateSucceeded'],
      [15, 13, 'MapStateExited'],
      [16, 3, 'PassStateEntered'],
      [17, 16, 'PassStateExited'],
      [18, 17, 'ParallelStateSucceeded'],
      [19, 17, 'ParallelStateExited'],
      [20, 19, 'ExecutionSucceeded'],
    ]);
    expect((await f.describe(arn)).output).toBe('[[1,2],[1,2]]');
  });
});
