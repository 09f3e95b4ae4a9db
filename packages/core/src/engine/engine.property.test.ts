import { fc, test } from '@fast-check/vitest';
import { memoryStore } from '../store/index.js';
import { describe, expect } from 'vitest';
import { parseDefinition } from '../asl/index.js';
import { evolve, initialExecutionState } from '../execution/index.js';
import { replayHistory } from '../replay/index.js';
import { RANDOM_FUNCTION_ARN, randomMachine, randomTaskOutcome } from '../testing/random-machine.js';
import type { RecordedEvent } from '../history/index.js';
import { createServiceFixture } from '../testing/service-fixture.js';

// Random definitions and inputs through StepFunctions, the real Engine, the memory store and an
// in-process Lambda: what is stored is exactly what the engine folded live, the API agrees, and
// replaying the stored history reproduces it, every value drawn at random included.

const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });

async function runThroughEngine(seed: number) {
  const { definition, input } = randomMachine(seed);
  // A different number at every draw, so that a replay handing them back out of order would show.
  let state = (seed % 2_147_483_646) + 1;
  let randomDraws = 0;
  const random = (): number => {
    randomDraws++;
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
  const f = createServiceFixture(memoryStore(), { random });
  f.lambda.register('random-task', (payload) => {
    const outcome = randomTaskOutcome(payload);
    if ('output' in outcome) return outcome.output as { doubled: number };
    const error = new Error('random failure');
    error.name = outcome.error;
    throw error;
  });
  const appended: RecordedEvent[] = [];
  const subscription = f.sfn.engine.events$.subscribe(({ event, facts }) => appended.push({ event, facts }));
  const arn = await f.run(definition, input);
  // Every wait in a random machine is under 20 s and every retry 1 s apart: five minutes is plenty.
  for (let step = 0; step < 60 && (await f.describe(arn)).status === 'RUNNING'; step++) await f.clock.advance(5_000);
  subscription.unsubscribe();
  return { f, arn, definition, appended, randomDraws, stored: await f.storedEvents(arn) };
}

describe('the engine on random state machines', () => {
  test.prop([seeds], { numRuns: 40 })(
    'stores exactly the events it appended live, numbered and linked backwards',
    async (seed) => {
      const { f, arn, appended, stored } = await runThroughEngine(seed);
      expect((await f.describe(arn)).status).not.toBe('RUNNING');
      expect(stored).toEqual(appended);
      expect(stored.map(({ event }) => event.id)).toEqual(stored.map((_, index) => index + 1));
      for (const { event } of stored) expect(event.previousEventId).toBeLessThan(event.id);
      expect(f.errors).toEqual([]);
    },
  );

  test.prop([seeds], { numRuns: 40 })('answers DescribeExecution with what the folded history says', async (seed) => {
    const { f, arn, stored } = await runThroughEngine(seed);
    const folded = stored.reduce(evolve, initialExecutionState);
    const described = await f.describe(arn);
    expect(described.status).toBe(folded.status);
    expect(described.output).toBe(folded.output);
    expect(described.error).toBe(folded.error);
    expect(described.cause).toBe(folded.cause);
    expect(described.stopDate?.toISOString()).toBe(folded.stopDate);
    expect(f.lambda.calls.every((call) => call.functionName === RANDOM_FUNCTION_ARN)).toBe(true);
  });

  test.prop([seeds], { numRuns: 40 })(
    'stores histories that replay cleanly against their definition, reproducing every value drawn',
    async (seed) => {
      const { definition, stored, randomDraws } = await runThroughEngine(seed);
      const recorded = stored.flatMap(({ facts }) => facts.draws ?? []);
      expect(recorded.filter((value) => typeof value === 'number')).toHaveLength(randomDraws);
      const report = replayHistory(parseDefinition(JSON.stringify(definition)), stored);
      expect(report.divergence).toBeUndefined();
      expect(report).toMatchObject({ mode: 'statefold', matchedEvents: stored.length });
    },
  );
});
