import type { ExecutionState, PendingTask } from './execution-state.js';

/**
 * Something the engine must do or keep armed for an execution in `state`. Each is keyed by the
 * event that scheduled it, so arming it twice (after a restart, say) is harmless.
 */
export type PendingEffect =
  /** A Wait's deadline (`key` = WaitStateEntered id) or a retry's delay (`key` = the failure event's id). */
  | { readonly kind: 'timer'; readonly key: number; readonly dueAt: string }
  /** A task's TimeoutSeconds. */
  | { readonly kind: 'task-timeout'; readonly scheduledEventId: number; readonly dueAt: string }
  /** A task's HeartbeatSeconds, counted from its start (the engine moves it on with each heartbeat). */
  | { readonly kind: 'heartbeat'; readonly scheduledEventId: number; readonly from: string; readonly seconds: number }
  /** A Lambda or service integration call to make (again, after a restart: at least once). */
  | { readonly kind: 'invoke'; readonly task: PendingTask; readonly stateName: string }
  /** An activity task waiting for a worker's GetActivityTask. */
  | { readonly kind: 'activity'; readonly task: PendingTask }
  /** The execution's own TimeoutSeconds. */
  | { readonly kind: 'execution-timeout'; readonly dueAt: string };

/** Every effect the execution is blocked on. Pure: derived from the folded state alone. */
export function pendingEffects(state: ExecutionState): PendingEffect[] {
  if (state.status !== 'RUNNING') return [];
  const effects: PendingEffect[] = [];
  if (state.timeoutAt !== undefined) effects.push({ kind: 'execution-timeout', dueAt: state.timeoutAt });
  for (const thread of Object.values(state.threads)) {
    const active = thread.active;
    if (active === undefined) continue;
    if (active.waitUntil !== undefined && active.type === 'Wait') effects.push({ kind: 'timer', key: active.enteredEventId, dueAt: active.waitUntil });
    if (active.retry !== undefined) effects.push({ kind: 'timer', key: active.retry.failedEventId, dueAt: active.retry.dueAt });
    const task = active.task;
    if (task === undefined) continue;
    if (task.timeoutAt !== undefined) effects.push({ kind: 'task-timeout', scheduledEventId: task.scheduledEventId, dueAt: task.timeoutAt });
    if (task.heartbeatSeconds !== undefined && task.heartbeatFrom !== undefined) {
      effects.push({ kind: 'heartbeat', scheduledEventId: task.scheduledEventId, from: task.heartbeatFrom, seconds: task.heartbeatSeconds });
    }
    if (task.kind === 'activity') {
      if (!task.started) effects.push({ kind: 'activity', task });
    } else if (!task.submitted) {
      effects.push({ kind: 'invoke', task, stateName: active.name });
    }
  }
  return effects;
}
