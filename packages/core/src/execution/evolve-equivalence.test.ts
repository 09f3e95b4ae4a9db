import { afterAll, describe, expect, it } from 'vitest';
import { parseDefinition } from '../asl/index.js';
import { deepFreeze } from '../data/index.js';
import type { HistoryEventType, RecordedEvent } from '../history/index.js';
import { EVENT_TYPES, IDENTITY, NOT_EMITTED, SCENARIOS, T0, type Scenario } from '../testing/covering-histories.js';
import { given, when, type Given } from '../testing/given-when-then.js';
import {
  createDecideRuntime,
  decideAndFold,
  evolve,
  evolveInPlace,
  foldEvents,
  initialExecutionState,
  newFoldDraft,
  type DecideEnv,
  type ExecutionState,
  type Trigger,
} from './index.js';

// `evolve` and its fast path (`evolveInPlace`, `foldEvents`, and decide's own fold) are two
// implementations of one reducer. The random machines of decide.property.test.ts reach only some
// event types; the covering histories, driven through `decide` by every kind of trigger, reach every
// event type statefold emits, and the folds are compared after every event.

const runtime = createDecideRuntime();
afterAll(() => runtime.close());

/** A fresh, seeded env per call: the same time gives the same draws, so a step can be decided twice. */
function envAt(atMs: number): DecideEnv {
  let seed = 7;
  let uuids = 0;
  return {
    now: new Date(T0 + atMs),
    random: () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 4294967296;
    },
    uuid: () => `00000000-0000-4000-8000-${String((uuids += 1)).padStart(12, '0')}`,
    runtime,
  };
}

/** A scenario run through decide, each step also decided by decideAndFold from a frozen state. */
function run(scenario: Scenario): {
  readonly events: readonly RecordedEvent[];
  readonly decided: readonly { readonly decided: ExecutionState; readonly evolved: ExecutionState }[];
  readonly status: ExecutionState['status'];
  /** The steps (1 = the first after Start) that decide answered with no events. */
  readonly ignoredSteps: readonly number[];
} {
  const machine = parseDefinition(JSON.stringify(scenario.definition));
  const start: Trigger = { kind: 'Start', identity: IDENTITY, input: JSON.stringify(scenario.input), roleArn: 'role' };
  const decided = [{ decided: decideAndFold(machine, initialExecutionState, start, envAt(0)).state }];
  let execution: Given = given(machine, envAt, start);
  const evolved = [execution.state];
  const ignoredSteps: number[] = [];
  // Time only moves on: a trigger without a time of its own arrives when the previous one did.
  let now = 0;
  for (const step of scenario.steps) {
    const timed = step(execution);
    const [trigger, atMs] = 'kind' in timed ? [timed, now] : [timed[0], Math.max(now, timed[1])];
    now = atMs;
    decided.push({ decided: decideAndFold(machine, deepFreeze(execution.state), trigger, envAt(atMs)).state });
    const then = when(execution, trigger, atMs);
    if (then.newEvents.length === 0) ignoredSteps.push(evolved.length);
    execution = then;
    evolved.push(execution.state);
  }
  return {
    events: execution.events,
    decided: decided.map((entry, index) => ({ decided: entry.decided, evolved: evolved[index] ?? execution.state })),
    status: execution.state.status,
    ignoredSteps,
  };
}

const RUNS = SCENARIOS.map((scenario) => ({ ...scenario, ...run(scenario) }));

describe('evolve and its fast path', () => {
  it.each(RUNS)('fold $name to equal states after every event', ({ events }) => {
    const draft = newFoldDraft();
    let pure = initialExecutionState;
    let inPlace = initialExecutionState;
    for (const recorded of events) {
      const label = `after event ${recorded.event.id} (${recorded.event.type})`;
      // Frozen: evolve throws on any write to its input, and so does the fast path on a state its draft did not make.
      const event = deepFreeze(structuredClone(recorded));
      const before = deepFreeze(pure);
      pure = evolve(before, event);
      inPlace = evolveInPlace(inPlace, event, draft);
      expect(inPlace, `in place, one draft, ${label}`).toStrictEqual(pure);
      expect(evolveInPlace(before, event, newFoldDraft()), `copying, a fresh draft, ${label}`).toStrictEqual(pure);
    }
    expect(foldEvents(initialExecutionState, events)).toStrictEqual(pure);
  });

  it.each(RUNS)('fold in decide, for $name, what evolve folds from its events', ({ decided }) => {
    for (const [step, { decided: state, evolved }] of decided.entries())
      expect(state, `after step ${step}`).toStrictEqual(evolved);
  });

  // A trigger that decide ignored would leave a gap in what a scenario claims to cover.
  it.each(RUNS)('answer every step of $name with new events', ({ ignoredSteps }) => {
    expect(ignoredSteps).toEqual([]);
  });

  it.each(RUNS)('end $name as $ends', ({ status, ends }) => {
    expect(status).toBe(ends);
  });

  it('cover every event type statefold emits', () => {
    const covered = new Set(RUNS.flatMap(({ events }) => events.map(({ event }) => event.type)));
    const notEmitted = new Set<HistoryEventType>(NOT_EMITTED);
    const emitted = (Object.keys(EVENT_TYPES) as HistoryEventType[]).filter((type) => !notEmitted.has(type));
    expect([...covered].sort()).toEqual(emitted.sort());
  });
});
