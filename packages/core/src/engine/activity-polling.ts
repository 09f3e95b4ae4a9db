import type { Trigger } from '../execution/index.js';
import type { RecordedEvent } from '../history/index.js';
import type { ActivityQueue, QueuedActivityTask } from './activity-queue.js';
import type { ActivityTask } from './engine-api.js';
import { findTask, type LiveExecution } from './live-execution.js';
import type { Clock } from './ports.js';

/** What GetActivityTask asks for: who polls, for how long, and what may cut the wait short. */
export interface ActivityPoll {
  readonly workerName?: string;
  readonly waitMs: number;
  readonly signal?: AbortSignal;
}

/** What a poll needs of its engine. */
export interface ActivityPollContext {
  readonly queue: ActivityQueue;
  readonly clock: Clock;
  readonly closed: () => boolean;
  /** Applies the `TaskStarted` trigger to the task's execution (under its writer lock). */
  readonly apply: (
    queued: QueuedActivityTask,
    trigger: Trigger,
  ) => Promise<{ readonly execution: LiveExecution; readonly events: readonly RecordedEvent[] } | undefined>;
}

/**
 * Waits for a task of the activity and starts it for the polling worker. A queued task another
 * worker (or node) has started meanwhile is skipped, and the wait goes on until its deadline.
 */
export async function pollActivityTask(
  context: ActivityPollContext,
  activityArn: string,
  poll: ActivityPoll,
): Promise<ActivityTask | undefined> {
  const { queue, clock } = context;
  const deadline = new Date(clock.now().getTime() + poll.waitMs);
  while (!context.closed() && poll.signal?.aborted !== true) {
    const queued = queue.take(activityArn) ?? (await queue.waitUntil(activityArn, clock, deadline, poll.signal));
    if (queued === undefined) return undefined;
    const trigger: Trigger = {
      kind: 'TaskStarted',
      scheduledEventId: queued.scheduledEventId,
      ...(poll.workerName !== undefined ? { workerName: poll.workerName } : {}),
    };
    const applied = await context.apply(queued, trigger);
    if (applied === undefined || !applied.events.some(({ event }) => event.type === 'ActivityStarted')) continue;
    const task = findTask(applied.execution, queued.scheduledEventId);
    if (task?.taskToken !== undefined) return { taskToken: task.taskToken, input: JSON.stringify(task.input) };
  }
  return undefined;
}
