import type { Macrostep } from './macrostep.js';

/** Aborts whatever the thread is blocked on, innermost first, with AWS's …Aborted events. */
export function abortThread(macrostep: Macrostep, threadId: string): void {
  const active = macrostep.active(threadId);
  if (active === undefined) return;
  switch (active.type) {
    case 'Wait':
      macrostep.emit(threadId, 'WaitStateAborted', {});
      return;
    case 'Task':
      macrostep.emit(threadId, 'TaskStateAborted', {});
      return;
    case 'Parallel':
      if (active.parallel !== undefined) abortChildren(macrostep, threadId, active.parallel.startedEventId);
      macrostep.emit(threadId, 'ParallelStateAborted', {});
      return;
    case 'Map':
      if (active.map !== undefined) abortChildren(macrostep, threadId, active.map.startedEventId);
      // The engine aborts a Map Run's child executions once this is appended.
      if (active.mapRun !== undefined) macrostep.emit(threadId, 'MapRunAborted', {});
      macrostep.emit(threadId, 'MapStateAborted', {});
      return;
    default:
      return;
  }
}

/** Aborts every live child thread of a Parallel or Map run (a Map iteration also gets MapIterationAborted). */
export function abortChildren(
  macrostep: Macrostep,
  parentId: string,
  startedEventId: number,
  exceptThreadId?: string,
): void {
  const parent = macrostep.active(parentId);
  for (const child of macrostep.childThreads(parentId, startedEventId)) {
    if (child.id === exceptThreadId) continue;
    abortThread(macrostep, child.id);
    if (parent?.map !== undefined) {
      macrostep.emit(child.id, 'MapIterationAborted', {
        mapIterationAbortedEventDetails: { index: child.index, name: parent.name },
      });
    }
  }
}
