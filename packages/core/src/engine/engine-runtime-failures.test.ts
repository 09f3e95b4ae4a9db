import { describe, expect, it } from 'vitest';
import { memoryStore } from '../store/index.js';
import { createServiceFixture } from '../testing/service-fixture.js';
import { ExecutionRunFailed } from './execution-run-failed.js';

// Issue 16, point 5: a step the engine cannot take ends the execution as AWS would, and is reported;
// nothing stays RUNNING with nothing to run it on.

describe('an execution the engine cannot run on', () => {
  it.each([1e13, 1e300])('fails a Wait whose SecondsPath is %d with States.Runtime', async (seconds) => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      { StartAt: 'W', States: { W: { Type: 'Wait', SecondsPath: '$.s', End: true } } },
      { s: seconds },
    );
    const described = await f.describe(arn);
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(described.cause).toContain('greater than the maximum of 99999999 seconds');
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
});
