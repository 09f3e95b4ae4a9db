import type { StateMachineModel } from '../asl/index.js';
import {
  decide,
  evolve,
  initialExecutionState,
  type DecideEnv,
  type ExecutionState,
  type Trigger,
} from '../execution/index.js';
import type { RecordedEvent } from '../history/index.js';

// decide tests as the model reads: given the history so far, when one trigger arrives, then these
// new events. Plain code, no test framework; the state is folded with the plain `evolve`.

/** The env `decide` gets at `atMs`, the test's clock in milliseconds since its own start. */
export type EnvAt = (atMs: number) => DecideEnv;

/** A trigger, or a trigger with the time it arrives at (`EnvAt`'s milliseconds; 0 when not given). */
export type TimedTrigger = Trigger | readonly [trigger: Trigger, atMs: number];

/** An execution of `machine` so far: its whole history and the state that history folds to. */
export interface Given {
  readonly machine: StateMachineModel;
  readonly envAt: EnvAt;
  readonly events: readonly RecordedEvent[];
  readonly state: ExecutionState;
}

/** What one trigger did: the events `decide` answered with, and the execution after them (to go on from). */
export interface Then extends Given {
  readonly newEvents: readonly RecordedEvent[];
}

/**
 * Given: the execution of `machine` after `triggers`, each decided in turn (at its time) and folded
 * with `evolve`, as the engine would have recorded it. Pure for a pure `envAt`.
 *
 * @example
 * const waiting = given(machine, envAt, start());
 * expect(when(waiting, { kind: 'TimerFired', key: 2 }, 10_000).newEvents).toHaveLength(4);
 */
export function given(machine: StateMachineModel, envAt: EnvAt, ...triggers: readonly TimedTrigger[]): Given {
  let execution: Given = { machine, envAt, events: [], state: initialExecutionState };
  for (const step of triggers) {
    const [trigger, atMs] = isTrigger(step) ? [step, 0] : step;
    execution = when(execution, trigger, atMs);
  }
  return execution;
}

/** Given: the execution of `machine` whose recorded history is `events` (say, edited from a real one). */
export function givenEvents(machine: StateMachineModel, envAt: EnvAt, events: readonly RecordedEvent[]): Given {
  return { machine, envAt, events, state: events.reduce(evolve, initialExecutionState) };
}

/**
 * When: `trigger` arrives at `atMs` (or with the `env` given, for a test that draws other values);
 * then: the new events, and the execution they lead to. Never changes `execution`.
 */
export function when(execution: Given, trigger: Trigger, atMs = 0, env: DecideEnv = execution.envAt(atMs)): Then {
  const newEvents = decide(execution.machine, execution.state, trigger, env);
  return {
    machine: execution.machine,
    envAt: execution.envAt,
    events: [...execution.events, ...newEvents],
    state: newEvents.reduce(evolve, execution.state),
    newEvents,
  };
}

function isTrigger(step: TimedTrigger): step is Trigger {
  return !Array.isArray(step);
}
