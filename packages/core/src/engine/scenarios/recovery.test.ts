import { memoryStore } from '../../store/index.js';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../store/index.js';
import { createServiceFixture, type ServiceFixture } from '../../testing/service-fixture.js';

// Recovery: a first StepFunctions is discarded (closed) mid-execution with an effect pending; a
// second one on the same store recovers and every execution completes as it would have.

const ACTIVITY_ARN = 'arn:aws:states:us-east-1:123456789012:activity:worker';

/** A first fixture, and a factory for the second one on the same store, clock and Lambda. */
function twoEngines(store: Store = memoryStore()) {
  const first = createServiceFixture(store, { uuidPrefix: '11111111' });
  const second = (): ServiceFixture =>
    createServiceFixture(store, { clock: first.clock, lambda: first.lambda, uuidPrefix: '22222222' });
  return { first, second };
}

/** Closes the first engine and recovers with a second one. */
async function failOver(first: ServiceFixture, makeSecond: () => ServiceFixture): Promise<ServiceFixture> {
  await first.sfn.close();
  const second = makeSecond();
  await second.sfn.recover();
  await second.clock.settle();
  return second;
}

describe('recovery by a second engine on the same store', () => {
  it('fires a Wait that fell due while no engine ran, at once', async () => {
    const { first, second } = twoEngines();
    const arn = await first.run(
      { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, Next: 'P' }, P: { Type: 'Pass', End: true } } },
      { a: 1 },
    );
    await first.clock.advance(10_000);
    await first.sfn.close();
    await first.clock.advance(120_000);
    expect((await first.describe(arn)).status).toBe('RUNNING');
    const next = second();
    await next.sfn.recover();
    await next.clock.settle();
    expect(await next.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '{"a":1}' });
    expect(await next.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'WaitStateEntered'],
      [3, 2, 'WaitStateExited'],
      [4, 3, 'PassStateEntered'],
      [5, 4, 'PassStateExited'],
      [6, 5, 'ExecutionSucceeded'],
    ]);
    expect((await next.history(arn))[2]?.timestamp).toEqual(new Date('2024-01-01T00:02:10.000Z'));
  });

  it('keeps a Wait that is not yet due waiting until its recorded deadline', async () => {
    const { first, second } = twoEngines();
    const arn = await first.run({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } });
    const next = await failOver(first, second);
    await next.clock.advance(59_999);
    expect((await next.describe(arn)).status).toBe('RUNNING');
    await next.clock.advance(1);
    expect((await next.describe(arn)).status).toBe('SUCCEEDED');
  });

  it('runs a retry whose delay was pending, once', async () => {
    const { first, second } = twoEngines();
    let calls = 0;
    first.lambda.register('flaky', () => {
      calls += 1;
      if (calls === 1) throw new Error('first attempt fails');
      return 'ok';
    });
    const arn = await first.run({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: first.lambda.arnOf('flaky'),
          Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 30 }],
          End: true,
        },
      },
    });
    const next = await failOver(first, second);
    await next.clock.advance(30_000);
    expect(await next.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '"ok"' });
    expect(calls).toBe(2);
    expect(await next.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'LambdaFunctionScheduled'],
      [4, 3, 'LambdaFunctionStarted'],
      [5, 4, 'LambdaFunctionFailed'],
      [6, 5, 'LambdaFunctionScheduled'],
      [7, 6, 'LambdaFunctionStarted'],
      [8, 7, 'LambdaFunctionSucceeded'],
      [9, 8, 'TaskStateExited'],
      [10, 9, 'ExecutionSucceeded'],
    ]);
  });

  it("offers an activity task again to the second engine's workers", async () => {
    const { first, second } = twoEngines();
    await first.sfn.createActivity({ name: 'worker' });
    const arn = await first.run(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: ACTIVITY_ARN, End: true } } },
      { job: 1 },
    );
    const next = await failOver(first, second);
    const task = await next.sfn.getActivityTask({ activityArn: ACTIVITY_ARN, workerName: 'after-restart' });
    expect(task).toEqual({ taskToken: await next.taskToken(arn), input: '{"job":1}' });
    await next.sfn.sendTaskSuccess({ taskToken: task.taskToken ?? '', output: '"done"' });
    expect(await next.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '"done"' });
    expect(await next.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'ActivityScheduled'],
      [4, 3, 'ActivityStarted'],
      [5, 4, 'ActivitySucceeded'],
      [6, 5, 'TaskStateExited'],
      [7, 6, 'ExecutionSucceeded'],
    ]);
  });

  it('accepts the token of a callback issued before the restart, without calling the integration again', async () => {
    const { first, second } = twoEngines();
    first.lambda.register('notify', () => 'sent');
    const arn = await first.run({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'notify', Payload: { 'token.$': '$$.Task.Token' } },
          End: true,
        },
      },
    });
    const taskToken = await first.taskToken(arn);
    const next = await failOver(first, second);
    await next.sfn.sendTaskSuccess({ taskToken, output: '{"approved":true}' });
    expect(await next.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '{"approved":true}' });
    expect(first.lambda.calls).toHaveLength(1);
    expect(await next.links(arn)).toEqual([
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

  it('makes an in-flight Lambda call again, and records its result once', async () => {
    const { first, second } = twoEngines();
    first.lambda.register('slow', () => 'second try');
    first.lambda.hold('slow');
    const arn = await first.run({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: first.lambda.arnOf('slow'), End: true } },
    });
    expect(first.lambda.calls).toHaveLength(1);
    await first.sfn.close();
    first.lambda.release('slow', 'first try, too late');
    const next = second();
    await next.sfn.recover();
    await next.clock.settle();
    expect(first.lambda.calls).toHaveLength(2);
    expect(await next.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '"second try"' });
    expect(await next.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'LambdaFunctionScheduled'],
      [4, 3, 'LambdaFunctionStarted'],
      [5, 4, 'LambdaFunctionSucceeded'],
      [6, 5, 'TaskStateExited'],
      [7, 6, 'ExecutionSucceeded'],
    ]);
    expect(first.errors).toEqual([]);
    expect(next.errors).toEqual([]);
  });

  it('fires a task timeout that fell due while no engine ran, at once', async () => {
    const { first, second } = twoEngines();
    await first.sfn.createActivity({ name: 'worker' });
    const arn = await first.run({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: ACTIVITY_ARN, TimeoutSeconds: 30, End: true } },
    });
    await first.sfn.close();
    await first.clock.advance(45_000);
    const next = second();
    await next.sfn.recover();
    await next.clock.settle();
    expect(await next.describe(arn)).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect((await next.event(arn, 'ActivityTimedOut')).timestamp).toBe('2024-01-01T00:00:45.000Z');
    expect(await next.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'ActivityScheduled'],
      [4, 3, 'ActivityTimedOut'],
      [5, 4, 'ExecutionFailed'],
    ]);
  });

  it('times out an execution whose own TimeoutSeconds passed while no engine ran', async () => {
    const { first, second } = twoEngines();
    const arn = await first.run({
      TimeoutSeconds: 10,
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    await first.sfn.close();
    await first.clock.advance(20_000);
    const next = second();
    await next.sfn.recover();
    await next.clock.settle();
    expect(await next.describe(arn)).toMatchObject({ status: 'TIMED_OUT' });
    expect(await next.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'WaitStateEntered'],
      [3, 2, 'WaitStateAborted'],
      [4, 3, 'ExecutionTimedOut'],
    ]);
  });

  it('recovers every open execution and leaves finished ones alone', async () => {
    const { first, second } = twoEngines();
    const waiting = await first.createStateMachine({
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 5, End: true } },
    });
    const arns = [];
    for (let i = 0; i < 120; i++) arns.push(await first.start(waiting, { i }));
    const done = await first.run({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const next = await failOver(first, second);
    await next.clock.advance(5_000);
    for (const arn of arns) expect((await next.describe(arn)).status).toBe('SUCCEEDED');
    expect(await next.types(done)).toHaveLength(4);
  });
});
