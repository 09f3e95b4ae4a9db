import { describe, expect, it } from 'vitest';
import { memoryStore } from '../store/index.js';
import { createServiceFixture } from '../testing/service-fixture.js';
import { parseDefinition } from '../asl/index.js';
import { INTERNAL_ERROR_CAUSE } from '../execution/index.js';
import { replayHistory } from '../replay/index.js';
import { ExecutionRunFailed } from './execution-run-failed.js';

// Issue 16, point 5: a step the engine cannot take ends the execution as AWS would, and is reported;
// nothing stays RUNNING with nothing to run it on.

describe('an execution the engine cannot run on', () => {
  it.each([
    [1e13, 'Wait state delay is too long.'],
    [1e300, 'cannot be parsed as a long value'],
  ])('fails a Wait whose SecondsPath is %d with States.Runtime (%s)', async (seconds, cause) => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      { StartAt: 'W', States: { W: { Type: 'Wait', SecondsPath: '$.s', End: true } } },
      { s: seconds },
    );
    const described = await f.describe(arn);
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(described.cause).toContain(cause);
  });

  it.each([
    ['TimeoutSecondsPath', 1e300],
    ['HeartbeatSecondsPath', 1e13],
  ])('fails a Task whose %s references %d with States.Runtime', async (field, seconds) => {
    const f = createServiceFixture(memoryStore());
    const { activityArn } = await f.sfn.createActivity({ name: 'worker' });
    const arn = await f.run(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: activityArn, [field]: '$.s', End: true } } },
      { s: seconds },
    );
    const described = await f.describe(arn);
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(described.cause).toContain(
      `The ${field} parameter references a value greater than the maximum of 99999999 seconds: $.s == ${JSON.stringify(seconds)}`,
    );
    expect(f.errors).toEqual([]);
  });

  it.each([
    ['a Wait', { Type: 'Wait', Seconds: '{% $states.input.s %}', End: true }, 'Seconds'],
    [
      'a Task',
      { Type: 'Task', Resource: 'ACTIVITY', TimeoutSeconds: '{% $states.input.s %}', End: true },
      'TimeoutSeconds',
    ],
  ])('fails %s whose JSONata seconds are past the bound with States.QueryEvaluationError', async (_, state, field) => {
    const f = createServiceFixture(memoryStore());
    const { activityArn } = await f.sfn.createActivity({ name: 'worker' });
    const definition = JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'S', States: { S: state } });
    const arn = await f.run(definition.replace('ACTIVITY', activityArn), { s: 1e300 });
    const described = await f.describe(arn);
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(described.cause).toContain(
      `The JSONata expression '$states.input.s' specified for the field '${field}' returned 1e+300, which is out of range: at most 99999999 seconds`,
    );
    expect(f.errors).toEqual([]);
  });

  it('caps a Retry backoff that would pass the last date there is, and retries after the cap', async () => {
    let calls = 0;
    const f = createServiceFixture(memoryStore(), {
      services: {
        'arn:aws:states:::sns:publish': async () => {
          calls += 1;
          return calls < 3 ? { ok: false, error: 'Flaky', cause: 'try again' } : { ok: true, output: { calls } };
        },
      },
    });
    const arn = await f.run({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sns:publish',
          Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, BackoffRate: 1e300, MaxAttempts: 5 }],
          End: true,
        },
      },
    });
    await f.clock.advance(1_000);
    expect((await f.describe(arn)).status).toBe('RUNNING');
    await f.clock.advance(99_999_999 * 1000);
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '{"calls":3}' });
    expect(f.errors).toEqual([]);
  });

  it('refuses a task result nested 120,000 levels deep with InvalidOutput, and the execution goes on', async () => {
    const f = createServiceFixture(memoryStore());
    const { activityArn } = await f.sfn.createActivity({ name: 'worker' });
    const arn = await f.run({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: activityArn, Next: 'Done' }, Done: { Type: 'Succeed' } },
    });
    const { taskToken } = await f.sfn.getActivityTask({ activityArn });
    const depth = 120_000;
    await expect(
      f.sfn.sendTaskSuccess({ taskToken: taskToken ?? '', output: '['.repeat(depth) + ']'.repeat(depth) }),
    ).rejects.toMatchObject({ name: 'InvalidOutput' });
    await f.sfn.sendTaskSuccess({ taskToken: taskToken ?? '', output: '[]' });
    await f.clock.settle();
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '[]' });
    expect(f.errors).toEqual([]);
  });

  it('starts and fails with States.Runtime, and reports, an execution whose start decide cannot run', async () => {
    const f = createServiceFixture(memoryStore());
    const stateMachineArn = await f.createStateMachine({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const stateMachine = await f.store.getStateMachine(stateMachineArn);
    if (stateMachine === undefined) throw new Error('no state machine');
    const revision = await f.store.getStateMachineRevision(stateMachineArn, stateMachine.revisionId);
    if (revision === undefined) throw new Error('no revision');
    // No definition parses to this model: its StartAt names no state, so decide throws on the start.
    const model = { ...parseDefinition(revision.definition), StartAt: 'Missing' };
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:broken`;
    const summary = await f.sfn.engine.startExecution({
      executionArn,
      name: 'broken',
      stateMachine,
      revision,
      model,
      input: '{}',
    });
    expect(summary.status).toBe('FAILED');
    const described = await f.describe(executionArn);
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(described.cause?.startsWith(INTERNAL_ERROR_CAUSE)).toBe(true);
    expect(await f.types(executionArn)).toEqual(['ExecutionStarted', 'ExecutionFailed']);
    expect(f.errors).toHaveLength(1);
    expect(f.errors[0]).toBeInstanceOf(ExecutionRunFailed);
    const report = replayHistory(model, await f.storedEvents(executionArn));
    expect(report).toMatchObject({ matchedEvents: 2, recordedEvents: 2 });
    expect(report.divergence).toBeUndefined();
  });
});
