import type { Stepper } from './stepper.js';

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
