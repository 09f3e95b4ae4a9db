import { firstValueFrom, toArray, takeWhile } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../store/index.js';
import { createServiceFixture, WAIT_HOUR_DEFINITION } from '../testing/service-fixture.js';

describe('Engine event streams', () => {
  it("streams one execution's events as they are appended, and no other execution's", async () => {
    const f = createServiceFixture(memoryStore());
    const machine = await f.createStateMachine(WAIT_HOUR_DEFINITION);
    // The other execution's timer fires first: a stream that let it through would show its events.
    const other = await f.start(machine, { watched: false });
    const watched = await f.start(machine, { watched: true });
    const tail = firstValueFrom(
      f.sfn.engine.executionEvents$(watched).pipe(
        takeWhile(({ event }) => event.type !== 'ExecutionSucceeded', true),
        toArray(),
      ),
    );
    await f.clock.advance(60 * 60 * 1000);
    const events = await tail;
    expect(events.map(({ event }) => [event.id, event.type])).toEqual([
      [3, 'WaitStateExited'],
      [4, 'ExecutionSucceeded'],
    ]);
    const ended = events[1]?.event;
    expect(ended?.type === 'ExecutionSucceeded' && JSON.parse(ended.executionSucceededEventDetails.output)).toEqual({
      watched: true,
    });
    expect((await f.describe(other)).status).toBe('SUCCEEDED');
  });
});
