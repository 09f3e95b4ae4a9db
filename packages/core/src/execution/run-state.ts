import type { State } from '../asl/index.js';
import { assertNever } from '../data/index.js';
import { runChoice } from './run-choice.js';
import { runFail } from './run-fail.js';
import { runMap, startMap } from './run-map.js';
import { runParallel, startParallel } from './run-parallel.js';
import { runPass } from './run-pass.js';
import { runSucceed } from './run-succeed.js';
import { runTask, scheduleTask } from './run-task.js';
import { runWait } from './run-wait.js';
import { guardState } from './state-flow.js';
import type { Stepper, Work } from './stepper.js';

/** Enters `def` on the thread and runs it with its type's runner. */
export function runState(s: Stepper, threadId: string, def: State, name: string, input: string): Work | undefined {
  switch (def.Type) {
    case 'Pass':
      return runPass(s, threadId, def, name, input);
    case 'Choice':
      return runChoice(s, threadId, def, name, input);
    case 'Wait':
      return runWait(s, threadId, def, name, input);
    case 'Succeed':
      return runSucceed(s, threadId, def, name, input);
    case 'Fail':
      return runFail(s, threadId, def, name, input);
    case 'Task':
      return runTask(s, threadId, def, name, input);
    case 'Parallel':
      return runParallel(s, threadId, def, name, input);
    case 'Map':
      return runMap(s, threadId, def, name, input);
    default:
      return assertNever(def);
  }
}

/** Runs the thread's active state again once its retry delay has passed. */
export function retryState(s: Stepper, threadId: string): Work | undefined {
  const active = s.active(threadId);
  if (active?.retry === undefined) return undefined;
  const def = s.stateDef(threadId, active.name);
  switch (def.Type) {
    case 'Task':
      return guardState(s, threadId, def, () => scheduleTask(s, threadId, def));
    case 'Parallel':
      return guardState(s, threadId, def, () => startParallel(s, threadId, def));
    case 'Map':
      return guardState(s, threadId, def, () => startMap(s, threadId, def));
    default:
      return undefined;
  }
}

/** Aborts whatever the thread is blocked on, innermost first, with AWS's …Aborted events. */
export function abortThread(s: Stepper, threadId: string): void {
  const active = s.active(threadId);
  if (active === undefined) return;
  switch (active.type) {
    case 'Wait':
      s.emit(threadId, 'WaitStateAborted', {});
      return;
    case 'Task':
      s.emit(threadId, 'TaskStateAborted', {});
      return;
    case 'Parallel':
      if (active.parallel !== undefined) abortChildren(s, threadId, active.parallel.startedEventId);
      s.emit(threadId, 'ParallelStateAborted', {});
      return;
    case 'Map':
      if (active.map !== undefined) abortChildren(s, threadId, active.map.startedEventId);
      s.emit(threadId, 'MapStateAborted', {});
      return;
    default:
      return;
  }
}

/** Aborts every live child thread of a Parallel or Map run (a Map iteration also gets MapIterationAborted). */
export function abortChildren(s: Stepper, parentId: string, startedEventId: number, exceptThreadId?: string): void {
  const parent = s.active(parentId);
  for (const child of s.childThreads(parentId, startedEventId)) {
    if (child.id === exceptThreadId) continue;
    abortThread(s, child.id);
    if (parent?.map !== undefined) {
      s.emit(child.id, 'MapIterationAborted', {
        mapIterationAbortedEventDetails: { index: child.index, name: parent.name },
      });
    }
  }
}
