import {
  MAIN_THREAD,
  type ExecutionState,
  type MapRunProgress,
  type PendingTask,
  type ThreadState,
} from './execution-state.js';

/**
 * Something the engine must do or keep armed for an execution in `state`. Each is keyed by the
 * event that scheduled it, so arming it twice (after a restart, say) is harmless, and names the
 * thread it belongs to (the execution's own timeout belongs to the main thread).
 */
export type PendingEffect = {
  readonly threadId: string;
} /** A Wait's deadline (`key` = WaitStateEntered id) or a retry's delay (`key` = the failure event's id). */ & (
  | { readonly kind: 'timer'; readonly key: number; readonly dueAt: string }
  /** A task's TimeoutSeconds. */
  | { readonly kind: 'task-timeout'; readonly scheduledEventId: number; readonly dueAt: string }
  /** A task's HeartbeatSeconds, counted from its start (the engine moves it on with each heartbeat). */
  | { readonly kind: 'heartbeat'; readonly scheduledEventId: number; readonly from: string; readonly seconds: number }
  /**
   * A Lambda or service integration call to make (again, after a restart: at least once); for a
   * submitted `.sync` task, the wait for its job to end.
   */
  | { readonly kind: 'invoke'; readonly task: PendingTask; readonly stateName: string }
  /** An activity task waiting for a worker's GetActivityTask. */
  | { readonly kind: 'activity'; readonly task: PendingTask }
  /** The execution's own TimeoutSeconds. */
  | { readonly kind: 'execution-timeout'; readonly dueAt: string }
  /** A Distributed Map's Map Run: child executions to start and watch until the run ends. */
  | { readonly kind: 'map-run'; readonly mapRun: MapRunProgress; readonly stateName: string }
);

/**
 * Every effect the execution is blocked on — or, given `threadIds`, only those of these threads
 * (a thread that no longer exists has none). Pure: derived from the folded state alone.
 */
export function pendingEffects(state: ExecutionState, threadIds?: Iterable<string>): PendingEffect[] {
  if (state.status !== 'RUNNING') return [];
  const effects: PendingEffect[] = [];
  if (state.timeoutAt !== undefined && (threadIds === undefined || includes(threadIds, MAIN_THREAD))) {
    effects.push({ threadId: MAIN_THREAD, kind: 'execution-timeout', dueAt: state.timeoutAt });
  }
  if (threadIds === undefined) {
    for (const thread of Object.values(state.threads)) pushThreadEffects(thread, effects);
  } else {
    for (const threadId of threadIds) {
      const thread = state.threads[threadId];
      if (thread !== undefined) pushThreadEffects(thread, effects);
    }
  }
  return effects;
}

function pushThreadEffects(thread: ThreadState, effects: PendingEffect[]): void {
  const active = thread.active;
  if (active === undefined) return;
  const threadId = thread.id;
  if (active.waitUntil !== undefined && active.type === 'Wait') {
    effects.push({ threadId, kind: 'timer', key: active.enteredEventId, dueAt: active.waitUntil });
  }
  if (active.retry !== undefined)
    effects.push({ threadId, kind: 'timer', key: active.retry.failedEventId, dueAt: active.retry.dueAt });
  if (active.mapRun !== undefined)
    effects.push({ threadId, kind: 'map-run', mapRun: active.mapRun, stateName: active.name });
  const task = active.task;
  if (task === undefined) return;
  if (task.timeoutAt !== undefined) {
    effects.push({ threadId, kind: 'task-timeout', scheduledEventId: task.scheduledEventId, dueAt: task.timeoutAt });
  }
  if (task.heartbeatSeconds !== undefined && task.heartbeatFrom !== undefined) {
    effects.push({
      threadId,
      kind: 'heartbeat',
      scheduledEventId: task.scheduledEventId,
      from: task.heartbeatFrom,
      seconds: task.heartbeatSeconds,
    });
  }
  if (task.kind === 'activity') {
    if (!task.started) effects.push({ threadId, kind: 'activity', task });
  } else if (!task.submitted || task.submittedOutput !== undefined) {
    // A submitted `.sync` task invokes again: its handler waits for the job's end.
    effects.push({ threadId, kind: 'invoke', task, stateName: active.name });
  }
}

function includes(threadIds: Iterable<string>, wanted: string): boolean {
  for (const threadId of threadIds) if (threadId === wanted) return true;
  return false;
}
