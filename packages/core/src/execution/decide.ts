import type { StateMachineModel } from '../asl/index.js';
import type { EventFacts, RecordedEvent } from '../history/index.js';
import type { FoldDraft } from './fold-draft.js';
import type { JsonValue } from '../data/index.js';
import {
  initialExecutionState,
  isTerminal,
  MAIN_THREAD,
  type ExecutionState,
  type ThreadState,
} from './execution-state.js';
import { abortThread } from './abort-thread.js';
import { enterState, NOT_TRUNCATED, retryState } from './state-flow.js';
import { applyTaskTrigger, endMapRun, finishWait, STATE_RUNNERS } from './states/index.js';
import {
  HistoryLimitReached,
  Macrostep,
  type DecideEnv,
  type MacrostepTestOptions,
  type StateRunners,
  type Work,
} from './macrostep.js';
import type { Trigger } from './trigger.js';
import { redrive } from './decide-redrive.js';
import { canRedrive, redriveFacts } from './redrive-point.js';

/** Limits that shape what `decide` emits. */
export interface DecideOptions {
  /** AWS fails an execution whose history would exceed 25,000 events. */
  readonly maxHistoryEvents?: number;
  /**
   * A draft kept across calls by a caller that holds no other reference to the states it folds
   * (the engine's live execution): the new state may then reuse, in place, the objects earlier
   * calls created, so a step of one thread does not copy a thousand others. Without it decide
   * changes nothing it is given.
   */
  readonly draft?: FoldDraft;
  /** How each state type runs; TestState swaps in mocked Map and Parallel runners. */
  readonly runners?: StateRunners;
  /** TestState's additions: inspection of the tested state and the caller's `$$`. */
  readonly test?: MacrostepTestOptions;
}

/** AWS's history limit. */
export const MAX_HISTORY_EVENTS = 25_000;

/**
 * Runs the state machine forward from `state` for one trigger — Pass → Choice → … in one
 * macrostep — until every thread is blocked on an effect or the execution has ended, and returns
 * the new events with their facts (numbered from `state.lastEventId + 1`). Pure: time and
 * randomness come from `env` and are recorded (every value drawn among the facts of the event it
 * led to); a finished execution, or a trigger for an effect that is no longer pending, yields no
 * events.
 */
export function decide(
  machine: StateMachineModel,
  state: ExecutionState,
  trigger: Trigger,
  env: DecideEnv,
  options: DecideOptions = {},
): RecordedEvent[] {
  return decideAndFold(machine, state, trigger, env, options).events;
}

/**
 * `decide`, also returning the state with the new events folded in (what `evolve` over them
 * gives): decide folds each event as it emits it, so a caller that needs the new state — the
 * engine, on every trigger — need not fold the same events a second time. Pure, like `decide`.
 */
export function decideAndFold(
  machine: StateMachineModel,
  state: ExecutionState,
  trigger: Trigger,
  env: DecideEnv,
  options: DecideOptions = {},
): { readonly events: RecordedEvent[]; readonly state: ExecutionState } {
  if (!accepts(state, trigger)) return { events: [], state };
  const macrostep = newMacrostep(machine, state, env, options);
  return runMacrostep(macrostep, firstWork(macrostep, trigger));
}

/**
 * TestState's first macrostep: starts an execution of `machine` and enters `stateName` (not the
 * machine's StartAt) with the execution's input, the main thread holding `variables` from the start.
 * Pure, like `decide`; the given variables are not among the events, so unlike decide's the state
 * returned is not the fold of the events alone (TestState keeps neither).
 */
export function decideTestStart(
  machine: StateMachineModel,
  trigger: Extract<Trigger, { kind: 'Start' }>,
  stateName: string,
  variables: Readonly<Record<string, JsonValue>> | undefined,
  env: DecideEnv,
  options: DecideOptions = {},
): { readonly events: RecordedEvent[]; readonly state: ExecutionState } {
  const macrostep = newMacrostep(machine, initialExecutionState, env, options);
  start(macrostep, trigger);
  const main = macrostep.state.threads[MAIN_THREAD];
  if (variables !== undefined && main !== undefined) {
    macrostep.state = {
      ...macrostep.state,
      threads: { ...macrostep.state.threads, [MAIN_THREAD]: { ...main, variables } },
    };
  }
  return runMacrostep(macrostep, () => enterState(macrostep, MAIN_THREAD, stateName, trigger.input));
}

function newMacrostep(
  machine: StateMachineModel,
  state: ExecutionState,
  env: DecideEnv,
  options: DecideOptions,
): Macrostep {
  return new Macrostep(
    machine,
    state,
    options.runners ?? STATE_RUNNERS,
    env,
    options.maxHistoryEvents ?? MAX_HISTORY_EVENTS,
    options.draft,
    options.test,
  );
}

function runMacrostep(
  macrostep: Macrostep,
  first: Work | undefined,
): { readonly events: RecordedEvent[]; readonly state: ExecutionState } {
  try {
    macrostep.run(first);
  } catch (error) {
    if (!(error instanceof HistoryLimitReached)) throw error;
  }
  macrostep.flushDraws();
  return { events: macrostep.events, state: macrostep.state };
}

/** Whether `trigger` applies to an execution in `state`: a start to a new one, a redrive to an ended one, the rest to a running one. */
function accepts(state: ExecutionState, trigger: Trigger): boolean {
  if (trigger.kind === 'Start') return state.status === 'NOT_STARTED';
  if (trigger.kind === 'Redrive') return canRedrive(state);
  return !isTerminal(state) && state.status !== 'NOT_STARTED';
}

function firstWork(macrostep: Macrostep, trigger: Trigger): Work | undefined {
  switch (trigger.kind) {
    case 'Start':
      return start(macrostep, trigger);
    case 'TimerFired': {
      const waiting = findThread(macrostep, (thread) => thread.active?.retry?.failedEventId === trigger.key);
      if (waiting !== undefined) return () => retryState(macrostep, waiting.id);
      const wait = findThread(
        macrostep,
        (thread) => thread.active?.type === 'Wait' && thread.active.enteredEventId === trigger.key,
      );
      const active = wait?.active;
      if (wait === undefined || active === undefined) return undefined;
      const definition = macrostep.stateDefinition(wait.id, active.name);
      return definition.Type === 'Wait' ? () => finishWait(macrostep, wait.id, definition) : undefined;
    }
    case 'TaskStarted':
    case 'TaskSubmitted':
    case 'TaskSucceeded':
    case 'TaskFailed':
    case 'TaskTimedOut': {
      const owner = findThread(
        macrostep,
        (thread) => thread.active?.task?.scheduledEventId === trigger.scheduledEventId,
      );
      const active = owner?.active;
      if (owner === undefined || active === undefined) return undefined;
      const definition = macrostep.stateDefinition(owner.id, active.name);
      return definition.Type === 'Task' ? () => applyTaskTrigger(macrostep, owner.id, definition, trigger) : undefined;
    }
    case 'MapRunEnded': {
      const owner = findThread(
        macrostep,
        (thread) => thread.active?.mapRun?.startedEventId === trigger.mapRunStartedEventId,
      );
      const active = owner?.active;
      if (owner === undefined || active === undefined) return undefined;
      const definition = macrostep.stateDefinition(owner.id, active.name);
      return definition.Type === 'Map' ? () => endMapRun(macrostep, owner.id, definition, trigger) : undefined;
    }
    case 'StopRequested':
      return () => {
        const facts = abortForRedrive(macrostep);
        macrostep.emit(
          MAIN_THREAD,
          'ExecutionAborted',
          {
            executionAbortedEventDetails: {
              ...(trigger.error !== undefined ? { error: trigger.error } : {}),
              ...(trigger.cause !== undefined ? { cause: trigger.cause } : {}),
            },
          },
          { facts },
        );
        return undefined;
      };
    case 'RuntimeFailure':
      return () => {
        abortThread(macrostep, MAIN_THREAD);
        macrostep.emit(MAIN_THREAD, 'ExecutionFailed', {
          executionFailedEventDetails: { error: 'States.Runtime', cause: trigger.cause },
        });
        return undefined;
      };
    case 'ExecutionTimedOut':
      return () => {
        const facts = abortForRedrive(macrostep);
        macrostep.emit(
          MAIN_THREAD,
          'ExecutionTimedOut',
          { executionTimedOutEventDetails: { error: 'States.Timeout' } },
          { facts },
        );
        return undefined;
      };
    case 'Redrive':
      return () => redrive(macrostep, trigger);
  }
}

/** Aborts the main thread, returning the facts of the end: where a redrive would re-enter, taken before the abort. */
function abortForRedrive(macrostep: Macrostep): { readonly redrive?: NonNullable<EventFacts['redrive']> } {
  const redrive = redriveFacts(macrostep);
  abortThread(macrostep, MAIN_THREAD);
  return redrive === undefined ? {} : { redrive };
}

/** An Express execution runs for at most five minutes (AWS's limit), whatever its TimeoutSeconds says. */
export const EXPRESS_MAX_DURATION_SECONDS = 300;

function start(macrostep: Macrostep, trigger: Extract<Trigger, { kind: 'Start' }>): Work {
  const written = macrostep.machine.TimeoutSeconds;
  const timeoutSeconds =
    trigger.identity.stateMachineType === 'EXPRESS'
      ? Math.min(written ?? EXPRESS_MAX_DURATION_SECONDS, EXPRESS_MAX_DURATION_SECONDS)
      : written;
  macrostep.emit(
    MAIN_THREAD,
    'ExecutionStarted',
    {
      executionStartedEventDetails: {
        input: trigger.input,
        inputDetails: NOT_TRUNCATED,
        roleArn: trigger.roleArn,
        ...(trigger.stateMachineAliasArn !== undefined ? { stateMachineAliasArn: trigger.stateMachineAliasArn } : {}),
        ...(trigger.stateMachineVersionArn !== undefined
          ? { stateMachineVersionArn: trigger.stateMachineVersionArn }
          : {}),
      },
    },
    {
      facts: {
        execution: trigger.identity,
        ...(timeoutSeconds !== undefined
          ? { timeoutAt: macrostep.formatTimestamp(macrostep.env.now.getTime() + timeoutSeconds * 1000) }
          : {}),
      },
    },
  );
  const runtimeFailure = trigger.runtimeFailure;
  if (runtimeFailure !== undefined)
    return () => {
      macrostep.emit(MAIN_THREAD, 'ExecutionFailed', {
        executionFailedEventDetails: { error: 'States.Runtime', cause: runtimeFailure },
      });
      return undefined;
    };
  return () => enterState(macrostep, MAIN_THREAD, macrostep.machine.StartAt, trigger.input);
}

function findThread(macrostep: Macrostep, test: (thread: ThreadState) => boolean): ThreadState | undefined {
  for (const thread of Object.values(macrostep.state.threads)) if (test(thread)) return thread;
  return undefined;
}
