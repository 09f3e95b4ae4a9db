import type { ParallelState } from '../../asl/index.js';
import { applyInputPath, resolvePayloadTemplate, type JsonValue } from '../../data/index.js';
import { evaluateField } from '../data-flow.js';
import { inspect } from '../inspection.js';
import { childThreadId } from '../execution-state.js';
import { abortChildren } from '../abort-thread.js';
import type { ChildEnd } from '../child-end.js';
import {
  emitEntered,
  enterState,
  finishWithResult,
  guardState,
  handleStateFailure,
  serializeOutput,
} from '../state-flow.js';
import type { Macrostep, Work } from '../macrostep.js';
import { noteFailedRun, takeCarried } from '../redrive-point.js';

/** Parallel: enters, then runs every branch as a thread of its own on the same input. */
export function runParallel(
  macrostep: Macrostep,
  threadId: string,
  definition: ParallelState,
  name: string,
  input: string,
): Work | undefined {
  emitEntered(macrostep, threadId, definition, name, input);
  return guardState(macrostep, threadId, definition, () => startParallel(macrostep, threadId, definition));
}

/** Starts (or, after a retry delay, restarts) the branches of the thread's active Parallel state. */
export function startParallel(macrostep: Macrostep, threadId: string, definition: ParallelState): Work | undefined {
  if (macrostep.active(threadId) === undefined) return undefined;
  const branchInput = parallelInput(macrostep, threadId, definition);
  const text = serializeOutput(macrostep, threadId, branchInput);
  const carried = takeCarried(macrostep, threadId);
  const started = macrostep.emit(
    threadId,
    'ParallelStateStarted',
    {},
    carried === undefined ? {} : { facts: { carried } },
  );
  for (const [index, branch] of definition.Branches.entries()) {
    if (carried?.[index] !== undefined) continue;
    // A branch that failed at once has already failed the Parallel: start no more.
    if (macrostep.active(threadId)?.parallel?.startedEventId !== started.id) break;
    const branchId = childThreadId(threadId, started.id, index);
    macrostep.runThread(() => enterState(macrostep, branchId, branch.StartAt, text));
  }
  return completeParallel(macrostep, threadId, definition, started.id);
}

/** The input every branch of the thread's active Parallel state starts with. Throws `StatesFailure` as the state fails. */
export function parallelInput(macrostep: Macrostep, threadId: string, definition: ParallelState): JsonValue {
  const dataContext = macrostep.dataContext(threadId);
  const raw = JSON.parse(macrostep.active(threadId)?.input ?? 'null') as JsonValue;
  if (definition.QueryLanguage === 'JSONata') {
    const input =
      definition.Arguments !== undefined
        ? evaluateField(macrostep, threadId, definition.Arguments, 'Arguments', { input: raw })
        : raw;
    inspect(macrostep, threadId, { afterArguments: input });
    return input;
  }
  const effective = applyInputPath(definition.InputPath, raw, dataContext);
  const input =
    definition.Parameters !== undefined
      ? resolvePayloadTemplate(definition.Parameters, effective, dataContext, 'Parameters')
      : effective;
  inspect(macrostep, threadId, { afterInputPath: effective, afterParameters: input });
  return input;
}

/** A branch ended: a success may complete the Parallel, a failure fails it (aborting the other branches). */
export function parallelBranchEnded(
  macrostep: Macrostep,
  parentId: string,
  branchId: string,
  outcome: ChildEnd,
): Work | undefined {
  const parallel = macrostep.active(parentId)?.parallel;
  const parentName = macrostep.active(parentId)?.name;
  if (parallel === undefined || parentName === undefined) return undefined;
  const definition = macrostep.stateDefinition(parentId, parentName);
  if (definition.Type !== 'Parallel') return undefined;
  const startedEventId = parallel.startedEventId;
  if ('output' in outcome) {
    macrostep.enqueue(() => completeParallel(macrostep, parentId, definition, startedEventId));
    return undefined;
  }
  const failedEventId = macrostep.thread(branchId)?.lastEventId ?? macrostep.state.lastEventId;
  noteFailedRun(macrostep, parentId, parallel.outputs);
  abortChildren(macrostep, parentId, startedEventId, branchId);
  const next = handleStateFailure(macrostep, parentId, definition, outcome.error ?? '', outcome.cause, (facts) => {
    macrostep.emit(parentId, 'ParallelStateFailed', {}, { previousEventId: failedEventId, facts });
  });
  if (next !== undefined) macrostep.enqueue(next);
  return undefined;
}

function completeParallel(
  macrostep: Macrostep,
  threadId: string,
  definition: ParallelState,
  startedEventId: number,
): Work | undefined {
  const parallel = macrostep.active(threadId)?.parallel;
  if (parallel?.startedEventId !== startedEventId || parallel.succeeded < definition.Branches.length) return undefined;
  const results = definition.Branches.map((_, index) => JSON.parse(parallel.outputs[index] ?? 'null') as JsonValue);
  macrostep.emit(threadId, 'ParallelStateSucceeded', {}, { previousEventId: parallel.lastBranchEventId });
  return finishWithResult(macrostep, threadId, definition, results, parallel.lastBranchEventId);
}
