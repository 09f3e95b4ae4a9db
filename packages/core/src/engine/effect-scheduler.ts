import type { PendingEffect, PendingTask, Trigger } from '../execution/index.js';
import type { ActivityQueue } from './activity-queue.js';
import { EngineShutdown, type Clock, type LambdaInvoker, type ServiceTaskHandler } from './ports.js';
import { invokeTask, type TaskInvokerContext, type TaskOutcome } from './task-invoker.js';

/** What the scheduler needs from the engine. */
export interface EffectSchedulerOptions {
  readonly clock: Clock;
  /** Applies a trigger to an execution (a timer fired, an invocation answered). */
  readonly fire: (executionArn: string, trigger: Trigger) => Promise<unknown>;
  /** Where an activity task is offered to workers (and withdrawn once it is no longer pending). */
  readonly activities: Pick<ActivityQueue, 'offer' | 'withdraw'>;
  readonly lambda?: LambdaInvoker;
  readonly services: Readonly<Record<string, ServiceTaskHandler>>;
  readonly uuid: () => string;
  /** When this engine started: a task recovered after a restart gets a whole heartbeat interval from here. */
  readonly startedAt: string;
  /** Invokes a task; `invokeTask` by default (mocked tasks answer from a mock configuration instead). */
  readonly invokeTask?: (task: PendingTask, context: TaskInvokerContext) => Promise<TaskOutcome>;
  /** Runs a Distributed Map's Map Run; returns what stops watching it. */
  readonly mapRun: (executionArn: string, effect: Extract<PendingEffect, { kind: 'map-run' }>) => () => void;
}

/**
 * Keeps armed exactly the effects an execution's state lists as pending — timers, task
 * invocations, activity tasks — each under a key derived from the event that scheduled it, so
 * arming the same state twice (after a restart, say) does nothing new.
 */
export class EffectScheduler {
  readonly #options: EffectSchedulerOptions;
  /** Per execution and thread, the cancel function of each armed effect by key. */
  readonly #armed = new Map<string, Map<string, Map<string, () => void>>>();
  /** Last heartbeat time per task (heartbeats are not events, so they live here). */
  readonly #heartbeats = new Map<string, string>();
  #shuttingDown = false;

  constructor(options: EffectSchedulerOptions) {
    this.#options = options;
  }

  /**
   * Arms every listed effect that is not armed yet and cancels the armed ones no longer listed —
   * for every thread, or (given `threadIds`, with `effects` listing only theirs) for those threads
   * alone, so a step of one Map iteration costs nothing for the thousand others.
   */
  reconcile(executionArn: string, effects: readonly PendingEffect[], threadIds?: Iterable<string>): void {
    const byThread = this.#armed.get(executionArn) ?? new Map<string, Map<string, () => void>>();
    this.#armed.set(executionArn, byThread);
    const wanted = new Map<string, Set<string>>();
    for (const threadId of threadIds ?? byThread.keys()) wanted.set(threadId, new Set());
    for (const effect of effects) {
      const key = this.#keyOf(executionArn, effect);
      let keys = wanted.get(effect.threadId);
      if (keys === undefined) {
        keys = new Set();
        wanted.set(effect.threadId, keys);
      }
      keys.add(key);
      let armed = byThread.get(effect.threadId);
      if (armed === undefined) {
        armed = new Map();
        byThread.set(effect.threadId, armed);
      }
      if (!armed.has(key)) armed.set(key, this.#arm(executionArn, effect));
    }
    for (const [threadId, keys] of wanted) {
      const armed = byThread.get(threadId);
      if (armed === undefined) continue;
      for (const [key, cancel] of armed) {
        if (!keys.has(key)) {
          cancel();
          armed.delete(key);
        }
      }
      if (armed.size === 0) byThread.delete(threadId);
    }
    if (byThread.size === 0) this.#armed.delete(executionArn);
  }

  /** Cancels every effect of an execution (it ended). */
  disarm(executionArn: string): void {
    const byThread = this.#armed.get(executionArn);
    if (byThread === undefined) return;
    for (const armed of byThread.values()) for (const cancel of armed.values()) cancel();
    this.#armed.delete(executionArn);
  }

  /** Cancels every effect of every execution (shutdown): invocations abort with `EngineShutdown`. */
  disarmAll(): void {
    this.#shuttingDown = true;
    for (const executionArn of [...this.#armed.keys()]) this.disarm(executionArn);
  }

  /** Records a heartbeat; the next `reconcile` moves the task's heartbeat deadline. */
  recordHeartbeat(executionArn: string, scheduledEventId: number, at: Date): void {
    this.#heartbeats.set(heartbeatKey(executionArn, scheduledEventId), at.toISOString());
  }

  /** Forgets a finished task's heartbeats. */
  forgetHeartbeat(executionArn: string, scheduledEventId: number): void {
    this.#heartbeats.delete(heartbeatKey(executionArn, scheduledEventId));
  }

  #keyOf(executionArn: string, effect: PendingEffect): string {
    switch (effect.kind) {
      case 'timer':
        return `timer:${effect.key}`;
      case 'task-timeout':
        return `timeout:${effect.scheduledEventId}`;
      case 'heartbeat':
        return `heartbeat:${effect.scheduledEventId}:${this.#heartbeatDeadline(executionArn, effect).toISOString()}`;
      case 'invoke':
        // A submitted `.sync` task's wait for its job is a new effect beside the call that started it.
        return effect.task.submitted
          ? `invoke:${effect.task.scheduledEventId}:job`
          : `invoke:${effect.task.scheduledEventId}`;
      case 'activity':
        return `activity:${effect.task.scheduledEventId}`;
      case 'execution-timeout':
        return 'execution-timeout';
      case 'map-run':
        return `map-run:${effect.mapRun.startedEventId}`;
    }
  }

  #arm(executionArn: string, effect: PendingEffect): () => void {
    const { clock, fire } = this.#options;
    const at = (trigger: Trigger) => () => fire(executionArn, trigger);
    switch (effect.kind) {
      case 'timer':
        return clock.setTimer(new Date(effect.dueAt), at({ kind: 'TimerFired', key: effect.key }));
      case 'task-timeout':
        return clock.setTimer(
          new Date(effect.dueAt),
          at({ kind: 'TaskTimedOut', scheduledEventId: effect.scheduledEventId, heartbeat: false }),
        );
      case 'heartbeat':
        return clock.setTimer(
          this.#heartbeatDeadline(executionArn, effect),
          at({ kind: 'TaskTimedOut', scheduledEventId: effect.scheduledEventId, heartbeat: true }),
        );
      case 'execution-timeout':
        return clock.setTimer(new Date(effect.dueAt), at({ kind: 'ExecutionTimedOut' }));
      case 'map-run':
        return this.#options.mapRun(executionArn, effect);
      case 'activity': {
        const task = {
          activityArn: effect.task.resource,
          executionArn,
          scheduledEventId: effect.task.scheduledEventId,
        };
        this.#options.activities.offer(task);
        return () => this.#options.activities.withdraw(task);
      }
      case 'invoke': {
        const invocation = new TaskInvocation(this.#options, executionArn, effect.stateName);
        const invoke = this.#options.invokeTask ?? invokeTask;
        const work = invoke(effect.task, invocation).then((trigger) =>
          invocation.settle() ? fire(executionArn, trigger) : undefined,
        );
        // A job's wait lasts as long as the job: a test clock must not wait for it (the job's end
        // completes the task through its own, tracked work).
        if (!effect.task.submitted) clock.track?.(work);
        return () => invocation.cancel(this.#shuttingDown ? new EngineShutdown() : undefined);
      }
    }
  }

  #heartbeatDeadline(executionArn: string, effect: Extract<PendingEffect, { kind: 'heartbeat' }>): Date {
    const last = this.#heartbeats.get(heartbeatKey(executionArn, effect.scheduledEventId)) ?? this.#options.startedAt;
    const from = last > effect.from ? last : effect.from;
    return new Date(new Date(from).getTime() + effect.seconds * 1000);
  }
}

function heartbeatKey(executionArn: string, scheduledEventId: number): string {
  return `${executionArn}#${scheduledEventId}`;
}

/**
 * One task invocation: what the invoker needs, and its cancellation. Most invocations end before
 * anything cancels them, and an AbortController (with the DOMException its abort makes) costs
 * more than a short task itself, so one is made only when a handler asks for the signal, and
 * aborted only while the task runs.
 */
class TaskInvocation implements TaskInvokerContext {
  readonly lambda: LambdaInvoker | undefined;
  readonly services: Readonly<Record<string, ServiceTaskHandler>>;
  readonly uuid: () => string;
  readonly #clock: Clock;
  #controller: AbortController | undefined = undefined;
  #cancelled = false;
  #reason: EngineShutdown | undefined = undefined;
  #settled = false;

  constructor(
    options: EffectSchedulerOptions,
    readonly executionArn: string,
    readonly stateName: string,
  ) {
    this.lambda = options.lambda;
    this.services = options.services;
    this.uuid = options.uuid;
    this.#clock = options.clock;
  }

  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    if (this.#cancelled) this.#controller.abort(this.#reason);
    return this.#controller.signal;
  }

  now(): Date {
    return this.#clock.now();
  }

  /** The invocation answered: true when its answer is still wanted (cancelling changes nothing from now on). */
  settle(): boolean {
    this.#settled = true;
    return !this.#cancelled;
  }

  cancel(reason?: EngineShutdown): void {
    if (this.#settled || this.#cancelled) return;
    this.#cancelled = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}
