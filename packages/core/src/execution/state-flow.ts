import type { PassState, State, WaitState } from '../asl/index.js';
import {
  applyOutputPath,
  applyResultPath,
  assertNever,
  jsonNestsDeeperThan,
  nestingProblem,
  resolvePayloadTemplate,
  type JsonValue,
} from '../data/index.js';
import { StatesFailure } from '../errors/index.js';
import type { HistoryEventType } from '../history/index.js';
import { MAIN_THREAD, parentThreadId } from './execution-state.js';
import type { ChildEnd, Failure } from './child-end.js';
import { chooseRecovery } from './recovery.js';
import { inspect } from './inspection.js';
import { assignedVariables, emitEvaluationFailed, jsonataOutput } from './data-flow.js';
import type { Macrostep, Work } from './macrostep.js';
import { redriveFacts } from './redrive-point.js';

// How a thread moves through states: entering, leaving with an output, failing, ending. The
// state-type runners (states/*.ts) call these; nothing else emits StateEntered/StateExited events.
// This module does not import the runners: it reaches them through the macrostep's table
// (`macrostep.runners`, built in states/index.ts), so the runners can import it without a cycle.

/** AWS's payload limit for inputs, outputs and results (256 KiB, UTF-8). */
export const MAX_PAYLOAD_BYTES = 262_144;

const enteredType = {
  Pass: 'PassStateEntered',
  Task: 'TaskStateEntered',
  Choice: 'ChoiceStateEntered',
  Wait: 'WaitStateEntered',
  Succeed: 'SucceedStateEntered',
  Fail: 'FailStateEntered',
  Parallel: 'ParallelStateEntered',
  Map: 'MapStateEntered',
} as const satisfies Record<State['Type'], HistoryEventType>;

const exitedType = {
  Pass: 'PassStateExited',
  Task: 'TaskStateExited',
  Choice: 'ChoiceStateExited',
  Wait: 'WaitStateExited',
  Succeed: 'SucceedStateExited',
  Parallel: 'ParallelStateExited',
  Map: 'MapStateExited',
} as const satisfies Record<Exclude<State['Type'], 'Fail'>, HistoryEventType>;

/** Shared by every event that says so: events are frozen once stored, so sharing is safe (and one object fewer to keep per event). */
export const NOT_TRUNCATED = Object.freeze({ truncated: false });
const NO_OPTIONS = Object.freeze({});

/** Emits the …StateEntered event of `definition` on the thread. */
export function emitEntered(
  macrostep: Macrostep,
  threadId: string,
  definition: State,
  name: string,
  input: string,
  dueAt?: string,
): void {
  macrostep.emit(
    threadId,
    enteredType[definition.Type],
    { stateEnteredEventDetails: { name, input, inputDetails: NOT_TRUNCATED } },
    dueAt !== undefined ? { facts: { dueAt } } : NO_OPTIONS,
  );
}

/**
 * JSON text of a value, failing with States.DataLimitExceeded above AWS's payload limit, and with
 * States.Runtime when it nests deeper than MAX_JSON_DEPTH (a state that wraps its input in a loop
 * would otherwise grow it until some walk of it overflows the stack).
 */
export function serializeOutput(macrostep: Macrostep, threadId: string, value: JsonValue): string {
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    // Only a value nested far beyond the bound overflows the stack here.
    if (!(error instanceof RangeError)) throw error;
    throw tooDeepFailure(macrostep, threadId);
  }
  if (jsonNestsDeeperThan(text)) throw tooDeepFailure(macrostep, threadId);
  if (text.length > MAX_PAYLOAD_BYTES / 4 && Buffer.byteLength(text, 'utf8') > MAX_PAYLOAD_BYTES) {
    const name = macrostep.active(threadId)?.name ?? '';
    throw new StatesFailure(
      'States.DataLimitExceeded',
      `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    );
  }
  macrostep.lastSerialized = text;
  return text;
}

function tooDeepFailure(macrostep: Macrostep, threadId: string): StatesFailure {
  const name = macrostep.active(threadId)?.name ?? '';
  return new StatesFailure(
    'States.Runtime',
    `The state/task '${name}' returned a result that cannot be processed: ${nestingProblem()}.`,
  );
}

/**
 * True when `text` is JSON that `serializeOutput` wrote last in this macrostep: already compact,
 * canonical and within the payload limit, so passing it on unchanged equals parsing and
 * serializing it again.
 */
export function isSerializedOutput(macrostep: Macrostep, text: string): boolean {
  return macrostep.lastSerialized === text;
}

/**
 * Leaves a JSONata Pass or Wait state the way both leave: `Assign` and `Output` read `$states.input`
 * (the state's input, `raw`), and the output is the input when there is no `Output`.
 */
export function exitJsonataState(
  macrostep: Macrostep,
  threadId: string,
  definition: PassState | WaitState,
  raw: JsonValue,
): Work | undefined {
  const states = { input: raw };
  const assigned = assignedVariables(macrostep, threadId, definition, definition.Assign, { value: raw, states });
  const output = jsonataOutput(macrostep, threadId, definition.Output, states, raw);
  return exitState(
    macrostep,
    threadId,
    definition,
    serializeOutput(macrostep, threadId, output),
    definition.Next,
    undefined,
    assigned,
  );
}

/**
 * Leaves the thread's active state with `output` (JSON text) and returns the continuation:
 * the next state, or the end of the thread. `previousEventId` overrides the link (Parallel and Map
 * exits link where AWS links them).
 */
export function exitState(
  macrostep: Macrostep,
  threadId: string,
  definition: Exclude<State, { Type: 'Fail' }>,
  output: string,
  next: string | undefined,
  previousEventId?: number,
  assigned?: Readonly<Record<string, string>>,
): Work | undefined {
  const active = macrostep.active(threadId);
  const name = active?.name ?? '';
  const endsBranch = next === undefined && isParallelBranch(macrostep, threadId);
  // Built without spreads: this runs for every state of every execution.
  const details =
    assigned === undefined
      ? { name, output, outputDetails: NOT_TRUNCATED }
      : {
          name,
          output,
          outputDetails: NOT_TRUNCATED,
          assignedVariables: assigned,
          assignedVariablesDetails: NOT_TRUNCATED,
        };
  const options: { previousEventId?: number; facts?: { threadEnd: { output: string } } } = {};
  if (previousEventId !== undefined) options.previousEventId = previousEventId;
  if (endsBranch) options.facts = { threadEnd: { output } };
  macrostep.emit(threadId, exitedType[definition.Type], { stateExitedEventDetails: details }, options);
  if (next !== undefined) return () => enterState(macrostep, threadId, next, output);
  return endThread(macrostep, threadId, output);
}

/** Enters a state and runs it with its type's runner until it blocks, fails or leaves. */
export function enterState(macrostep: Macrostep, threadId: string, name: string, input: string): Work | undefined {
  const definition = macrostep.stateDefinition(threadId, name);
  const runners = macrostep.runners;
  // A switch rather than `runners[definition.Type]`: it narrows `definition` for each runner without a cast, and
  // each call keeps a single target (this runs for every state entered).
  switch (definition.Type) {
    case 'Pass':
      return runners.Pass.enter(macrostep, threadId, definition, name, input);
    case 'Choice':
      return runners.Choice.enter(macrostep, threadId, definition, name, input);
    case 'Wait':
      return runners.Wait.enter(macrostep, threadId, definition, name, input);
    case 'Succeed':
      return runners.Succeed.enter(macrostep, threadId, definition, name, input);
    case 'Fail':
      return runners.Fail.enter(macrostep, threadId, definition, name, input);
    case 'Task':
      return runners.Task.enter(macrostep, threadId, definition, name, input);
    case 'Parallel':
      return runners.Parallel.enter(macrostep, threadId, definition, name, input);
    case 'Map':
      return runners.Map.enter(macrostep, threadId, definition, name, input);
    default:
      return assertNever(definition);
  }
}

/** Runs the thread's active state again once its retry delay has passed. */
export function retryState(macrostep: Macrostep, threadId: string): Work | undefined {
  const active = macrostep.active(threadId);
  if (active?.retry === undefined) return undefined;
  const definition = macrostep.stateDefinition(threadId, active.name);
  const runners = macrostep.runners;
  switch (definition.Type) {
    case 'Task':
      return guardState(macrostep, threadId, definition, () => runners.Task.retry(macrostep, threadId, definition));
    case 'Parallel':
      return guardState(macrostep, threadId, definition, () => runners.Parallel.retry(macrostep, threadId, definition));
    case 'Map':
      return guardState(macrostep, threadId, definition, () => runners.Map.retry(macrostep, threadId, definition));
    default:
      return undefined;
  }
}

/** A thread reached the end of its scope with `output`. */
export function endThread(macrostep: Macrostep, threadId: string, output: string): Work | undefined {
  if (threadId === MAIN_THREAD) {
    macrostep.emit(MAIN_THREAD, 'ExecutionSucceeded', {
      executionSucceededEventDetails: { output, outputDetails: NOT_TRUNCATED },
    });
    return undefined;
  }
  return childEnded(macrostep, threadId, { output });
}

/** A failure with its cause only when there is one (AWS omits an absent cause). */
export function failureOf(error: string, cause: string | undefined): Failure {
  return cause === undefined ? { error } : { error, cause };
}

/** A thread failed and nothing in it caught the failure: it ends, and its parent (or the execution) fails. */
export function failThread(macrostep: Macrostep, threadId: string, failure: Failure): Work | undefined {
  if (threadId === MAIN_THREAD) {
    const redrive = redriveFacts(macrostep);
    macrostep.emit(
      MAIN_THREAD,
      'ExecutionFailed',
      { executionFailedEventDetails: failure },
      redrive === undefined ? NO_OPTIONS : { facts: { redrive } },
    );
    return undefined;
  }
  return childEnded(macrostep, threadId, failure);
}

/** Runs a state's data processing; a `StatesFailure` it throws becomes a state failure (Retry/Catch apply). */
export function guardState(
  macrostep: Macrostep,
  threadId: string,
  definition: State,
  body: () => Work | undefined,
): Work | undefined {
  try {
    return body();
  } catch (error) {
    if (!(error instanceof StatesFailure)) throw error;
    return failState(macrostep, threadId, definition, error);
  }
}

/**
 * A state's own processing failed. A JSONata evaluation failure is first recorded with an
 * EvaluationFailed event; a Map or Parallel that fails so before starting also records its
 * …StateFailed event (conformance scenarios/test_map_state_items_*). Then Retry/Catch apply.
 */
export function failState(
  macrostep: Macrostep,
  threadId: string,
  definition: State,
  failure: StatesFailure,
): Work | undefined {
  if (failure.error !== 'States.QueryEvaluationError')
    return handleStateFailure(macrostep, threadId, definition, failure.error, failure.cause);
  const atEntry = emitEvaluationFailed(macrostep, threadId, failure);
  const failedType = !atEntry
    ? undefined
    : definition.Type === 'Map'
      ? 'MapStateFailed'
      : definition.Type === 'Parallel'
        ? 'ParallelStateFailed'
        : undefined;
  if (failedType === undefined)
    return handleStateFailure(macrostep, threadId, definition, failure.error, failure.cause);
  return handleStateFailure(macrostep, threadId, definition, failure.error, failure.cause, (facts) => {
    macrostep.emit(threadId, failedType, {}, { facts });
  });
}

function childEnded(macrostep: Macrostep, threadId: string, outcome: ChildEnd): Work | undefined {
  const parentId = parentThreadId(threadId);
  if (parentId === undefined) return undefined;
  const parent = macrostep.active(parentId);
  if (parent?.parallel !== undefined)
    return macrostep.runners.Parallel.childEnded(macrostep, parentId, threadId, outcome);
  if (parent?.map !== undefined) return macrostep.runners.Map.childEnded(macrostep, parentId, threadId, outcome);
  return undefined;
}

function isParallelBranch(macrostep: Macrostep, threadId: string): boolean {
  const parentId = parentThreadId(threadId);
  return parentId !== undefined && macrostep.active(parentId)?.parallel !== undefined;
}

/**
 * Applies ResultSelector, ResultPath and OutputPath to a state's result (JSONPath states), then
 * leaves the state. A data failure here is a state failure (Catch may handle it).
 */
export function finishWithResult(
  macrostep: Macrostep,
  threadId: string,
  definition: Extract<State, { Type: 'Task' | 'Parallel' | 'Map' }>,
  result: JsonValue,
  previousEventId?: number,
): Work | undefined {
  const active = macrostep.active(threadId);
  if (active === undefined) return undefined;
  return guardState(macrostep, threadId, definition, () => {
    const dataContext = macrostep.dataContext(threadId);
    if (definition.QueryLanguage === 'JSONata') {
      const states = { input: JSON.parse(active.input) as JsonValue, result };
      if (definition.Type === 'Task') inspect(macrostep, threadId, { result });
      const assigned = assignedVariables(macrostep, threadId, definition, definition.Assign, { value: result, states });
      const output = jsonataOutput(macrostep, threadId, definition.Output, states, result);
      return exitState(
        macrostep,
        threadId,
        definition,
        serializeOutput(macrostep, threadId, output),
        definition.Next,
        previousEventId,
        assigned,
      );
    }
    const selected =
      definition.ResultSelector !== undefined
        ? resolvePayloadTemplate(definition.ResultSelector, result, dataContext, 'ResultSelector')
        : result;
    // Without Assign and with the default ResultPath the state's input is not read (nor parsed).
    const readsInput = definition.Assign !== undefined || definition.ResultPath !== undefined;
    const stateInput = readsInput ? (JSON.parse(active.input) as JsonValue) : null;
    // JSONPath Assign reads the result (after ResultSelector), as AWS defines for Task, Parallel and Map.
    const assigned = assignedVariables(macrostep, threadId, definition, definition.Assign, {
      value: selected,
      states: { input: stateInput, result: selected },
    });
    const withResult = applyResultPath(
      definition.ResultPath === undefined ? '$' : definition.ResultPath,
      stateInput,
      selected,
      dataContext,
    );
    if (definition.Type === 'Task')
      inspect(macrostep, threadId, { result, afterResultSelector: selected, afterResultPath: withResult });
    const output = applyOutputPath(definition.OutputPath, withResult, dataContext);
    return exitState(
      macrostep,
      threadId,
      definition,
      serializeOutput(macrostep, threadId, output),
      definition.Next,
      previousEventId,
      assigned,
    );
  });
}

/**
 * A state failed with `error`. Decides Retry, Catch or propagation (as AWS matches them), emits
 * the failure event through `emitFailure` with the retry facts when there is one, and continues.
 * `emitFailure` is absent for failures that have no event of their own (data failures).
 */
export function handleStateFailure(
  macrostep: Macrostep,
  threadId: string,
  definition: State,
  error: string,
  cause: string | undefined,
  emitFailure?: (facts: { dueAt?: string; retrierIndex?: number }) => void,
  reportedByTask = false,
): Work | undefined {
  inspect(macrostep, threadId, { failure: cause === undefined ? { error } : { error, cause } });
  const active = macrostep.active(threadId);
  const recovery =
    active === undefined
      ? { kind: 'propagate' as const }
      : chooseRecovery(definition, active, error, macrostep.env, emitFailure !== undefined, reportedByTask);
  switch (recovery.kind) {
    case 'retry':
      inspect(macrostep, threadId, {
        errorDetails: {
          retryBackoffIntervalSeconds: (Date.parse(recovery.dueAt) - macrostep.env.now.getTime()) / 1000,
          retryIndex: recovery.retrierIndex,
        },
      });
      emitFailure?.({ dueAt: recovery.dueAt, retrierIndex: recovery.retrierIndex });
      if (recovery.dueAt <= macrostep.timestamp) return () => retryState(macrostep, threadId);
      return undefined;
    case 'catch': {
      emitFailure?.({});
      if (active === undefined) return undefined;
      const catcher = recovery.catcher;
      if ('Catch' in definition)
        inspect(macrostep, threadId, { errorDetails: { catchIndex: (definition.Catch ?? []).indexOf(catcher) } });
      try {
        const dataContext = macrostep.dataContext(threadId);
        const stateInput = JSON.parse(active.input) as JsonValue;
        const errorOutput: JsonValue = cause === undefined ? { Error: error } : { Error: error, Cause: cause };
        if (definition.Type === 'Fail') return failThread(macrostep, threadId, failureOf(error, cause));
        const catchField = `Catch[${'Catch' in definition ? (definition.Catch ?? []).indexOf(catcher) : 0}]`;
        const states = { input: stateInput, errorOutput };
        const assigned = assignedVariables(
          macrostep,
          threadId,
          definition,
          catcher.Assign,
          { value: errorOutput, states },
          `${catchField}/Assign`,
        );
        const output =
          definition.QueryLanguage === 'JSONata'
            ? jsonataOutput(macrostep, threadId, catcher.Output, states, errorOutput, `${catchField}/Output`)
            : applyResultPath(
                catcher.ResultPath === undefined ? '$' : catcher.ResultPath,
                stateInput,
                errorOutput,
                dataContext,
              );
        return exitState(
          macrostep,
          threadId,
          definition,
          serializeOutput(macrostep, threadId, output),
          catcher.Next,
          undefined,
          assigned,
        );
      } catch (failure) {
        if (!(failure instanceof StatesFailure)) throw failure;
        if (failure.error === 'States.QueryEvaluationError') emitEvaluationFailed(macrostep, threadId, failure);
        return failThread(macrostep, threadId, { error: failure.error, cause: failure.cause });
      }
    }
    case 'propagate':
      emitFailure?.({});
      return failThread(macrostep, threadId, failureOf(error, cause));
  }
}
