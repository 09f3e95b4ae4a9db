import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import { createServiceFixture } from '../testing/service-fixture.js';

// AWS's limits: 256 KiB payloads (States.DataLimitExceeded) and 25,000 history events.

const KIB = 1024;

describe('the 256 KiB payload limit', () => {
  it('fails a state whose output is larger with States.DataLimitExceeded, which States.ALL does not catch', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        StartAt: 'Grow',
        States: {
          Grow: {
            Type: 'Parallel',
            Branches: [
              {
                StartAt: 'Twice',
                States: { Twice: { Type: 'Pass', Parameters: { 'a.$': '$.text', 'b.$': '$.text' }, End: true } },
              },
            ],
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Succeed' },
        },
      },
      { text: 'x'.repeat(150 * KIB) },
    );
    const described = await f.describe(arn);
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    expect(described.cause).toContain(
      "The state/task 'Twice' returned a result with a size exceeding the maximum number of bytes service limit.",
    );
  });

  it('lets an output of exactly 256 KiB through', async () => {
    const f = createServiceFixture(memoryStore());
    const text = 'y'.repeat(256 * KIB - 2);
    const arn = await f.run({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, text);
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: JSON.stringify(text) });
  });

  it('counts bytes in UTF-8, not characters', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      { StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'a.$': '$', 'b.$': '$' }, End: true } } },
      'é'.repeat(70 * KIB),
    );
    expect((await f.describe(arn)).error).toBe('States.DataLimitExceeded');
  });

  it('fails a Task whose result is larger with States.DataLimitExceeded', async () => {
    const f = createServiceFixture(memoryStore());
    f.lambda.register('big', () => 'z'.repeat(300 * KIB));
    const arn = await f.run({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: f.lambda.arnOf('big'), End: true } },
    });
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });
});

describe('the history limit', () => {
  const LOOP = {
    StartAt: 'Loop',
    States: {
      Loop: { Type: 'Choice', Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Done' }], Default: 'Again' },
      Again: { Type: 'Pass', Next: 'Loop' },
      Done: { Type: 'Succeed' },
    },
  };

  it('fails the execution with ExecutionFailed as the last event allowed (maxHistoryEvents 10)', async () => {
    const f = createServiceFixture(memoryStore(), { maxHistoryEvents: 10 });
    const arn = await f.run(LOOP);
    const history = await f.history(arn);
    expect(history.map((event) => event.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(history.at(-1)).toMatchObject({
      type: 'ExecutionFailed',
      previousEventId: 9,
      executionFailedEventDetails: {
        error: 'States.Runtime',
        cause: 'The execution reached the maximum number of history events (10).',
      },
    });
    expect((await f.describe(arn)).status).toBe('FAILED');
  });

  it("stops a runaway loop at AWS's 25,000 events", async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(LOOP);
    const described = await f.describe(arn);
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    const [last] = (await f.sfn.getExecutionHistory({ executionArn: arn, reverseOrder: true, maxResults: 1 })).events;
    expect(last).toMatchObject({ id: 25_000, type: 'ExecutionFailed' });
  });

  it('stops across macrosteps too: a looping Wait reaches the limit one timer at a time', async () => {
    const f = createServiceFixture(memoryStore(), { maxHistoryEvents: 8 });
    const arn = await f.run({
      StartAt: 'W',
      States: {
        W: { Type: 'Wait', Seconds: 1, Next: 'C' },
        C: { Type: 'Choice', Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Done' }], Default: 'W' },
        Done: { Type: 'Succeed' },
      },
    });
    await f.clock.advance(10_000);
    expect(await f.types(arn)).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'WaitStateEntered',
      'WaitStateExited',
      'ExecutionFailed',
    ]);
    expect(f.clock.pendingTimers).toBe(0);
  });
});
