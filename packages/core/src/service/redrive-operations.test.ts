import { describe, expect, it } from 'vitest';
import { ExecutionDoesNotExist, ExecutionNotRedrivable, InvalidArn, ValidationException } from '../errors/index.js';
import { memoryStore } from '../store/index.js';
import { createServiceFixture, type ServiceFixture } from '../testing/service-fixture.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:flaky';

/** A Lambda that fails until `healed` is set, and the calls it saw. */
function flakyLambda(fixture: ServiceFixture): { healed: boolean; calls: unknown[] } {
  const control = { healed: false, calls: [] as unknown[] };
  fixture.lambda.register('flaky', (payload) => {
    control.calls.push(payload);
    if (!control.healed) throw new Error('not yet');
    return { ok: payload };
  });
  return control;
}

const TASK_THEN_PASS = {
  StartAt: 'Before',
  States: {
    Before: { Type: 'Pass', Result: { n: 1 }, Next: 'Call' },
    Call: {
      Type: 'Task',
      Resource: FN,
      Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 1, IntervalSeconds: 1 }],
      Next: 'After',
    },
    After: { Type: 'Pass', End: true },
  },
};

async function failedExecution(): Promise<{
  fixture: ServiceFixture;
  control: { healed: boolean; calls: unknown[] };
  arn: string;
}> {
  const fixture = createServiceFixture(memoryStore());
  const control = flakyLambda(fixture);
  const arn = await fixture.run(TASK_THEN_PASS);
  await fixture.clock.advance(1000);
  expect((await fixture.describe(arn)).status).toBe('FAILED');
  return { fixture, control, arn };
}

describe('RedriveExecution', () => {
  it('re-enters the failed Task with its input and fresh retries, and leaves the successful steps alone', async () => {
    const { fixture, control, arn } = await failedExecution();
    expect(control.calls).toHaveLength(2);
    expect(await fixture.describe(arn)).toMatchObject({
      redriveCount: 0,
      redriveStatus: 'REDRIVABLE',
    });
    await fixture.clock.advance(60_000);
    const { redriveDate } = await fixture.sfn.redriveExecution({ executionArn: arn });
    expect(redriveDate).toEqual(new Date('2024-01-01T00:01:01.000Z'));
    await fixture.clock.settle();
    // Fails once more (the first attempt after the redrive), is retried once (its retries start afresh), succeeds.
    await fixture.clock.advance(500);
    control.healed = true;
    await fixture.clock.advance(1000);
    const described = await fixture.describe(arn);
    expect(described).toMatchObject({
      status: 'SUCCEEDED',
      redriveCount: 1,
      redriveDate,
      output: '{"ok":{"n":1}}',
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
    });
    expect(described.error).toBeUndefined();
    const types = await fixture.types(arn);
    expect(types.filter((type) => type === 'PassStateEntered')).toHaveLength(2); // Before once, After once
    const redriven = types.indexOf('ExecutionRedriven');
    expect(types.slice(redriven - 1, redriven + 3)).toEqual([
      'ExecutionFailed',
      'ExecutionRedriven',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
    ]);
    const history = await fixture.history(arn);
    const event = history[redriven];
    expect(event).toMatchObject({ executionRedrivenEventDetails: { redriveCount: 1 }, previousEventId: redriven });
    expect(history[redriven + 1]).toMatchObject({
      previousEventId: redriven + 1,
      stateEnteredEventDetails: { name: 'Call', input: '{"n":1}' },
    });
    expect(control.calls).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }, { n: 1 }]);
    expect(fixture.errors).toEqual([]);
  });

  it('answers a repeated clientToken with the same redrive instead of redriving again', async () => {
    const { fixture, arn } = await failedExecution();
    const first = await fixture.sfn.redriveExecution({ executionArn: arn, clientToken: 'token-1' });
    await fixture.clock.settle();
    expect(await fixture.sfn.redriveExecution({ executionArn: arn, clientToken: 'token-1' })).toEqual(first);
    await fixture.clock.advance(1000);
    expect((await fixture.describe(arn)).status).toBe('FAILED');
    expect(await fixture.sfn.redriveExecution({ executionArn: arn, clientToken: 'token-1' })).toEqual(first);
    expect((await fixture.describe(arn)).redriveCount).toBe(1);
    await fixture.clock.advance(15 * 60 * 1000);
    const later = await fixture.sfn.redriveExecution({ executionArn: arn, clientToken: 'token-1' });
    expect(later.redriveDate.getTime()).toBeGreaterThan(first.redriveDate.getTime());
    expect((await fixture.describe(arn)).redriveCount).toBe(2);
  });

  it('refuses a running or succeeded execution with ExecutionNotRedrivable and its reason', async () => {
    const fixture = createServiceFixture(memoryStore());
    const waiting = await fixture.run({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 10, End: true } } });
    await expect(fixture.sfn.redriveExecution({ executionArn: waiting })).rejects.toThrow(
      new ExecutionNotRedrivable('Execution is RUNNING and cannot be redriven'),
    );
    expect(await fixture.describe(waiting)).toMatchObject({
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is RUNNING and cannot be redriven',
    });
    await fixture.clock.advance(10_000);
    await expect(fixture.sfn.redriveExecution({ executionArn: waiting })).rejects.toThrow(
      new ExecutionNotRedrivable('Execution is SUCCEEDED and cannot be redriven'),
    );
  });

  it('refuses after 14 days on the engine clock, and once the state machine is deleted', async () => {
    const { fixture, arn } = await failedExecution();
    await fixture.clock.advance(14 * 24 * 60 * 60 * 1000 - 5000);
    expect((await fixture.describe(arn)).redriveStatus).toBe('REDRIVABLE');
    await fixture.clock.advance(10_000);
    await expect(fixture.sfn.redriveExecution({ executionArn: arn })).rejects.toThrow(
      new ExecutionNotRedrivable('Execution redrivable period exceeded'),
    );
    const other = await failedExecution();
    const { stateMachineArn } = await other.fixture.describe(other.arn);
    await other.fixture.sfn.deleteStateMachine({ stateMachineArn });
    await expect(other.fixture.sfn.redriveExecution({ executionArn: other.arn })).rejects.toThrow(
      new ExecutionNotRedrivable('State machine is in DELETING status'),
    );
  });

  it('refuses an execution that ended at the history event limit', async () => {
    const fixture = createServiceFixture(memoryStore());
    const loop = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Next: 'B' },
        B: { Type: 'Choice', Choices: [{ Variable: '$.never', IsPresent: true, Next: 'End' }], Default: 'A' },
        End: { Type: 'Succeed' },
      },
    };
    const arn = await fixture.run(loop);
    expect((await fixture.describe(arn)).status).toBe('FAILED');
    await expect(fixture.sfn.redriveExecution({ executionArn: arn })).rejects.toThrow(
      new ExecutionNotRedrivable('Execution history event limit exceeded'),
    );
  });

  it('rejects bad requests with AWS errors', async () => {
    const fixture = createServiceFixture(memoryStore());
    await expect(fixture.sfn.redriveExecution({} as never)).rejects.toThrow(ValidationException);
    await expect(
      fixture.sfn.redriveExecution({
        executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:e',
        clientToken: 'x'.repeat(65),
      }),
    ).rejects.toThrow(ValidationException);
    await expect(fixture.sfn.redriveExecution({ executionArn: 'not-an-arn' })).rejects.toThrow(InvalidArn);
    await expect(
      fixture.sfn.redriveExecution({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:e' }),
    ).rejects.toThrow(ExecutionDoesNotExist);
  });

  it('redrives an aborted execution from the state it was stopped in, and lists it as REDRIVEN', async () => {
    const fixture = createServiceFixture(memoryStore());
    const machine = await fixture.createStateMachine({
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 100, Next: 'Done' }, Done: { Type: 'Succeed' } },
    });
    const stopped = await fixture.start(machine, { a: 1 });
    const untouched = await fixture.start(machine, { a: 2 });
    await fixture.sfn.stopExecution({ executionArn: stopped });
    await fixture.sfn.redriveExecution({ executionArn: stopped });
    await fixture.clock.advance(100_000);
    expect(await fixture.describe(stopped)).toMatchObject({ status: 'SUCCEEDED', output: '{"a":1}', redriveCount: 1 });
    const list = async (redriveFilter: 'REDRIVEN' | 'NOT_REDRIVEN') =>
      (await fixture.sfn.listExecutions({ stateMachineArn: machine, redriveFilter })).executions.map(
        (e) => e.executionArn,
      );
    expect(await list('REDRIVEN')).toEqual([stopped]);
    expect(await list('NOT_REDRIVEN')).toEqual([untouched]);
  });

  it('redrives only the Parallel branches and Map iterations that did not succeed', async () => {
    const fixture = createServiceFixture(memoryStore());
    const control = flakyLambda(fixture);
    const seen: unknown[] = [];
    fixture.lambda.register('steady', (payload) => {
      seen.push(payload);
      return payload;
    });
    const steady = 'arn:aws:lambda:us-east-1:123456789012:function:steady';
    const parallel = await fixture.run(
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            End: true,
            Branches: [
              { StartAt: 'S', States: { S: { Type: 'Task', Resource: steady, End: true } } },
              {
                StartAt: 'Later',
                States: {
                  Later: { Type: 'Wait', Seconds: 1, Next: 'F' },
                  F: { Type: 'Task', Resource: FN, End: true },
                },
              },
            ],
          },
        },
      },
      { p: 1 },
    );
    await fixture.clock.advance(1000);
    expect((await fixture.describe(parallel)).status).toBe('FAILED');
    const map = await fixture.run(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            End: true,
            ItemProcessor: {
              StartAt: 'Pick',
              States: {
                Pick: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 2, Next: 'Later' }], Default: 'S' },
                S: { Type: 'Task', Resource: steady, End: true },
                Later: { Type: 'Wait', Seconds: 1, Next: 'F' },
                F: { Type: 'Task', Resource: FN, End: true },
              },
            },
          },
        },
      },
      [1, 2, 3],
    );
    await fixture.clock.advance(1000);
    expect((await fixture.describe(map)).status).toBe('FAILED');
    const steadyCallsBefore = seen.length;
    control.healed = true;
    await fixture.sfn.redriveExecution({ executionArn: parallel });
    await fixture.sfn.redriveExecution({ executionArn: map });
    await fixture.clock.advance(1000);
    expect(await fixture.describe(parallel)).toMatchObject({ status: 'SUCCEEDED', output: '[{"p":1},{"ok":{"p":1}}]' });
    expect(await fixture.describe(map)).toMatchObject({ status: 'SUCCEEDED', output: '[1,{"ok":2},3]' });
    // Successful branches and iterations did not run again.
    expect(seen.length).toBe(steadyCallsBefore);
    const mapTypes = await fixture.types(map);
    const after = mapTypes.slice(mapTypes.indexOf('ExecutionRedriven'));
    expect(after.filter((type) => type === 'MapIterationStarted')).toHaveLength(1);
    expect(fixture.errors).toEqual([]);
  });
});
