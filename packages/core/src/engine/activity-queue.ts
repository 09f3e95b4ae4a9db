import type { Clock } from './ports.js';

/** A scheduled activity task waiting for a worker, keyed by its execution and scheduling event. */
export interface QueuedActivityTask {
  readonly activityArn: string;
  readonly executionArn: string;
  readonly scheduledEventId: number;
}

interface Waiter {
  readonly resolve: (task: QueuedActivityTask | undefined) => void;
}

/**
 * Activity tasks waiting for GetActivityTask, per activity ARN, in the order they were scheduled,
 * and the workers long-polling for them. Offering the same task twice is harmless.
 */
export class ActivityQueue {
  readonly #tasks = new Map<string, Map<string, QueuedActivityTask>>();
  readonly #waiters = new Map<string, Waiter[]>();

  /** Adds a task (idempotent), or hands it straight to a waiting worker. */
  offer(task: QueuedActivityTask): void {
    const key = taskKey(task);
    const waiter = this.#waiters.get(task.activityArn)?.shift();
    if (waiter !== undefined) {
      waiter.resolve(task);
      return;
    }
    let tasks = this.#tasks.get(task.activityArn);
    if (tasks === undefined) {
      tasks = new Map();
      this.#tasks.set(task.activityArn, tasks);
    }
    tasks.set(key, task);
  }

  /** Withdraws a task that is no longer pending (it finished, timed out or was aborted). */
  withdraw(task: Pick<QueuedActivityTask, 'activityArn' | 'executionArn' | 'scheduledEventId'>): void {
    this.#tasks.get(task.activityArn)?.delete(taskKey(task));
  }

  /** The oldest waiting task of the activity, removed from the queue; undefined when there is none. */
  take(activityArn: string): QueuedActivityTask | undefined {
    const tasks = this.#tasks.get(activityArn);
    const first = tasks?.entries().next();
    if (tasks === undefined || first === undefined || first.done === true) return undefined;
    tasks.delete(first.value[0]);
    return first.value[1];
  }

  /**
   * Waits for the next task of the activity. `cancel` ends the wait with `undefined` (time-out,
   * client gone, shutdown).
   */
  wait(activityArn: string): { readonly task: Promise<QueuedActivityTask | undefined>; readonly cancel: () => void } {
    let waiter: Waiter | undefined;
    const task = new Promise<QueuedActivityTask | undefined>((resolve) => {
      waiter = { resolve };
    });
    const created = waiter as unknown as Waiter;
    const list = this.#waiters.get(activityArn) ?? [];
    list.push(created);
    this.#waiters.set(activityArn, list);
    return {
      task,
      cancel: () => {
        const waiting = this.#waiters.get(activityArn);
        const index = waiting?.indexOf(created) ?? -1;
        if (waiting !== undefined && index >= 0) waiting.splice(index, 1);
        created.resolve(undefined);
      },
    };
  }

  /** Waits for the next task of the activity until `deadline` on `clock` or until `signal` aborts (then `undefined`). */
  waitUntil(
    activityArn: string,
    clock: Clock,
    deadline: Date,
    signal: AbortSignal | undefined,
  ): Promise<QueuedActivityTask | undefined> {
    const wait = this.wait(activityArn);
    const cancelTimer = clock.setTimer(deadline, () => wait.cancel());
    const onAbort = (): void => wait.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    return wait.task.finally(() => {
      cancelTimer();
      signal?.removeEventListener('abort', onAbort);
    });
  }

  /** Ends every waiting poll with no task (shutdown). */
  releaseAll(): void {
    for (const waiters of this.#waiters.values()) for (const waiter of waiters.splice(0)) waiter.resolve(undefined);
  }
}

function taskKey(task: Pick<QueuedActivityTask, 'executionArn' | 'scheduledEventId'>): string {
  return `${task.executionArn}#${task.scheduledEventId}`;
}
