import { fc, test } from '@fast-check/vitest';
import { afterAll, describe, expect } from 'vitest';
import { parseDefinition, type StateMachineModel } from '../asl/index.js';
import { deepFreeze } from '../data/index.js';
import type { RecordedEvent } from '../history/index.js';
import {
  createDecideRuntime,
  decide,
  decideAndFold,
  evolve,
  evolveInPlace,
  foldEvents,
  newFoldDraft,
  initialExecutionState,
  isTerminal,
  pendingEffects,
  type DecideEnv,
  type ExecutionState,
  type PendingTask,
  type Trigger,
} from './index.js';
import { randomMachine, randomTaskOutcome } from '../testing/random-machine.js';

// Properties of the pure core, on random definitions and inputs driven to their end the way the
// engine drives them: effects are performed at once (timers fire at their due time, the random
// Task's function answers from its payload, a `.waitForTaskToken` call is submitted and then its
// token answered the same way, an activity is started by a worker and answered so; one callback or
// activity in five misses its heartbeat instead).

const START = Date.parse('2024-01-01T00:00:00.000Z');
const IDENTITY = {
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:random:run',
  name: 'run',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:random',
  stateMachineName: 'random',
};

interface Run {
  readonly events: RecordedEvent[];
  /** The state after each decide, as the engine holds it live. */
  readonly live: ExecutionState;
  /** After each decide: the state decide folded itself (through its private draft) and `evolve` over its events. */
  readonly folds: { readonly decided: ExecutionState; readonly evolved: ExecutionState }[];
  /** The triggers applied, with the time each was applied at. */
  readonly steps: { readonly trigger: Trigger; readonly at: number }[];
}

// One runtime for every run, as an engine shares one: what it remembers must never change what decide returns.
const runtime = createDecideRuntime();
afterAll(() => runtime.close());

/** Deterministic randomness: the same seed gives the same numbers and UUIDs. */
function seededEnv(seed: number): (at: number) => DecideEnv {
  let state = seed >>> 0;
  let uuids = 0;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  return (at) => ({
    now: new Date(at),
    random,
    uuid: () => `00000000-0000-4000-8000-${String((uuids += 1)).padStart(12, '0')}`,
    runtime,
  });
}

/** Folds events into a state, freezing both first: evolve must never write to either. */
function foldFrozen(state: ExecutionState, events: readonly RecordedEvent[]): ExecutionState {
  let next = state;
  for (const event of events) next = evolve(deepFreeze(next), deepFreeze(structuredClone(event)));
  return next;
}

function drive(model: StateMachineModel, input: unknown, seed: number): Run {
  const envAt = seededEnv(seed);
  const events: RecordedEvent[] = [];
  const steps: { trigger: Trigger; at: number }[] = [];
  const folds: { decided: ExecutionState; evolved: ExecutionState }[] = [];
  let live = initialExecutionState;
  let now = START;
  const apply = (trigger: Trigger): void => {
    // Frozen: decide's draft must copy, never write to, the state it starts from.
    const { events: added, state: decided } = decideAndFold(model, deepFreeze(live), trigger, envAt(now));
    steps.push({ trigger, at: now });
    live = foldFrozen(live, added);
    folds.push({ decided, evolved: live });
    events.push(...added);
  };
  apply({
    kind: 'Start',
    identity: IDENTITY,
    input: JSON.stringify(input),
    roleArn: 'arn:aws:iam::123456789012:role/r',
  });
  const answer = (task: PendingTask): void => {
    const outcome = randomTaskOutcome(task.input);
    const scheduledEventId = task.scheduledEventId;
    apply(
      'output' in outcome
        ? { kind: 'TaskSucceeded', scheduledEventId, output: JSON.stringify(outcome.output) }
        : { kind: 'TaskFailed', scheduledEventId, error: outcome.error, cause: 'random failure' },
    );
  };
  for (let guard = 0; guard < 2_000 && !isTerminal(live); guard++) {
    const effects = pendingEffects(live);
    const invoke = effects.find((effect) => effect.kind === 'invoke');
    if (invoke?.kind === 'invoke') {
      const { task } = invoke;
      if (task.waitForTaskToken)
        apply({ kind: 'TaskSubmitted', scheduledEventId: task.scheduledEventId, output: '{}' });
      else answer(task);
      continue;
    }
    const activity = effects.find((effect) => effect.kind === 'activity');
    if (activity?.kind === 'activity') {
      apply({ kind: 'TaskStarted', scheduledEventId: activity.task.scheduledEventId, workerName: 'worker' });
      continue;
    }
    // A submitted callback or a started activity: its token is answered, or it misses its heartbeat.
    const held = effects.find((effect) => effect.kind === 'heartbeat');
    if (held?.kind === 'heartbeat') {
      const task = live.threads[held.threadId]?.active?.task;
      if (task === undefined) break;
      if (task.scheduledEventId % 5 === 0) {
        now = Math.max(now, Date.parse(held.from) + held.seconds * 1000);
        apply({ kind: 'TaskTimedOut', scheduledEventId: task.scheduledEventId, heartbeat: true });
      } else answer(task);
      continue;
    }
    const timers = effects.flatMap((effect) => (effect.kind === 'timer' ? [effect] : []));
    const first = timers.sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
    if (first === undefined) break;
    now = Math.max(now, Date.parse(first.dueAt));
    apply({ kind: 'TimerFired', key: first.key });
  }
  return { events, live, steps, folds };
}

const machines = fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seed) => {
  const { definition, input } = randomMachine(seed, { callbacks: true });
  return { seed, model: parseDefinition(JSON.stringify(definition)), input };
});

describe('decide and evolve on random state machines', () => {
  test.prop([machines], { numRuns: 150 })('run every execution to an end', ({ model, input, seed }) => {
    const { live } = drive(model, input, seed);
    expect(isTerminal(live)).toBe(true);
    expect(Object.keys(live.threads)).toEqual([]);
  });

  test.prop([machines], { numRuns: 150 })(
    'number events 1, 2, 3 … and link each to an earlier one',
    ({ model, input, seed }) => {
      const { events } = drive(model, input, seed);
      expect(events.map(({ event }) => event.id)).toEqual(events.map((_, index) => index + 1));
      for (const { event } of events) {
        expect(event.previousEventId).toBeGreaterThanOrEqual(0);
        expect(event.previousEventId).toBeLessThan(event.id);
      }
    },
  );

  test.prop([machines], { numRuns: 150 })(
    'fold the stored (JSON round-tripped) history into exactly the live state',
    ({ model, input, seed }) => {
      const { events, live } = drive(model, input, seed);
      const stored = JSON.parse(JSON.stringify(events)) as RecordedEvent[];
      expect(stored.reduce(evolve, initialExecutionState)).toEqual(live);
    },
  );

  test.prop([machines], { numRuns: 150 })(
    'fold in decide (in place, through a draft) exactly what evolve folds',
    ({ model, input, seed }) => {
      const { folds } = drive(model, input, seed);
      for (const { decided, evolved } of folds) expect(decided).toEqual(evolved);
    },
  );

  test.prop([machines], { numRuns: 100 })(
    'fold in place (evolveInPlace), event by event, the states evolve gives from frozen input',
    ({ model, input, seed }) => {
      const { events, live } = drive(model, input, seed);
      const draft = newFoldDraft();
      let pure = initialExecutionState;
      let inPlace = initialExecutionState;
      for (const event of events) {
        // Frozen: evolve throws on any write to its input (the fast path may write only its own objects).
        pure = evolve(deepFreeze(pure), deepFreeze(event));
        inPlace = evolveInPlace(inPlace, event, draft);
        expect(inPlace).toEqual(pure);
      }
      expect(foldEvents(initialExecutionState, events)).toEqual(live);
    },
  );

  test.prop([machines], { numRuns: 100 })(
    'fold every prefix of the history without throwing',
    ({ model, input, seed }) => {
      const { events } = drive(model, input, seed);
      let state = initialExecutionState;
      for (const event of events) {
        state = evolve(state, event);
        expect(() => pendingEffects(state)).not.toThrow();
      }
    },
  );

  test.prop([machines], { numRuns: 100 })(
    'decide the same events for the same state, trigger and env',
    ({ model, input, seed }) => {
      const first = drive(model, input, seed);
      const second = drive(model, input, seed);
      expect(second.events).toEqual(first.events);
    },
  );

  test.prop([machines], { numRuns: 100 })(
    'replay each step: decide from the folded prefix gives the recorded events',
    ({ model, input, seed }) => {
      const { events, steps } = drive(model, input, seed);
      const envAt = seededEnv(seed);
      let state = initialExecutionState;
      let offset = 0;
      for (const { trigger, at } of steps) {
        const added = decide(model, state, trigger, envAt(at));
        expect(added).toEqual(events.slice(offset, offset + added.length));
        offset += added.length;
        state = added.reduce(evolve, state);
      }
      expect(offset).toBe(events.length);
    },
  );

  test.prop([machines], { numRuns: 100 })(
    'accept no trigger once the execution has ended',
    ({ model, input, seed }) => {
      const { live } = drive(model, input, seed);
      const env = seededEnv(seed)(START + 10 ** 9);
      const triggers: Trigger[] = [
        { kind: 'Start', identity: IDENTITY, input: '{}', roleArn: 'r' },
        { kind: 'TimerFired', key: 2 },
        { kind: 'TaskStarted', scheduledEventId: 3 },
        { kind: 'TaskSubmitted', scheduledEventId: 3, output: '{}' },
        { kind: 'TaskSucceeded', scheduledEventId: 3, output: '{}' },
        { kind: 'TaskFailed', scheduledEventId: 3, error: 'E', cause: 'C' },
        { kind: 'TaskTimedOut', scheduledEventId: 3, heartbeat: false },
        { kind: 'StopRequested' },
        { kind: 'ExecutionTimedOut' },
      ];
      for (const trigger of triggers) expect(decide(model, deepFreeze(live), trigger, env)).toEqual([]);
    },
  );
});
