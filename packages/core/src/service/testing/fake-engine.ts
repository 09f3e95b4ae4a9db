import { Subject } from 'rxjs';
import type { ActivityTask, AppendedEvent, ExecutionEngine, StartExecutionRequest } from '../../engine/index.js';
import { ExecutionDoesNotExist } from '../../errors/index.js';
import type { HistoryEvent } from '../../history/index.js';
import type { ExecutionSummary, Store } from '../../store/index.js';
import type { FixedClock } from './fixed-clock.js';

/** A call the service made to the engine, as a test sees it. */
export type EngineCall =
  | { readonly kind: 'sendTaskSuccess'; readonly taskToken: string; readonly output: string }
  | { readonly kind: 'sendTaskFailure'; readonly taskToken: string; readonly error?: string; readonly cause?: string }
  | { readonly kind: 'sendTaskHeartbeat'; readonly taskToken: string }
  | { readonly kind: 'getActivityTask'; readonly activityArn: string; readonly workerName?: string; readonly waitMs: number; readonly signal?: AbortSignal };

/**
 * A hand-written `ExecutionEngine` for the service's unit tests, until the real engine lands: it
 * writes ExecutionStarted/Aborted/Succeeded through the real store, records task-token calls,
 * and hands out activity tasks a test offered. It runs no state machine.
 */
export class FakeEngine implements ExecutionEngine {
  readonly calls: EngineCall[] = [];
  readonly events$ = new Subject<AppendedEvent>();
  /** When set, every task-token call rejects with it (to show the service passes engine errors on). */
  taskError: Error | undefined;
  /** When set, the next startExecution first lets this run (a concurrent start winning the race). */
  beforeNextStart: (() => Promise<void>) | undefined;
  readonly #offered = new Map<string, ActivityTask[]>();

  constructor(
    private readonly store: Store,
    private readonly clock: FixedClock,
  ) {}

  async startExecution(request: StartExecutionRequest): Promise<ExecutionSummary> {
    const race = this.beforeNextStart;
    this.beforeNextStart = undefined;
    if (race !== undefined) await race();
    const startDate = this.clock.now().toISOString();
    const summary: ExecutionSummary = {
      executionArn: request.executionArn,
      stateMachineArn: request.stateMachine.stateMachineArn,
      stateMachineRevisionId: request.revision.revisionId,
      name: request.name,
      status: 'RUNNING',
      startDate,
      input: request.input,
      ...(request.traceHeader === undefined ? {} : { traceHeader: request.traceHeader }),
      lastEventId: 1,
    };
    const started: HistoryEvent = {
      id: 1,
      previousEventId: 0,
      timestamp: startDate,
      type: 'ExecutionStarted',
      executionStartedEventDetails: { input: request.input, inputDetails: { truncated: false }, roleArn: request.revision.roleArn },
    };
    await this.store.createExecution(summary, [started]);
    this.events$.next({ executionArn: request.executionArn, event: started });
    return summary;
  }

  async stopExecution(executionArn: string, details: { readonly error?: string; readonly cause?: string }): Promise<ExecutionSummary> {
    const summary = await this.store.getExecution(executionArn);
    if (summary === undefined) throw new ExecutionDoesNotExist(executionArn);
    const stopDate = this.clock.now().toISOString();
    return this.#end(summary, { status: 'ABORTED', stopDate, ...details }, (id) => ({
      id,
      previousEventId: id - 1,
      timestamp: stopDate,
      type: 'ExecutionAborted',
      executionAbortedEventDetails: details,
    }));
  }

  /** Test helper: ends a RUNNING execution with SUCCEEDED and `output`. */
  async succeed(executionArn: string, output: string): Promise<ExecutionSummary> {
    const summary = await this.store.getExecution(executionArn);
    if (summary === undefined) throw new ExecutionDoesNotExist(executionArn);
    const stopDate = this.clock.now().toISOString();
    return this.#end(summary, { status: 'SUCCEEDED', stopDate, output }, (id) => ({
      id,
      previousEventId: id - 1,
      timestamp: stopDate,
      type: 'ExecutionSucceeded',
      executionSucceededEventDetails: { output, outputDetails: { truncated: false } },
    }));
  }

  /** Test helper: appends Pass state events so a history has many pages. */
  async appendPassStates(executionArn: string, count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      const summary = await this.store.getExecution(executionArn);
      if (summary === undefined) throw new ExecutionDoesNotExist(executionArn);
      const id = summary.lastEventId + 1;
      const event: HistoryEvent = {
        id,
        previousEventId: id - 1,
        timestamp: this.clock.now().toISOString(),
        type: 'PassStateEntered',
        stateEnteredEventDetails: { name: `Pass${i}`, input: `{"i":${i}}`, inputDetails: { truncated: false } },
      };
      await this.store.append(executionArn, summary.lastEventId, [event], { ...summary, lastEventId: id });
    }
  }

  /** Test helper: makes a task available to the next GetActivityTask of `activityArn`. */
  offerActivityTask(activityArn: string, task: ActivityTask): void {
    this.#offered.set(activityArn, [...(this.#offered.get(activityArn) ?? []), task]);
  }

  async sendTaskSuccess(taskToken: string, output: string): Promise<void> {
    this.calls.push({ kind: 'sendTaskSuccess', taskToken, output });
    if (this.taskError !== undefined) throw this.taskError;
  }

  async sendTaskFailure(taskToken: string, details: { readonly error?: string; readonly cause?: string }): Promise<void> {
    this.calls.push({ kind: 'sendTaskFailure', taskToken, ...details });
    if (this.taskError !== undefined) throw this.taskError;
  }

  async sendTaskHeartbeat(taskToken: string): Promise<void> {
    this.calls.push({ kind: 'sendTaskHeartbeat', taskToken });
    if (this.taskError !== undefined) throw this.taskError;
  }

  async getActivityTask(
    activityArn: string,
    options: { readonly workerName?: string; readonly waitMs: number; readonly signal?: AbortSignal },
  ): Promise<ActivityTask | undefined> {
    this.calls.push({ kind: 'getActivityTask', activityArn, ...options });
    const [next, ...rest] = this.#offered.get(activityArn) ?? [];
    this.#offered.set(activityArn, rest);
    return next;
  }

  async recover(): Promise<void> {}

  async close(): Promise<void> {
    this.events$.complete();
  }

  async #end(
    summary: ExecutionSummary,
    changes: Partial<ExecutionSummary>,
    eventWithId: (id: number) => HistoryEvent,
  ): Promise<ExecutionSummary> {
    const id = summary.lastEventId + 1;
    const event = eventWithId(id);
    const after: ExecutionSummary = { ...summary, ...changes, lastEventId: id };
    await this.store.append(summary.executionArn, summary.lastEventId, [event], after);
    this.events$.next({ executionArn: summary.executionArn, event });
    return after;
  }
}
