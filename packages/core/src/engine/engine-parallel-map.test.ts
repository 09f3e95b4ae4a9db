import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import { createServiceFixture } from '../testing/service-fixture.js';

// Parallel branches and Map iterations run as threads inside one history, each linking its own
// events (previousEventId) in its own line.

describe('Parallel', () => {
  it('runs every branch on the same input and outputs their results in branch order', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            ResultSelector: { 'first.$': '$[0]', 'second.$': '$[1]' },
            End: true,
            Branches: [
              {
                StartAt: 'Slow',
                States: { Slow: { Type: 'Wait', Seconds: 10, Next: 'A' }, A: { Type: 'Pass', Result: 'a', End: true } },
              },
              { StartAt: 'B', States: { B: { Type: 'Pass', InputPath: '$.x', End: true } } },
            ],
          },
        },
      },
      { x: 1 },
    );
    await f.clock.advance(10_000);
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '{"first":"a","second":1}' });
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'ParallelStateEntered'],
      [3, 2, 'ParallelStateStarted'],
      [4, 3, 'WaitStateEntered'],
      [5, 3, 'PassStateEntered'],
      [6, 5, 'PassStateExited'],
      [7, 4, 'WaitStateExited'],
      [8, 7, 'PassStateEntered'],
      [9, 8, 'PassStateExited'],
      [10, 9, 'ParallelStateSucceeded'],
      [11, 9, 'ParallelStateExited'],
      [12, 11, 'ExecutionSucceeded'],
    ]);
  });

  it('fails when one branch fails, aborting the branches still running', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } },
            {
              StartAt: 'Later',
              States: {
                Later: { Type: 'Wait', Seconds: 5, Next: 'F' },
                F: { Type: 'Fail', Error: 'Branch.Failed', Cause: 'b' },
              },
            },
          ],
        },
      },
    });
    await f.clock.advance(5_000);
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'Branch.Failed', cause: 'b' });
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'ParallelStateEntered'],
      [3, 2, 'ParallelStateStarted'],
      [4, 3, 'WaitStateEntered'],
      [5, 3, 'WaitStateEntered'],
      [6, 5, 'WaitStateExited'],
      [7, 6, 'FailStateEntered'],
      [8, 4, 'WaitStateAborted'],
      [9, 7, 'ParallelStateFailed'],
      [10, 9, 'ExecutionFailed'],
    ]);
    await f.clock.advance(60_000);
    expect(await f.types(arn)).toHaveLength(10);
    expect(f.clock.pendingTimers).toBe(0);
  });

  it('lets a Catch on the Parallel state handle a branch failure', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Recovered' }],
          End: true,
          Branches: [{ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E', Cause: 'C' } } }],
        },
        Recovered: { Type: 'Pass', End: true },
      },
    });
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '{"error":{"Error":"E","Cause":"C"}}' });
    expect(await f.types(arn)).toEqual([
      'ExecutionStarted',
      'ParallelStateEntered',
      'ParallelStateStarted',
      'FailStateEntered',
      'ParallelStateFailed',
      'ParallelStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });
});

describe('Map', () => {
  it('runs one iteration per item with ItemsPath and ItemSelector, MaxConcurrency at a time, results in item order', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemsPath: '$.items',
            MaxConcurrency: 1,
            ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value', 'tag.$': '$.tag' },
            ItemProcessor: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, End: true } } },
            End: true,
          },
        },
      },
      { items: ['a', 'b'], tag: 't' },
    );
    expect(await f.types(arn)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapIterationStarted',
      'WaitStateEntered',
    ]);
    await f.clock.advance(1000);
    await f.clock.advance(1000);
    expect(await f.describe(arn)).toMatchObject({
      status: 'SUCCEEDED',
      output: '[{"index":0,"value":"a","tag":"t"},{"index":1,"value":"b","tag":"t"}]',
    });
    const history = await f.history(arn);
    expect(history.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'MapStateEntered'],
      [3, 2, 'MapStateStarted'],
      [4, 3, 'MapIterationStarted'],
      [5, 4, 'WaitStateEntered'],
      [6, 5, 'WaitStateExited'],
      [7, 6, 'MapIterationSucceeded'],
      [8, 6, 'MapIterationStarted'],
      [9, 8, 'WaitStateEntered'],
      [10, 9, 'WaitStateExited'],
      [11, 10, 'MapIterationSucceeded'],
      [12, 11, 'MapStateSucceeded'],
      [13, 11, 'MapStateExited'],
      [14, 13, 'ExecutionSucceeded'],
    ]);
    expect(history[2]).toMatchObject({ mapStateStartedEventDetails: { length: 2 } });
    expect(history[7]).toMatchObject({ mapIterationStartedEventDetails: { index: 1, name: 'M' } });
  });

  it('starts every iteration at once without MaxConcurrency', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemProcessor: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, End: true } } },
            End: true,
          },
        },
      },
      [1, 2, 3],
    );
    expect((await f.types(arn)).filter((type) => type === 'WaitStateEntered')).toHaveLength(3);
    await f.clock.advance(1000);
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '[1,2,3]' });
  });

  it('succeeds at once on an empty array', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        StartAt: 'M',
        States: {
          M: { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true },
        },
      },
      [],
    );
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '[]' });
    expect(await f.types(arn)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('fails with States.Runtime when ItemsPath does not select an array', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemsPath: '$.items',
            ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
      { items: 'nope' },
    );
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('fails on the first failed iteration without tolerance, aborting the others', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            End: true,
            ItemProcessor: {
              StartAt: 'C',
              States: {
                C: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 2, Next: 'F' }], Default: 'W' },
                W: { Type: 'Wait', Seconds: 10, End: true },
                F: { Type: 'Fail', Error: 'Item.Bad', Cause: 'two' },
              },
            },
          },
        },
      },
      [1, 2, 3],
    );
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'Item.Bad', cause: 'two' });
    const types = await f.types(arn);
    expect(types.filter((type) => type === 'MapIterationFailed')).toHaveLength(1);
    expect(types.filter((type) => type === 'MapIterationAborted')).toHaveLength(1);
    expect(types.slice(-2)).toEqual(['MapStateFailed', 'ExecutionFailed']);
    expect(f.clock.pendingTimers).toBe(0);
  });

  const failingItems = (tolerance: Record<string, unknown>) => ({
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        ...tolerance,
        End: true,
        ItemProcessor: {
          StartAt: 'C',
          States: {
            C: { Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Ok' }], Default: 'F' },
            Ok: { Type: 'Pass', End: true },
            F: { Type: 'Fail', Error: 'Item.Bad' },
          },
        },
      },
    },
  });
  const fourItemsTwoFailing = [{ ok: true }, { ok: false }, { ok: true }, { ok: false }];

  it.each([
    ['ToleratedFailureCount 2', { ToleratedFailureCount: 2 }],
    ['ToleratedFailurePercentage 50', { ToleratedFailurePercentage: 50 }],
  ])('succeeds with %s when 2 of 4 iterations fail, failed items giving null', async (_, tolerance) => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(failingItems(tolerance), fourItemsTwoFailing);
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '[{"ok":true},null,{"ok":true},null]' });
  });

  it.each([
    ['ToleratedFailureCount 1', { ToleratedFailureCount: 1 }],
    ['ToleratedFailurePercentage 25', { ToleratedFailurePercentage: 25 }],
  ])('fails with States.ExceedToleratedFailureThreshold with %s when 2 of 4 iterations fail', async (_, tolerance) => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(failingItems(tolerance), fourItemsTwoFailing);
    expect(await f.describe(arn)).toMatchObject({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'The specified tolerated failure threshold was exceeded',
    });
    expect((await f.types(arn)).slice(-2)).toEqual(['MapStateFailed', 'ExecutionFailed']);
  });

  it('reads ToleratedFailureCountPath from the input', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      { ...failingItems({ ItemsPath: '$.items', ToleratedFailureCountPath: '$.tolerate' }) },
      { items: fourItemsTwoFailing, tolerate: 2 },
    );
    expect((await f.describe(arn)).status).toBe('SUCCEEDED');
  });
});
