/* eslint-disable max-lines -- the engine gained Map Runs, mock files and recovery failures at once; splitting it (task tokens, activities, wiring) is the next code-health step */
import { filter, Subject, type Observable } from 'rxjs';
import type { StateMachineModel } from '../asl/index.js';
import { JsonataPending, type JsonataLimits } from '../data/index.js';
import { ExecutionDoesNotExist, InvalidToken, TaskDoesNotExist, TaskTimedOut } from '../errors/index.js';
import {
  createDecideRuntime,
  decideAndFold,
  initialExecutionState,
  isTerminal,
  pendingEffects,
  readTaskToken,
  newFoldDraft,
  type DecideOptions,
  type Trigger,
} from '../execution/index.js';
import { definitionSha256, type HistoryEvent, type RecordedEvent } from '../history/index.js';
import { isStoreError, type ExecutionSummary, type MapRunRecord, type Store } from '../store/index.js';
import { ActivityQueue } from './activity-queue.js';
import { EffectScheduler } from './effect-scheduler.js';
import type { ActivityTask, AppendedEvent, ExecutionEngine, StartExecutionRequest } from './engine-api.js';
import { KeyedMutex } from './keyed-mutex.js';
import {
  appendRuntimeFailure,
  describeError,
  ExecutionRunFailed,
  logEngineError,
  runtimeFailure,
} from './execution-run-failed.js';
import {
  findTask,
  foldStoredHistory,
  qualifiersOf,
  summarize,
  touchedThreads,
  type LiveExecution,
} from './live-execution.js';
import type { MockConfig } from './mock-config.js';
import { MockedTasks } from './mocked-task.js';
import { MapRuns } from './map-runs.js';
import type { Clock, LambdaInvoker, ServiceTaskHandler } from './ports.js';
import { systemClock, systemRandomness } from './system-clock.js';
import { redriveTrigger } from './redrive-request.js';
import { RevisionModels } from './revision-models.js';
import { TriggerEnv } from './trigger-env.js';

/** What an engine is built from. Only `store` is required. */
export interface EngineOptions {
  readonly store: Store;
  readonly clock?: Clock;
  readonly lambda?: LambdaInvoker;
  /** Service integration handlers by resource ARN (`arn:aws:states:::sns:publish` …). */
  readonly services?: Readonly<Record<string, ServiceTaskHandler>>;
  readonly accountId?: string;
  readonly region?: string;
  /** Randomness for retry jitter, States.MathRandom, UUIDs and task tokens; recorded in events. */
  readonly random?: () => number;
  readonly uuid?: () => string;
  /** AWS fails an execution at 25,000 events; a benchmark may allow more. */
  readonly maxHistoryEvents?: number;
  /**
   * Called with failures of background work (a store that cannot be written, an execution the
   * engine had to fail with `States.Runtime`: an `ExecutionRunFailed`) and the execution they hit;
   * one line on stderr by default.
   */
  readonly onError?: (error: unknown, executionArn?: string) => void;
  /** The bounds of every JSONata evaluation (time, memory, value size); see `JsonataLimits`. */
  readonly jsonata?: JsonataLimits;
  /** Step Functions Local's mock configuration: answers the Tasks of executions started on a test case. */
  readonly mockConfig?: MockConfig;
}

// A live execution's draft is renewed past this many objects (the next step then copies once).
const MAX_DRAFT_SIZE = 20_000;

// How often an append that lost a race (another writer appended first) reloads and decides again.
const MAX_APPEND_ATTEMPTS = 5;

/**
 * Runs executions: for each trigger it decides the new events, appends them atomically with the
 * expected last event id, and then performs the effects the new state lists (timers, task
 * invocations, activity tasks). Effects are keyed by the event that scheduled them, so recovery
 * simply re-arms whatever the stored histories say is pending.
 */
export class Engine implements ExecutionEngine {
  readonly events$: Observable<AppendedEvent>;
  readonly #subject = new Subject<AppendedEvent>();
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #options: EngineOptions;
  readonly #random: () => number;
  readonly #uuid: () => string;
  readonly #live = new Map<string, LiveExecution>();
  readonly #writers = new KeyedMutex();
  readonly #activities = new ActivityQueue();
  readonly #effects: EffectScheduler;
  readonly #models: RevisionModels;
  readonly #mocks: MockedTasks | undefined;
  readonly #mapRuns: MapRuns;
  /** Shared by every execution of this engine: one JSONata worker, started by the first expression. */
  readonly #runtime: ReturnType<typeof createDecideRuntime>;
  readonly #onError: (error: unknown, executionArn?: string) => void;
  /**
   * When this engine started. Heartbeats are not events: those sent to an earlier process are
   * unknown here, so a recovered task's heartbeat window counts from no earlier than this.
   */
  #closed = false;

  constructor(options: EngineOptions) {
    this.#options = options;
    this.#store = options.store;
    this.#models = new RevisionModels(options.store);
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? systemRandomness.random;
    this.#uuid = options.uuid ?? systemRandomness.uuid;
    this.#onError = options.onError ?? logEngineError;
    this.#runtime = createDecideRuntime(options.jsonata !== undefined ? { jsonata: options.jsonata } : {});
    const fire = (executionArn: string, trigger: Trigger): Promise<unknown> => this.#fire(executionArn, trigger);
    const mocks =
      options.mockConfig === undefined
        ? undefined
        : new MockedTasks({
            config: options.mockConfig,
            store: this.#store,
            fire,
            track: this.#clock.track?.bind(this.#clock),
          });
    this.#mocks = mocks;
    this.#effects = new EffectScheduler({
      clock: this.#clock,
      fire,
      activities: this.#activities,
      ...(options.lambda !== undefined ? { lambda: options.lambda } : {}),
      services: options.services ?? {},
      uuid: this.#uuid,
      startedAt: this.#clock.now().toISOString(),
      ...(mocks === undefined ? {} : { invokeTask: (task, context) => mocks.invoke(task, context) }),
      mapRun: (executionArn, effect) => this.#mapRuns.arm(executionArn, effect),
    });
    this.#mapRuns = new MapRuns(
      {
        store: this.#store,
        now: () => this.#clock.now(),
        startChild: (request) => this.startExecution(request),
        stopChild: (executionArn) => this.stopExecution(executionArn, {}),
        fire: (executionArn, trigger) => this.#fire(executionArn, trigger),
        onError: this.#onError,
      },
      this.#clock,
      () => this.#closed,
    );
    this.events$ = this.#subject.asObservable();
  }

  executionEvents$(executionArn: string): Observable<RecordedEvent> {
    // An appended event is a recorded event already: handed on as it is.
    return this.events$.pipe(filter((appended) => appended.executionArn === executionArn));
  }

  async startExecution(request: StartExecutionRequest): Promise<ExecutionSummary> {
    const live: LiveExecution = {
      executionArn: request.executionArn,
      stateMachineArn: request.stateMachine.stateMachineArn,
      stateMachineRevisionId: request.revision.revisionId,
      model: request.model,
      ...(request.traceHeader !== undefined ? { traceHeader: request.traceHeader } : {}),
      ...qualifiersOf(request),
      ...(request.mapRunArn !== undefined ? { mapRunArn: request.mapRunArn } : {}),
      state: initialExecutionState,
      draft: newFoldDraft(),
    };
    this.#models.remember(live.stateMachineArn, live.stateMachineRevisionId, request.model);
    return this.#writers.run(request.executionArn, async () => {
      let trigger: Extract<Trigger, { kind: 'Start' }> = {
        kind: 'Start',
        identity: {
          executionArn: request.executionArn,
          name: request.name,
          stateMachineArn: request.stateMachine.stateMachineArn,
          stateMachineName: request.stateMachine.name,
          stateMachineRevisionId: request.revision.revisionId,
          definitionSha256: definitionSha256(request.revision.definition),
          ...(request.stateMachine.type === 'EXPRESS' ? { stateMachineType: 'EXPRESS' as const } : {}),
          ...(request.testCase === undefined ? {} : { testCase: request.testCase }),
        },
        input: request.input,
        roleArn: request.revision.roleArn,
        ...qualifiersOf(request),
      };
      let env = this.#env();
      let decided: { readonly events: RecordedEvent[]; readonly state: LiveExecution['state'] } | undefined;
      while (decided === undefined) {
        try {
          env.rewind();
          decided = decideAndFold(live.model, live.state, trigger, env, this.#decideOptions(live));
        } catch (error) {
          // The draft may have changed objects in place: the next run starts from scratch.
          live.draft = newFoldDraft();
          if (error instanceof JsonataPending) {
            await error.answered;
            continue;
          }
          if (trigger.runtimeFailure !== undefined) throw error;
          // The caller still gets its execution, which has failed as AWS fails one it cannot run.
          const reason = describeError(error);
          this.#onError(new ExecutionRunFailed(request.executionArn, reason, { cause: error }));
          trigger = { ...trigger, runtimeFailure: runtimeFailure(reason).cause };
          env = this.#env();
        }
      }
      const { events, state } = decided;
      const summary = summarize(live, state);
      await this.#store.createExecution(summary, events);
      live.state = state;
      this.#afterAppend(live, events);
      return summary;
    });
  }

  async stopExecution(
    executionArn: string,
    details: { readonly error?: string; readonly cause?: string },
  ): Promise<ExecutionSummary> {
    const trigger: Trigger = {
      kind: 'StopRequested',
      ...(details.error !== undefined ? { error: details.error } : {}),
      ...(details.cause !== undefined ? { cause: details.cause } : {}),
    };
    return this.#writers.run(executionArn, async () => {
      const live = await this.#applyLocked(executionArn, trigger);
      if (live === undefined) throw new ExecutionDoesNotExist(executionArn);
      return summarize(live.execution, live.execution.state);
    });
  }

  async redriveExecution(executionArn: string, clientToken?: string): Promise<ExecutionSummary> {
    return this.#writers.run(executionArn, async () => {
      const loaded = await this.#load(executionArn);
      if (loaded === undefined) throw new ExecutionDoesNotExist(executionArn);
      const trigger = redriveTrigger(loaded, clientToken, this.#clock.now());
      if (trigger === undefined) return summarize(loaded, loaded.state);
      const applied = await this.#applyLocked(executionArn, trigger);
      if (applied === undefined) throw new ExecutionDoesNotExist(executionArn);
      return summarize(applied.execution, applied.execution.state);
    });
  }

  async sendTaskSuccess(taskToken: string, output: string): Promise<void> {
    await this.#completeTask(taskToken, (scheduledEventId) => ({ kind: 'TaskSucceeded', scheduledEventId, output }));
  }

  async sendTaskFailure(
    taskToken: string,
    details: { readonly error?: string; readonly cause?: string },
  ): Promise<void> {
    await this.#completeTask(taskToken, (scheduledEventId) => ({
      kind: 'TaskFailed',
      scheduledEventId,
      error: details.error ?? '',
      cause: details.cause ?? '',
    }));
  }

  async sendTaskHeartbeat(taskToken: string): Promise<void> {
    const claims = this.#claims(taskToken);
    await this.#writers.run(claims.executionArn, async () => {
      // Nothing is appended, so no conflict would tell a stale cache: another process sharing the
      // store may have ended the task since this one cached the execution.
      const live = await this.#loadCurrent(claims.executionArn);
      requirePendingTask(live, claims.scheduledEventId, taskToken);
      this.#effects.recordHeartbeat(claims.executionArn, claims.scheduledEventId, this.#clock.now());
      this.#reconcile(live);
    });
  }

  async getActivityTask(
    activityArn: string,
    options: { readonly workerName?: string; readonly waitMs: number; readonly signal?: AbortSignal },
  ): Promise<ActivityTask | undefined> {
    const deadline = new Date(this.#clock.now().getTime() + options.waitMs);
    while (!this.#closed && options.signal?.aborted !== true) {
      const queued =
        this.#activities.take(activityArn) ?? (await this.#waitForActivity(activityArn, deadline, options.signal));
      if (queued === undefined) return undefined;
      const trigger: Trigger = {
        kind: 'TaskStarted',
        scheduledEventId: queued.scheduledEventId,
        ...(options.workerName !== undefined ? { workerName: options.workerName } : {}),
      };
      const applied = await this.#writers.run(queued.executionArn, () =>
        this.#applyLocked(queued.executionArn, trigger),
      );
      if (applied === undefined || !applied.events.some(({ event }) => event.type === 'ActivityStarted')) continue;
      const task = findTask(applied.execution, queued.scheduledEventId);
      if (task?.taskToken !== undefined) return { taskToken: task.taskToken, input: JSON.stringify(task.input) };
    }
    return undefined;
  }

  updateMapRun(record: MapRunRecord): void {
    this.#mapRuns.updated(record);
  }

  async recover(): Promise<number> {
    let resumed = 0;
    let cursor: string | undefined;
    do {
      const page = await this.#store.listOpenExecutions({ limit: 100, ...(cursor !== undefined ? { cursor } : {}) });
      for (const summary of page.items) {
        // One execution that cannot be resumed must not keep the others (or the server) down.
        await this.#writers
          .run(summary.executionArn, async () => {
            const live = await this.#load(summary.executionArn);
            if (live === undefined) return;
            this.#reconcile(live);
            resumed++;
          })
          .catch((error: unknown) => this.#failExecution(summary.executionArn, error));
      }
      cursor = page.cursor;
    } while (cursor !== undefined);
    return resumed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#effects.disarmAll();
    this.#activities.releaseAll();
    this.#live.clear();
    this.#mocks?.clear();
    await this.#writers.idle();
    await this.#runtime.close();
    this.#subject.complete();
  }

  // ---- triggers ----------------------------------------------------------------------------

  /** Applies a trigger from background work (a timer, an invocation), reporting failures to onError. */
  #fire(executionArn: string, trigger: Trigger): Promise<unknown> {
    if (this.#closed) return Promise.resolve();
    return this.#writers
      .run(executionArn, () => this.#applyLocked(executionArn, trigger))
      .catch((error: unknown) => {
        this.#onError(error, executionArn);
      });
  }

  /**
   * An execution that could not be loaded (recovery): reported, and failed with `States.Runtime`.
   * When even its history or definition cannot be read, the failure is appended after its last
   * event without folding it, so that no restart meets it again.
   */
  async #failExecution(executionArn: string, error: unknown): Promise<void> {
    const reason = describeError(error);
    this.#onError(new ExecutionRunFailed(executionArn, reason, { cause: error }), executionArn);
    await this.#writers
      .run(executionArn, async () => {
        try {
          await this.#applyLocked(executionArn, runtimeFailure(reason));
        } catch (failure) {
          this.#onError(failure, executionArn);
          await appendRuntimeFailure(this.#store, executionArn, runtimeFailure(reason).cause, this.#clock.now());
        }
      })
      .catch((failure: unknown) => this.#onError(failure));
  }

  /**
   * Decides and appends one trigger; reloads and decides again when another writer got there first.
   * A JSONata evaluation that outlasts the blocking budget is awaited off this thread and decide
   * runs again (see `TriggerEnv`). When decide itself fails on the trigger, the failure is
   * reported and the execution fails with `States.Runtime` instead: it never stays RUNNING with
   * nothing to run it on. `applies`, when given, is checked against the execution before every
   * attempt and throws the caller's AWS error when the trigger no longer applies to it: after a
   * conflict the history may have moved past it (another process used the task token), and the
   * call must then fail, not answer as if its effect had been recorded.
   */
  async #applyLocked(
    executionArn: string,
    given: Trigger,
    applies?: (live: LiveExecution | undefined) => void,
  ): Promise<{ execution: LiveExecution; events: readonly RecordedEvent[] } | undefined> {
    let trigger = given;
    let env = this.#env();
    for (let attempt = 1; ; ) {
      // A live execution is at hand on nearly every trigger: no await (and no promise) for it.
      const cached = this.#live.get(executionArn);
      const live = cached ?? (await this.#load(executionArn));
      if (applies !== undefined) {
        try {
          applies(live);
        } catch (error) {
          // A cached state may be older than the stored history (another process appended): the
          // verdict counts only on what the store holds now.
          if (cached === undefined || attempt >= MAX_APPEND_ATTEMPTS) throw error;
          this.#live.delete(executionArn);
          continue;
        }
      }
      if (live === undefined) return undefined;
      // decide may reuse the live state's objects in place (the live draft), so the append point is
      // read first, and a live state that did not reach the store is dropped and reloaded.
      const expectedLastEventId = live.state.lastEventId;
      let decided: { readonly events: readonly RecordedEvent[]; readonly state: LiveExecution['state'] };
      try {
        env.rewind();
        decided = decideAndFold(live.model, live.state, trigger, env, this.#decideOptions(live));
      } catch (error) {
        this.#live.delete(executionArn);
        if (error instanceof JsonataPending) {
          await error.answered;
          continue;
        }
        if (trigger.kind === 'RuntimeFailure') throw error;
        const reason = describeError(error);
        this.#onError(new ExecutionRunFailed(executionArn, reason, { cause: error }), executionArn);
        trigger = runtimeFailure(reason);
        env = this.#env();
        continue;
      }
      const { events, state } = decided;
      if (events.length === 0) return { execution: live, events };
      try {
        await this.#store.append(executionArn, expectedLastEventId, events, summarize(live, state));
      } catch (error) {
        this.#live.delete(executionArn);
        // The answers and draws of the lost attempt were for a state that is no longer the last.
        env = this.#env();
        if (isStoreError(error, 'AppendConflict') && attempt++ < MAX_APPEND_ATTEMPTS) continue;
        throw error;
      }
      live.state = state;
      this.#afterAppend(live, events);
      return { execution: live, events };
    }
  }

  #afterAppend(live: LiveExecution, events: readonly RecordedEvent[]): void {
    if (isTerminal(live.state)) {
      this.#live.delete(live.executionArn);
      if (live.mapRunArn !== undefined) this.#mapRuns.childEnded(summarize(live, live.state));
    } else this.#live.set(live.executionArn, live);
    this.#mocks?.record(live.executionArn, live.state, events);
    // Indexed (as in touchedThreads): a destructuring for…of over thousands of events cost more.
    for (let index = 0; index < events.length; index++) {
      const recorded = events[index];
      if (recorded !== undefined)
        this.#subject.next({ executionArn: live.executionArn, event: recorded.event, facts: recorded.facts });
    }
    this.#reconcile(live, events);
  }

  async #completeTask(taskToken: string, trigger: (scheduledEventId: number) => Trigger): Promise<void> {
    const claims = this.#claims(taskToken);
    await this.#writers.run(claims.executionArn, async () => {
      await this.#applyLocked(claims.executionArn, trigger(claims.scheduledEventId), (live) =>
        requirePendingTask(live, claims.scheduledEventId, taskToken),
      );
      this.#effects.forgetHeartbeat(claims.executionArn, claims.scheduledEventId);
    });
  }

  #claims(taskToken: string): { executionArn: string; scheduledEventId: number } {
    const claims = readTaskToken(taskToken);
    if (claims === undefined) throw new InvalidToken("Invalid Token: 'Invalid token'");
    return claims;
  }

  // ---- loading -----------------------------------------------------------------------------

  /** The execution as the store holds it now: the cached one only while no other writer has appended since. */
  async #loadCurrent(executionArn: string): Promise<LiveExecution | undefined> {
    const cached = this.#live.get(executionArn);
    if (cached !== undefined) {
      const summary = await this.#store.getExecution(executionArn);
      if (summary?.lastEventId === cached.state.lastEventId) return cached;
      this.#live.delete(executionArn);
    }
    return this.#load(executionArn);
  }

  async #load(executionArn: string): Promise<LiveExecution | undefined> {
    const cached = this.#live.get(executionArn);
    if (cached !== undefined) return cached;
    const summary = await this.#store.getExecution(executionArn);
    if (summary === undefined) return undefined;
    const model = await this.#models.get(summary.stateMachineArn, summary.stateMachineRevisionId);
    const live: LiveExecution = {
      executionArn,
      stateMachineArn: summary.stateMachineArn,
      stateMachineRevisionId: summary.stateMachineRevisionId,
      model,
      ...(summary.traceHeader !== undefined ? { traceHeader: summary.traceHeader } : {}),
      ...qualifiersOf(summary),
      ...(summary.mapRunArn !== undefined ? { mapRunArn: summary.mapRunArn } : {}),
      state: await foldStoredHistory(this.#store, executionArn),
      draft: newFoldDraft(),
    };
    if (!isTerminal(live.state)) this.#live.set(executionArn, live);
    // Only a mocked execution awaits here: an extra await would change how racing writers interleave.
    if (this.#mocks !== undefined) await this.#mocks.load(executionArn, live.state);
    return live;
  }

  // ---- effects -----------------------------------------------------------------------------

  /**
   * Keeps armed exactly the effects the execution's state lists as pending. After an append only
   * the threads its events touched can have changed, unless a Parallel or Map ended (which drops
   * its child threads without events of theirs): then every thread is looked at.
   */
  #reconcile(live: LiveExecution, appended?: readonly RecordedEvent[]): void {
    if (this.#closed || isTerminal(live.state)) {
      this.#effects.disarm(live.executionArn);
      return;
    }
    const touched = appended === undefined ? undefined : touchedThreads(appended);
    this.#effects.reconcile(live.executionArn, pendingEffects(live.state, touched), touched);
    this.#mocks?.completeCallbacks(live.executionArn, live.state);
  }

  #waitForActivity(
    activityArn: string,
    deadline: Date,
    signal: AbortSignal | undefined,
  ): Promise<ReturnType<ActivityQueue['take']>> {
    const wait = this.#activities.wait(activityArn);
    const cancelTimer = this.#clock.setTimer(deadline, () => wait.cancel());
    const onAbort = (): void => wait.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    return wait.task.finally(() => {
      cancelTimer();
      signal?.removeEventListener('abort', onAbort);
    });
  }

  // ---- plumbing ----------------------------------------------------------------------------

  /** A new env for one trigger (its decide may run more than once: see `TriggerEnv`). */
  #env(): TriggerEnv {
    return new TriggerEnv(this.#clock.now(), this.#runtime, { random: this.#random, uuid: this.#uuid });
  }

  /** The live execution's draft (renewed when it has grown large: it remembers every object it made). */
  #decideOptions(live: LiveExecution): DecideOptions {
    if (live.draft.size > MAX_DRAFT_SIZE) live.draft = newFoldDraft();
    return {
      draft: live.draft,
      ...(this.#options.maxHistoryEvents !== undefined ? { maxHistoryEvents: this.#options.maxHistoryEvents } : {}),
    };
  }
}

/** Throws AWS's error unless the task `taskToken` names is pending in the execution. */
function requirePendingTask(
  live: LiveExecution | undefined,
  scheduledEventId: number,
  taskToken: string,
): asserts live is LiveExecution {
  if (live === undefined) throw new TaskDoesNotExist("Task Does Not Exist: 'Provided task does not exist'");
  const task = findTask(live, scheduledEventId);
  if (task === undefined || task.taskToken !== taskToken) {
    throw new TaskTimedOut("Task Timed Out: 'Provided task does not exist anymore'");
  }
}
