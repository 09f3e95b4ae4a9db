import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import { createServiceFixture } from '../testing/service-fixture.js';

// Retry (IntervalSeconds, BackoffRate, MaxAttempts, MaxDelaySeconds, JitterStrategy) and Catch,
// with the failing attempts made by an in-process Lambda function.

const FN_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:flaky';

/** A fixture whose `flaky` function fails with `errorName` for its first `failures` calls. */
function flakyFixture(failures: number, errorName = 'Flaky.Error', random?: () => number) {
  const f = createServiceFixture(memoryStore(), random === undefined ? {} : { random });
  let calls = 0;
  f.lambda.register('flaky', () => {
    calls += 1;
    if (calls <= failures) {
      const error = new Error(`attempt ${calls} failed`);
      error.name = errorName;
      throw error;
    }
    return { attempt: calls };
  });
  return f;
}

/** Seconds between the failure events and the next LambdaFunctionScheduled. */
async function retryDelays(f: ReturnType<typeof flakyFixture>, arn: string): Promise<number[]> {
  const events = await f.history(arn);
  const delays: number[] = [];
  for (const [i, event] of events.entries()) {
    if (event.type !== 'LambdaFunctionFailed') continue;
    const next = events.slice(i).find((e) => e.type === 'LambdaFunctionScheduled');
    if (next !== undefined) delays.push((next.timestamp.getTime() - event.timestamp.getTime()) / 1000);
  }
  return delays;
}

describe('Retry', () => {
  it('retries after IntervalSeconds growing by BackoffRate, and succeeds when an attempt does', async () => {
    const f = flakyFixture(3);
    const arn = await f.run({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: FN_ARN,
          Retry: [{ ErrorEquals: ['Flaky.Error'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 5 }],
          End: true,
        },
      },
    });
    await f.clock.advance(2_000 + 6_000 + 18_000);
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '{"attempt":4}' });
    expect(await retryDelays(f, arn)).toEqual([2, 6, 18]);
    expect(await f.types(arn)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionFailed',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionFailed',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionFailed',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('does not retry before the delay has passed', async () => {
    const f = flakyFixture(1);
    const arn = await f.run({
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: FN_ARN, Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 5 }], End: true },
      },
    });
    await f.clock.advance(4_999);
    expect(f.lambda.calls).toHaveLength(1);
    await f.clock.advance(1);
    expect(f.lambda.calls).toHaveLength(2);
    expect((await f.describe(arn)).status).toBe('SUCCEEDED');
  });

  it('caps the delay at MaxDelaySeconds', async () => {
    const f = flakyFixture(4);
    const arn = await f.run({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: FN_ARN,
          Retry: [
            { ErrorEquals: ['States.ALL'], IntervalSeconds: 4, BackoffRate: 4, MaxDelaySeconds: 20, MaxAttempts: 4 },
          ],
          End: true,
        },
      },
    });
    await f.clock.advance(4_000 + 16_000 + 20_000 + 20_000);
    expect(await retryDelays(f, arn)).toEqual([4, 16, 20, 20]);
    expect((await f.describe(arn)).status).toBe('SUCCEEDED');
  });

  it('scales the delay by the injected random number with JitterStrategy FULL, recording the result', async () => {
    const f = flakyFixture(2, 'Flaky.Error', () => 0.25);
    const arn = await f.run({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: FN_ARN,
          Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 8, BackoffRate: 2, JitterStrategy: 'FULL' }],
          End: true,
        },
      },
    });
    await f.clock.advance(2_000 + 4_000);
    expect(await retryDelays(f, arn)).toEqual([2, 4]);
    expect((await f.describe(arn)).status).toBe('SUCCEEDED');
    const failures = (await f.storedEvents(arn)).filter(({ event }) => event.type === 'LambdaFunctionFailed');
    expect(failures.map(({ facts }) => facts.dueAt)).toEqual(['2024-01-01T00:00:02.000Z', '2024-01-01T00:00:06.000Z']);
  });

  it('gives up after MaxAttempts and fails with the last error', async () => {
    const f = flakyFixture(10);
    const arn = await f.run({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: FN_ARN,
          Retry: [{ ErrorEquals: ['Flaky.Error'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 }],
          End: true,
        },
      },
    });
    await f.clock.advance(10_000);
    expect(f.lambda.calls).toHaveLength(3);
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'Flaky.Error' });
  });

  it('never retries with MaxAttempts 0, and uses the first retrier whose ErrorEquals matches', async () => {
    const f = flakyFixture(1, 'Other.Error');
    const arn = await f.run({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: FN_ARN,
          Retry: [
            { ErrorEquals: ['Other.Error'], MaxAttempts: 0 },
            { ErrorEquals: ['States.ALL'], IntervalSeconds: 1 },
          ],
          End: true,
        },
      },
    });
    await f.clock.advance(10_000);
    expect(f.lambda.calls).toHaveLength(1);
    expect((await f.describe(arn)).status).toBe('FAILED');
  });

  it('counts attempts per retrier and exposes $$.State.RetryCount', async () => {
    const f = flakyFixture(2);
    const arn = await f.run({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: FN_ARN,
          Parameters: { 'retry.$': '$$.State.RetryCount' },
          Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, BackoffRate: 1 }],
          End: true,
        },
      },
    });
    await f.clock.advance(2_000);
    expect(f.lambda.calls.map((call) => call.payload)).toEqual([{ retry: 0 }, { retry: 1 }, { retry: 2 }]);
    expect((await f.describe(arn)).status).toBe('SUCCEEDED');
  });
});

describe('Catch', () => {
  it('catches after the retries run out, putting {Error, Cause} at ResultPath', async () => {
    const f = flakyFixture(10);
    const arn = await f.run(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: FN_ARN,
            Retry: [{ ErrorEquals: ['Flaky.Error'], IntervalSeconds: 1, MaxAttempts: 1 }],
            Catch: [
              { ErrorEquals: ['Unrelated'], Next: 'Wrong' },
              { ErrorEquals: ['States.TaskFailed'], ResultPath: '$.failure', Next: 'Handled' },
            ],
            End: true,
          },
          Wrong: { Type: 'Fail', Error: 'Wrong' },
          Handled: { Type: 'Pass', End: true },
        },
      },
      { keep: true },
    );
    await f.clock.advance(1_000);
    const described = await f.describe(arn);
    expect(described.status).toBe('SUCCEEDED');
    const output = JSON.parse(described.output ?? '');
    expect(output.keep).toBe(true);
    expect(output.failure.Error).toBe('Flaky.Error');
    expect(JSON.parse(output.failure.Cause)).toMatchObject({
      errorType: 'Flaky.Error',
      errorMessage: 'attempt 2 failed',
    });
  });

  it('replaces the input with {Error, Cause} without a ResultPath, and discards it with ResultPath null', async () => {
    const f = createServiceFixture(memoryStore());
    const definition = (resultPath?: null) => ({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E', Cause: 'C' } } }],
          Catch: [{ ErrorEquals: ['E'], Next: 'Done', ...(resultPath === null ? { ResultPath: null } : {}) }],
          End: true,
        },
        Done: { Type: 'Succeed' },
      },
    });
    expect((await f.describe(await f.run(definition(), { in: 1 }))).output).toBe('{"Error":"E","Cause":"C"}');
    expect((await f.describe(await f.run(definition(null), { in: 1 }))).output).toBe('{"in":1}');
  });

  it('does not catch States.Runtime with States.ALL', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Task',
            Resource: FN_ARN,
            InputPath: '$.missing',
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Succeed' },
        },
      },
      {},
    );
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(await f.types(arn)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'ExecutionFailed']);
  });

  it('does not catch States.Runtime from inside a Parallel branch with States.ALL', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'Bad', States: { Bad: { Type: 'Pass', InputPath: '$.missing', End: true } } }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Succeed' },
      },
    });
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('does not retry States.Runtime with States.ALL', async () => {
    const f = createServiceFixture(memoryStore());
    await f.sfn.createActivity({ name: 'a' });
    const arn = await f.run(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:states:us-east-1:123456789012:activity:a',
            HeartbeatSecondsPath: '$.nope',
            Retry: [{ ErrorEquals: ['States.ALL'] }],
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Succeed' },
        },
      },
      { nope: 'x' },
    );
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(await f.types(arn)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'ExecutionFailed']);
  });

  it('catches States.TaskFailed for any task error, but not States.Timeout', async () => {
    const f = createServiceFixture(memoryStore());
    await f.sfn.createActivity({ name: 'a' });
    const arn = await f.run({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:us-east-1:123456789012:activity:a',
          TimeoutSeconds: 1,
          Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Succeed' },
      },
    });
    await f.clock.advance(1_000);
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });
});
