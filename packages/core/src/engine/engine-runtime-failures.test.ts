import { describe, expect, it } from 'vitest';
import { memoryStore } from '../store/index.js';
import { createServiceFixture } from '../testing/service-fixture.js';
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

  it('fails with States.Runtime, and reports, when decide cannot process a task result', async () => {
    const f = createServiceFixture(memoryStore());
    const { activityArn } = await f.sfn.createActivity({ name: 'worker' });
    const arn = await f.run({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: activityArn, Next: 'Done' }, Done: { Type: 'Succeed' } },
    });
    const { taskToken } = await f.sfn.getActivityTask({ activityArn });
    const depth = 120_000;
    await f.sfn.sendTaskSuccess({ taskToken: taskToken ?? '', output: '['.repeat(depth) + ']'.repeat(depth) });
    const described = await f.describe(arn);
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(described.cause).toContain('The execution could not continue because of an internal error: RangeError');
    expect(f.errors).toHaveLength(1);
    expect(f.errors[0]).toBeInstanceOf(ExecutionRunFailed);
    expect((await f.types(arn)).slice(-2)).toEqual(['TaskStateAborted', 'ExecutionFailed']);
  });
});
