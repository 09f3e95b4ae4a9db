import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import {
  ActivityDoesNotExist,
  ActivityLimitExceeded,
  InvalidArn,
  InvalidName,
  ValidationException,
} from '../errors/index.js';
import { createServiceFixture } from '../testing/service-fixture.js';

const ACT_ARN = 'arn:aws:states:us-east-1:123456789012:activity:worker';

describe('CreateActivity and DescribeActivity', () => {
  it('creates an activity and describes it', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    const created = await sfn.createActivity({ name: 'worker' });
    expect(created).toEqual({ activityArn: ACT_ARN, creationDate: new Date('2024-01-01T00:00:00.000Z') });
    expect(await sfn.describeActivity({ activityArn: ACT_ARN })).toEqual({ ...created, name: 'worker' });
  });

  it('returns the existing activity for the same name, leaving its tags unchanged', async () => {
    const { sfn, clock } = createServiceFixture(memoryStore());
    const first = await sfn.createActivity({ name: 'worker', tags: [{ key: 'a', value: '1' }] });
    await clock.advance(1000);
    expect(await sfn.createActivity({ name: 'worker', tags: [{ key: 'b', value: '2' }] })).toEqual(first);
    expect(await sfn.listTagsForResource({ resourceArn: ACT_ARN })).toEqual({ tags: [{ key: 'a', value: '1' }] });
  });

  it.each([
    ['a name with a space', { name: 'my worker' }, new InvalidName('my worker', "Invalid Name: 'my worker'")],
    [
      'a missing name',
      {},
      new ValidationException(
        "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
      ),
    ],
    ['an 81-character name', { name: 'w'.repeat(81) }, ValidationException],
  ])('rejects %s', async (_, input, error) => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(sfn.createActivity(input as { name: string })).rejects.toThrow(error);
  });

  it('refuses an activity beyond the configured limit with ActivityLimitExceeded', async () => {
    const { sfn } = createServiceFixture(memoryStore(), { limits: { maxActivities: 1 } });
    await sfn.createActivity({ name: 'one' });
    await expect(sfn.createActivity({ name: 'two' })).rejects.toThrow(ActivityLimitExceeded);
  });

  it.each([
    [ACT_ARN, new ActivityDoesNotExist(ACT_ARN, `Activity Does Not Exist: '${ACT_ARN}'`)],
    [
      'arn:aws:states:us-east-1:123456789012:stateMachine:sm',
      new InvalidArn("Invalid Arn: 'Resource type not valid in this context: stateMachine'"),
    ],
  ])('answers DescribeActivity of %s with %s', async (activityArn, error) => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(sfn.describeActivity({ activityArn })).rejects.toThrow(error);
  });
});

describe('DeleteActivity', () => {
  it('deletes the activity, and succeeds again when it is gone', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await sfn.createActivity({ name: 'worker' });
    expect(await sfn.deleteActivity({ activityArn: ACT_ARN })).toEqual({});
    await expect(sfn.describeActivity({ activityArn: ACT_ARN })).rejects.toThrow(ActivityDoesNotExist);
    expect(await sfn.deleteActivity({ activityArn: ACT_ARN })).toEqual({});
  });

  it('rejects a malformed ARN with InvalidArn', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(sfn.deleteActivity({ activityArn: 'worker' })).rejects.toThrow(
      new InvalidArn("Invalid Arn: 'Invalid ARN prefix: worker'"),
    );
  });
});

describe('ListActivities', () => {
  it('pages through every activity, oldest first, without duplicates', async () => {
    const { sfn, clock } = createServiceFixture(memoryStore());
    const names = Array.from({ length: 5 }, (_, i) => `act-${i}`);
    for (const name of names) {
      await sfn.createActivity({ name });
      await clock.advance(1000);
    }
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.listActivities({ maxResults: 2, ...(nextToken === undefined ? {} : { nextToken }) });
      seen.push(...page.activities.map((item) => item.name));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    expect(seen).toEqual(names);
  });

  it('uses the default page size of 100 for maxResults 0', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    for (let i = 0; i < 101; i += 1) await sfn.createActivity({ name: `a${i}` });
    const page = await sfn.listActivities({ maxResults: 0 });
    expect(page.activities).toHaveLength(100);
    expect(page.nextToken).toBeDefined();
  });
});

describe('GetActivityTask', () => {
  it('hands a scheduled activity task to the polling worker, recording its name in ActivityStarted', async () => {
    const f = createServiceFixture(memoryStore());
    await f.sfn.createActivity({ name: 'worker' });
    const executionArn = await f.run(
      { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: ACT_ARN, End: true } } },
      { job: 1 },
    );
    const task = await f.sfn.getActivityTask(
      { activityArn: ACT_ARN, workerName: 'w1' },
      { signal: new AbortController().signal },
    );
    expect(task).toEqual({ taskToken: await f.taskToken(executionArn), input: '{"job":1}' });
    expect((await f.event(executionArn, 'ActivityStarted')).activityStartedEventDetails).toEqual({ workerName: 'w1' });
  });

  it('answers {} when no task arrives within 60 s, and not before', async () => {
    const { sfn, clock } = createServiceFixture(memoryStore());
    await sfn.createActivity({ name: 'worker' });
    let answer: unknown;
    const armed = clock.nextTimer();
    const poll = sfn.getActivityTask({ activityArn: ACT_ARN }).then((output) => (answer = output));
    expect(await armed).toEqual(new Date('2024-01-01T00:01:00.000Z'));
    await clock.advance(59_999);
    expect(answer).toBeUndefined();
    await clock.advance(1);
    await poll;
    expect(answer).toEqual({});
  });

  it('answers {} at once when the caller aborts the poll', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await sfn.createActivity({ name: 'worker' });
    const controller = new AbortController();
    const poll = sfn.getActivityTask({ activityArn: ACT_ARN }, { signal: controller.signal });
    controller.abort();
    expect(await poll).toEqual({});
  });

  it.each([
    ['a missing activity', { activityArn: ACT_ARN }, ActivityDoesNotExist],
    ['a state machine ARN', { activityArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:sm' }, InvalidArn],
    ['an 81-character worker name', { activityArn: ACT_ARN, workerName: 'w'.repeat(81) }, ValidationException],
  ])('rejects %s', async (_, input, error) => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(sfn.getActivityTask(input)).rejects.toThrow(error);
  });
});
