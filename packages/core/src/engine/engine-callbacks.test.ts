import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import { isJsonObject } from '../data/index.js';
import { TaskTimedOut } from '../errors/index.js';
import { createServiceFixture } from '../testing/service-fixture.js';

// Tasks finished by someone holding a task token: `.waitForTaskToken` integrations and activities.

const ACTIVITY_ARN = 'arn:aws:states:us-east-1:123456789012:activity:worker';

function callbackFixture() {
  const f = createServiceFixture(memoryStore());
  const tokens: string[] = [];
  f.lambda.register('notify', (payload) => {
    const token = isJsonObject(payload) ? payload['token'] : undefined;
    if (typeof token === 'string') tokens.push(token);
    return 'queued';
  });
  return { f, tokens };
}

const CALLBACK = {
  StartAt: 'Wait for approval',
  States: {
    'Wait for approval': {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'notify', Payload: { 'token.$': '$$.Task.Token', 'order.$': '$.order' } },
      ResultPath: '$.approval',
      End: true,
    },
  },
};

describe('a .waitForTaskToken task', () => {
  it('hands $$.Task.Token to the integration and finishes with the output of SendTaskSuccess', async () => {
    const { f, tokens } = callbackFixture();
    const arn = await f.run(CALLBACK, { order: 7 });
    expect(tokens).toEqual([await f.taskToken(arn)]);
    expect(await f.types(arn)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
    ]);
    expect((await f.event(arn, 'TaskSubmitted')).taskSubmittedEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
    });
    await f.sfn.sendTaskSuccess({ taskToken: tokens[0] ?? '', output: '{"approved":true}' });
    expect(await f.describe(arn)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"order":7,"approval":{"approved":true}}',
    });
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'TaskScheduled'],
      [4, 3, 'TaskStarted'],
      [5, 4, 'TaskSubmitted'],
      [6, 5, 'TaskSucceeded'],
      [7, 6, 'TaskStateExited'],
      [8, 7, 'ExecutionSucceeded'],
    ]);
  });

  it('fails with the error and cause of SendTaskFailure', async () => {
    const { f } = callbackFixture();
    const arn = await f.run(CALLBACK, { order: 1 });
    await f.sfn.sendTaskFailure({ taskToken: await f.taskToken(arn), error: 'Rejected', cause: 'too expensive' });
    expect((await f.event(arn, 'TaskFailed')).taskFailedEventDetails).toEqual({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      error: 'Rejected',
      cause: 'too expensive',
    });
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'Rejected', cause: 'too expensive' });
  });

  it('refuses a second answer for the same token with TaskTimedOut', async () => {
    const { f } = callbackFixture();
    const arn = await f.run(CALLBACK, { order: 1 });
    const taskToken = await f.taskToken(arn);
    await f.sfn.sendTaskSuccess({ taskToken, output: '1' });
    await expect(f.sfn.sendTaskSuccess({ taskToken, output: '2' })).rejects.toThrow(TaskTimedOut);
    expect((await f.history(arn)).filter((event) => event.type === 'TaskSucceeded')).toHaveLength(1);
  });

  it('stays alive as long as heartbeats arrive within HeartbeatSeconds, then times out with States.HeartbeatTimeout', async () => {
    const { f } = callbackFixture();
    const arn = await f.run(
      { StartAt: 'T', States: { T: { ...CALLBACK.States['Wait for approval'], HeartbeatSeconds: 10 } } },
      { order: 1 },
    );
    const taskToken = await f.taskToken(arn);
    for (let beat = 0; beat < 5; beat++) {
      await f.clock.advance(9_000);
      await f.sfn.sendTaskHeartbeat({ taskToken });
    }
    expect((await f.describe(arn)).status).toBe('RUNNING');
    await f.clock.advance(10_000);
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
    expect((await f.types(arn)).slice(-2)).toEqual(['TaskTimedOut', 'ExecutionFailed']);
    expect((await f.event(arn, 'TaskTimedOut')).timestamp).toBe('2024-01-01T00:00:55.000Z');
  });

  it('stays pending while the token is not used: a callback has no deadline of its own', async () => {
    const { f } = callbackFixture();
    const arn = await f.run(CALLBACK, { order: 1 });
    await f.clock.advance(7 * 24 * 3600 * 1000);
    expect((await f.describe(arn)).status).toBe('RUNNING');
    expect(f.lambda.calls).toHaveLength(1);
  });
});

describe('an activity task', () => {
  async function activityFixture(task: Record<string, unknown> = {}) {
    const f = createServiceFixture(memoryStore());
    await f.sfn.createActivity({ name: 'worker' });
    const arn = await f.run(
      { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: ACTIVITY_ARN, ...task, End: true } } },
      { job: 42 },
    );
    return { f, arn };
  }

  it('waits for a worker: GetActivityTask hands it out, ActivityStarted names the worker, SendTaskSuccess finishes it', async () => {
    const { f, arn } = await activityFixture({ TimeoutSeconds: 300, HeartbeatSeconds: 60 });
    expect(await f.types(arn)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'ActivityScheduled']);
    expect((await f.event(arn, 'ActivityScheduled')).activityScheduledEventDetails).toEqual({
      resource: ACTIVITY_ARN,
      input: '{"job":42}',
      inputDetails: { truncated: false },
      timeoutInSeconds: 300,
      heartbeatInSeconds: 60,
    });
    const task = await f.sfn.getActivityTask({ activityArn: ACTIVITY_ARN, workerName: 'worker-1' });
    expect(task).toEqual({ taskToken: await f.taskToken(arn), input: '{"job":42}' });
    await f.sfn.sendTaskSuccess({ taskToken: task.taskToken ?? '', output: '{"done":42}' });
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '{"done":42}' });
    const history = await f.history(arn);
    expect(history.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'ActivityScheduled'],
      [4, 3, 'ActivityStarted'],
      [5, 4, 'ActivitySucceeded'],
      [6, 5, 'TaskStateExited'],
      [7, 6, 'ExecutionSucceeded'],
    ]);
    expect(history[3]).toMatchObject({ activityStartedEventDetails: { workerName: 'worker-1' } });
  });

  it('hands a task scheduled during a long poll to the waiting worker', async () => {
    const f = createServiceFixture(memoryStore());
    await f.sfn.createActivity({ name: 'worker' });
    const armed = f.clock.nextTimer();
    const poll = f.sfn.getActivityTask({ activityArn: ACTIVITY_ARN, workerName: 'early' });
    await armed;
    const arn = await f.run(
      { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: ACTIVITY_ARN, End: true } } },
      { job: 1 },
    );
    expect(await poll).toEqual({ taskToken: await f.taskToken(arn), input: '{"job":1}' });
    expect((await f.event(arn, 'ActivityStarted')).activityStartedEventDetails).toEqual({ workerName: 'early' });
  });

  it('hands each task to one worker only', async () => {
    const { f, arn } = await activityFixture();
    const first = await f.sfn.getActivityTask({ activityArn: ACTIVITY_ARN, workerName: 'a' });
    expect(first.taskToken).toBe(await f.taskToken(arn));
    let second: unknown;
    const armed = f.clock.nextTimer();
    const poll = f.sfn
      .getActivityTask({ activityArn: ACTIVITY_ARN, workerName: 'b' })
      .then((answer) => (second = answer));
    await armed;
    await f.clock.advance(60_000);
    await poll;
    expect(second).toEqual({});
  });

  it('fails with ActivityFailed on SendTaskFailure', async () => {
    const { f, arn } = await activityFixture();
    const task = await f.sfn.getActivityTask({ activityArn: ACTIVITY_ARN });
    await f.sfn.sendTaskFailure({ taskToken: task.taskToken ?? '', error: 'Worker.Crashed', cause: 'out of memory' });
    expect((await f.event(arn, 'ActivityFailed')).activityFailedEventDetails).toEqual({
      error: 'Worker.Crashed',
      cause: 'out of memory',
    });
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'Worker.Crashed', cause: 'out of memory' });
  });

  it('times out with States.Timeout after TimeoutSeconds even while no worker has taken it', async () => {
    const { f, arn } = await activityFixture({ TimeoutSeconds: 30 });
    await f.clock.advance(29_999);
    expect((await f.describe(arn)).status).toBe('RUNNING');
    await f.clock.advance(1);
    expect((await f.event(arn, 'ActivityTimedOut')).activityTimedOutEventDetails).toEqual({ error: 'States.Timeout' });
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    let answer: unknown;
    const armed = f.clock.nextTimer();
    const poll = f.sfn.getActivityTask({ activityArn: ACTIVITY_ARN }).then((output) => (answer = output));
    await armed;
    await f.clock.advance(60_000);
    await poll;
    expect(answer).toEqual({});
  });

  it('times out with States.HeartbeatTimeout when the worker stops sending heartbeats', async () => {
    const { f, arn } = await activityFixture({ HeartbeatSeconds: 20 });
    await f.clock.advance(100_000);
    expect((await f.describe(arn)).status).toBe('RUNNING');
    const task = await f.sfn.getActivityTask({ activityArn: ACTIVITY_ARN });
    await f.clock.advance(15_000);
    await f.sfn.sendTaskHeartbeat({ taskToken: task.taskToken ?? '' });
    await f.clock.advance(19_999);
    expect((await f.describe(arn)).status).toBe('RUNNING');
    await f.clock.advance(1);
    expect((await f.event(arn, 'ActivityTimedOut')).activityTimedOutEventDetails).toEqual({
      error: 'States.HeartbeatTimeout',
    });
    await expect(f.sfn.sendTaskHeartbeat({ taskToken: task.taskToken ?? '' })).rejects.toThrow(TaskTimedOut);
  });
});
