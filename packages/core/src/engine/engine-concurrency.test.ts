import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history/index.js';
import type { Store } from '../store/index.js';
import { createServiceFixture } from '../testing/service-fixture.js';

// One writer per execution: two engines on one store that act on the same execution at the same
// time append with the expected last event id; the loser reloads and decides again, so no event
// is lost or duplicated.

const ACTIVITY_ARN = 'arn:aws:states:us-east-1:123456789012:activity:worker';

function assertWellFormed(events: readonly HistoryEvent[]): void {
  expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
  for (const event of events) expect(event.previousEventId).toBeLessThan(event.id);
}

/** The memory store, counting the appends it refuses with AppendConflict. */
function countingStore(): { store: Store; conflicts: () => number } {
  const inner = memoryStore();
  let conflicts = 0;
  const append: Store['append'] = async (...args) => {
    try {
      await inner.append(...args);
    } catch (error) {
      if (error instanceof Error && error.name === 'AppendConflict') conflicts += 1;
      throw error;
    }
  };
  const store = new Proxy(inner, {
    get: (target, key) => {
      if (key === 'append') return append;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, conflicts: () => conflicts };
}

async function twoEnginesOnOneStore() {
  const { store, conflicts } = countingStore();
  const a = createServiceFixture(store, { uuidPrefix: 'aaaaaaaa' });
  const b = createServiceFixture(store, { clock: a.clock, lambda: a.lambda, uuidPrefix: 'bbbbbbbb' });
  await a.sfn.createActivity({ name: 'worker' });
  return { a, b, conflicts };
}

describe('two engines on one store', () => {
  it('complete the tasks of one Map from both sides at once without losing or duplicating an event', async () => {
    const { a, b, conflicts } = await twoEnginesOnOneStore();
    const items = Array.from({ length: 12 }, (_, i) => i);
    const arn = await a.run(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: ACTIVITY_ARN, End: true } } },
            End: true,
          },
        },
      },
      items,
    );
    await b.sfn.recover();
    const tokens = (await a.storedEvents(arn)).flatMap(({ facts }) =>
      facts.taskToken === undefined ? [] : [facts.taskToken],
    );
    expect(tokens).toHaveLength(12);
    await Promise.all(
      tokens.map((taskToken, i) => (i % 2 === 0 ? a : b).sfn.sendTaskSuccess({ taskToken, output: String(i) })),
    );
    await a.clock.settle();
    expect(await a.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: JSON.stringify(items) });
    const events = (await a.storedEvents(arn)).map(({ event }) => event);
    assertWellFormed(events);
    expect(events.filter((event) => event.type === 'ActivitySucceeded')).toHaveLength(12);
    expect(events.filter((event) => event.type === 'MapIterationSucceeded')).toHaveLength(12);
    // The race was real: appends were refused and retried after a reload.
    expect(conflicts()).toBeGreaterThan(0);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });

  it('fire the same timers on both sides and record each Wait ending once', async () => {
    const { a, b, conflicts } = await twoEnginesOnOneStore();
    const arn = await a.run({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [1, 2, 3, 4].map((seconds) => ({
            StartAt: `W${seconds}`,
            States: { [`W${seconds}`]: { Type: 'Wait', Seconds: seconds, End: true } },
          })),
        },
      },
    });
    await b.sfn.recover();
    await a.clock.advance(4_000);
    expect((await a.describe(arn)).status).toBe('SUCCEEDED');
    const events = (await a.storedEvents(arn)).map(({ event }) => event);
    assertWellFormed(events);
    expect(events.filter((event) => event.type === 'WaitStateExited')).toHaveLength(4);
    expect(events.filter((event) => event.type === 'ExecutionSucceeded')).toHaveLength(1);
    expect(conflicts()).toBeGreaterThan(0);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('hand an activity task to one worker only, whichever engine it polls', async () => {
    const { a, b } = await twoEnginesOnOneStore();
    const arn = await a.run({ StartAt: 'T', States: { T: { Type: 'Task', Resource: ACTIVITY_ARN, End: true } } });
    await b.sfn.recover();
    const first = await a.sfn.getActivityTask({ activityArn: ACTIVITY_ARN, workerName: 'on-a' });
    expect(first.taskToken).toBeDefined();
    const armed = b.clock.nextTimer();
    const poll = b.sfn.getActivityTask({ activityArn: ACTIVITY_ARN, workerName: 'on-b' });
    await armed;
    await b.clock.advance(60_000);
    expect(await poll).toEqual({});
    const started = (await a.storedEvents(arn)).filter(({ event }) => event.type === 'ActivityStarted');
    expect(started).toHaveLength(1);
  });

  it('stop an execution from one side while the other completes its task, ending it once', async () => {
    const { a, b } = await twoEnginesOnOneStore();
    const arn = await a.run({ StartAt: 'T', States: { T: { Type: 'Task', Resource: ACTIVITY_ARN, End: true } } });
    await b.sfn.recover();
    const taskToken = await a.taskToken(arn);
    const results = await Promise.allSettled([
      a.sfn.stopExecution({ executionArn: arn, error: 'Stop' }),
      b.sfn.sendTaskSuccess({ taskToken, output: '{}' }),
    ]);
    expect(results[0].status).toBe('fulfilled');
    const events = (await a.storedEvents(arn)).map(({ event }) => event);
    assertWellFormed(events);
    const endings = events.filter((event) => event.type === 'ExecutionAborted' || event.type === 'ExecutionSucceeded');
    expect(endings).toHaveLength(1);
    if (results[1].status === 'rejected') expect((results[1].reason as Error).name).toBe('TaskTimedOut');
  });

  it('answer one of two racing results for one token with TaskTimedOut, never both with success', async () => {
    const { a, b } = await twoEnginesOnOneStore();
    const arn = await a.run({ StartAt: 'T', States: { T: { Type: 'Task', Resource: ACTIVITY_ARN, End: true } } });
    await b.sfn.recover();
    const taskToken = await a.taskToken(arn);
    const results = await Promise.allSettled([
      a.sfn.sendTaskSuccess({ taskToken, output: '"from a"' }),
      b.sfn.sendTaskFailure({ taskToken, error: 'FromB' }),
    ]);
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as Error] : []));
    expect(fulfilled).toHaveLength(1);
    expect(rejected.map((error) => error.name)).toEqual(['TaskTimedOut']);
    const events = (await a.storedEvents(arn)).map(({ event }) => event);
    assertWellFormed(events);
    const outcomes = events.filter((event) => event.type === 'ActivitySucceeded' || event.type === 'ActivityFailed');
    expect(outcomes).toHaveLength(1);
    // The call that answered 200 is the one whose result was recorded.
    expect(outcomes[0]?.type).toBe(results[0].status === 'fulfilled' ? 'ActivitySucceeded' : 'ActivityFailed');
  });

  it('answer a heartbeat for a token the other side already used with TaskTimedOut', async () => {
    const { a, b } = await twoEnginesOnOneStore();
    const arn = await a.run({ StartAt: 'T', States: { T: { Type: 'Task', Resource: ACTIVITY_ARN, End: true } } });
    await b.sfn.recover();
    const taskToken = await a.taskToken(arn);
    await a.sfn.sendTaskSuccess({ taskToken, output: '{}' });
    await expect(b.sfn.sendTaskHeartbeat({ taskToken })).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await expect(b.sfn.sendTaskFailure({ taskToken, error: 'Late' })).rejects.toMatchObject({ name: 'TaskTimedOut' });
    expect(await a.describe(arn)).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('answer a stop of an execution the other side just ended as for an ended execution, appending nothing', async () => {
    const { a, b } = await twoEnginesOnOneStore();
    const arn = await a.run({ StartAt: 'T', States: { T: { Type: 'Task', Resource: ACTIVITY_ARN, End: true } } });
    await b.sfn.recover();
    await a.sfn.stopExecution({ executionArn: arn, error: 'FromA' });
    const stopped = await b.sfn.stopExecution({ executionArn: arn, error: 'FromB' });
    const described = await a.describe(arn);
    expect(described).toMatchObject({ status: 'ABORTED', error: 'FromA' });
    expect(stopped.stopDate).toEqual(described.stopDate);
    const events = (await a.storedEvents(arn)).map(({ event }) => event);
    expect(events.filter((event) => event.type === 'ExecutionAborted')).toHaveLength(1);
  });
});
