import type { ParallelState } from '../asl/index.js';
import { applyInputPath, resolvePayloadTemplate, type JsonValue } from '../data/index.js';
import { evaluateField } from './data-flow.js';
import { childThreadId } from './execution-state.js';
import { abortChildren } from './abort-thread.js';
import type { ChildEnd } from './child-end.js';
import {
  emitEntered,
  enterState,
  finishWithResult,
  guardState,
  handleStateFailure,
  serializeOutput,
} from './state-flow.js';
import type { Stepper, Work } from './stepper.js';

/** Parallel: enters, then runs every branch as a thread of its own on the same input. */
export function runParallel(
  s: Stepper,
  threadId: string,
  def: ParallelState,
  name: string,
  input: string,
): Work | undefined {
  emitEntered(s, threadId, def, name, input);
  return guardState(s, threadId, def, () => startParallel(s, threadId, def));
}

/** Starts (or, after a retry delay, restarts) the branches of the thread's active Parallel state. */
export function startParallel(s: Stepper, threadId: string, def: ParallelState): Work | undefined {
  const active = s.active(threadId);
  if (active === undefined) return undefined;
  const dc = s.dataContext(threadId);
  const raw = JSON.parse(active.input) as JsonValue;
  let branchInput: JsonValue;
  if (def.QueryLanguage === 'JSONata') {
    branchInput =
      def.Arguments !== undefined ? evaluateField(s, threadId, def.Arguments, 'Arguments', { input: raw }) : raw;
  } else {
    const effective = applyInputPath(def.InputPath, raw, dc);
    branchInput =
      def.Parameters !== undefined ? resolvePayloadTemplate(def.Parameters, effective, dc, 'Parameters') : effective;
  }
  const text = serializeOutput(s, threadId, branchInput);
  const started = s.emit(threadId, 'ParallelStateStarted', {});
  for (const [index, branch] of def.Branches.entries()) {
    // A branch that failed at once has already failed the Parallel: start no more.
    if (s.active(threadId)?.parallel?.startedEventId !== started.id) break;
    const branchId = childThreadId(threadId, started.id, index);
    s.runThread(() => enterState(s, branchId, branch.StartAt, text));
  }
  return completeParallel(s, threadId, def, started.id);
}

/** A branch ended: a success may complete the Parallel, a failure fails it (aborting the other branches). */
export function parallelBranchEnded(
  s: Stepper,
  parentId: string,
  branchId: string,
  outcome: ChildEnd,
): Work | undefined {
  const parallel = s.active(parentId)?.parallel;
  const parentName = s.active(parentId)?.name;
  if (parallel === undefined || parentName === undefined) return undefined;
  const def = s.stateDef(parentId, parentName);
  if (def.Type !== 'Parallel') return undefined;
  const startedEventId = parallel.startedEventId;
  if ('output' in outcome) {
    s.enqueue(() => completeParallel(s, parentId, def, startedEventId));
    return undefined;
  }
  const failedEventId = s.thread(branchId)?.lastEventId ?? s.state.lastEventId;
  abortChildren(s, parentId, startedEventId, branchId);
  const next = handleStateFailure(s, parentId, def, outcome.error ?? '', outcome.cause, (facts) => {
    s.emit(parentId, 'ParallelStateFailed', {}, { previousEventId: failedEventId, facts });
  });
  if (next !== undefined) s.enqueue(next);
  return undefined;
}

function completeParallel(s: Stepper, threadId: string, def: ParallelState, startedEventId: number): Work | undefined {
  const parallel = s.active(threadId)?.parallel;
  if (parallel?.startedEventId !== startedEventId || parallel.succeeded < def.Branches.length) return undefined;
  const results = def.Branches.map((_, index) => JSON.parse(parallel.outputs[index] ?? 'null') as JsonValue);
  s.emit(threadId, 'ParallelStateSucceeded', {}, { previousEventId: parallel.lastBranchEventId });
  return finishWithResult(s, threadId, def, results, parallel.lastBranchEventId);
}
