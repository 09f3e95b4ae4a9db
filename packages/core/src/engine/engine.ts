import { filter, Subject, type Observable } from 'rxjs';
import { parseDefinition, type StateMachineModel } from '../asl/index.js';
import { ExecutionDoesNotExist, InvalidToken } from '../errors/index.js';
import {
  createDecideRuntime,
  decideAndFold,
  initialExecutionState,
  isTerminal,
  pendingEffects,
  readTaskToken,
  newFoldDraft,
  type DecideEnv,
  type DecideOptions,
  type Trigger,
} from '../execution/index.js';
import type { RecordedEvent } from '../history/index.js';
import type { ExecutionSummary, Store } from '../store/index.js';
import { ActivityQueue } from './activity-queue.js';
import { EffectScheduler } from './effect-scheduler.js';
import type { ActivityTask, AppendedEvent, ExecutionEngine, StartExecutionRequest } from './engine-api.js';
import { KeyedMutex } from './keyed-mutex.js';
import { NodeMembership } from './node-membership.js';
import {
  findTask,
  foldStoredHistory,
  requirePendingTask,
  summarize,
  touchedThreads,
  type LiveExecution,
} from './live-execution.js';
import type { Clock, LambdaInvoker, ServiceTaskHandler } from './ports.js';
import { systemClock, systemRandomness } from './system-clock.js';

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
  /** Called with failures of background work (a store that cannot be written, say). */
  readonly onError?: (error: unknown) => void;
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
  readonly #models = new Map<string, StateMachineModel>();
  /** Shared by every execution of this engine: one JSONata worker, started by the first expression. */
  readonly #runtime = createDecideRuntime();
  /** Present when the store is shared by several engines: the executions this node owns, and its leases. */
  readonly #membership: NodeMembership | undefined;
  /**
   * When this engine started. Heartbeats are not events: those sent to an earlier process are
   * unknown here, so a recovered task's heartbeat window counts from no earlier than this.
   */
  #closed = false;

  constructor(options: EngineOptions) {
    this.#options = options;
    this.#store = options.store;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? systemRandomness.random;
    this.#uuid = options.uuid ?? systemRandomness.uuid;
    this.#effects = new EffectScheduler({
      clock: this.#clock,
      fire: (executionArn, trigger) => this.#fire(executionArn, trigger),
      activities: {
        offer: (task) => {
          this.#activities.offer(task);
          // Workers may poll any node: every node offers the task to its own pollers.
          this.#membership?.publish({ kind: 'activity', ...task });
        },
        withdraw: (task) => this.#activities.withdraw(task),
      },
      ...(options.lambda !== undefined ? { lambda: options.lambda } : {}),
      services: options.services ?? {},
      uuid: this.#uuid,
      startedAt: this.#clock.now().toISOString(),
    });
    this.events$ = this.#subject.asObservable();
    const coordination = options.store.coordination;
    this.#membership =
      coordination === undefined
        ? undefined
        : new NodeMembership(coordination, this.#clock, {
            adopt: (executionArn) => this.#adopt(executionArn),
            giveUp: (executionArn) => this.#giveUp(executionArn),
            refresh: (executionArn, lastEventId) => this.#refresh(executionArn, lastEventId),
            offerActivity: (task) => this.#activities.offer(task),
            heartbeat: (executionArn, scheduledEventId) => {
              this.#effects.recordHeartbeat(executionArn, scheduledEventId, this.#clock.now());
              const live = this.#live.get(executionArn);
              if (live !== undefined) this.#reconcile(live);
            },
            onError: (error) => this.#options.onError?.(error),
          });
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
      state: initialExecutionState,
      draft: newFoldDraft(),
    };
    this.#models.set(modelKey(live.stateMachineArn, live.stateMachineRevisionId), request.model);
    return this.#writers.run(request.executionArn, async () => {
      const trigger: Trigger = {
        kind: 'Start',
        identity: {
          executionArn: request.executionArn,
          name: request.name,
          stateMachineArn: request.stateMachine.stateMachineArn,
          stateMachineName: request.stateMachine.name,
        },
        input: request.input,
        roleArn: request.revision.roleArn,
      };
      const { events, state } = decideAndFold(live.model, live.state, trigger, this.#env(), this.#decideOptions(live));
      const summary = summarize(live, state);
      await this.#store.createExecution(summary, events);
      // On a shared store the node that starts an execution holds its lease from the first event.
      this.#membership?.own(live.executionArn);
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
      if (this.#membership !== undefined && !this.#membership.owns(claims.executionArn)) {
        this.#membership.publish({ kind: 'heartbeat', ...claims });
        return;
      }
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
        this.#activities.take(activityArn) ??
        (await this.#activities.waitUntil(activityArn, this.#clock, deadline, options.signal));
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

  async recover(): Promise<void> {
    // Among several nodes, this one resumes only what no live node holds, and keeps doing so.
    if (this.#membership !== undefined) return this.#membership.start();
    let cursor: string | undefined;
    do {
      const page = await this.#store.listOpenExecutions({ limit: 100, ...(cursor !== undefined ? { cursor } : {}) });
      for (const summary of page.items) {
        await this.#writers.run(summary.executionArn, async () => {
          const live = await this.#load(summary.executionArn);
          if (live !== undefined) this.#reconcile(live);
        });
      }
      cursor = page.cursor;
    } while (cursor !== undefined);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#membership?.stop().catch((error: unknown) => this.#options.onError?.(error));
    this.#effects.disarmAll();
    this.#activities.releaseAll();
    this.#live.clear();
    await this.#writers.idle();
    await this.#runtime.close();
    this.#subject.complete();
  }

  // ---- triggers ----------------------------------------------------------------------------

  /** Applies a trigger from background work (a timer, an invocation), reporting failures to onError. */
  #fire(executionArn: string, trigger: Trigger): Promise<unknown> {
    if (this.#closed) return Promise.resolve();
    return this.#writers
      .run(executionArn, async () => {
        // A timer or task of an execution this node has given up since it was armed: not ours to apply.
        if (this.#membership !== undefined && !this.#membership.owns(executionArn)) return undefined;
        return this.#applyLocked(executionArn, trigger, undefined, true);
      })
      .catch((error: unknown) => {
        if (isNamed(error, 'LeaseLost')) this.#giveUp(executionArn);
        else this.#options.onError?.(error);
      });
  }

  /**
   * Decides and appends one trigger; reloads and decides again when another writer got there first.
   * `applies`, when given, is checked against the execution before every attempt and throws the
   * caller's AWS error when the trigger no longer applies to it: after a conflict the history may
   * have moved past it (another process used the task token), and the call must then fail, not
   * answer as if its effect had been recorded.
   */
  async #applyLocked(
    executionArn: string,
    trigger: Trigger,
    applies?: (live: LiveExecution | undefined) => void,
    asOwner = false,
  ): Promise<{ execution: LiveExecution; events: readonly RecordedEvent[] } | undefined> {
    for (let attempt = 1; ; attempt++) {
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
        decided = decideAndFold(live.model, live.state, trigger, this.#env(), this.#decideOptions(live));
      } catch (error) {
        this.#live.delete(executionArn);
        throw error;
      }
      const { events, state } = decided;
      if (events.length === 0) return { execution: live, events };
      try {
        // What timers and tasks cause is appended only while this node holds the lease (the fence).
        const coordination = asOwner ? this.#store.coordination : undefined;
        const summary = summarize(live, state);
        if (coordination === undefined) await this.#store.append(executionArn, expectedLastEventId, events, summary);
        else await coordination.appendAsOwner(executionArn, expectedLastEventId, events, summary);
      } catch (error) {
        this.#live.delete(executionArn);
        if (isNamed(error, 'AppendConflict') && attempt < MAX_APPEND_ATTEMPTS) continue;
        throw error;
      }
      live.state = state;
      this.#afterAppend(live, events);
      return { execution: live, events };
    }
  }

  #afterAppend(live: LiveExecution, events: readonly RecordedEvent[]): void {
    const membership = this.#membership;
    const owned = membership === undefined || membership.owns(live.executionArn);
    if (isTerminal(live.state)) {
      this.#live.delete(live.executionArn);
      membership?.forget(live.executionArn);
    } else if (owned) this.#live.set(live.executionArn, live);
    else {
      // Another node drives this execution: it reloads and arms what these events call for.
      this.#live.delete(live.executionArn);
      membership?.publish({ kind: 'appended', executionArn: live.executionArn, lastEventId: live.state.lastEventId });
    }
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

  // ---- several nodes -------------------------------------------------------------------------

  /** This node took the execution over: resume it from its stored history, as recovery does. */
  #adopt(executionArn: string): Promise<void> {
    return this.#writers.run(executionArn, async () => {
      this.#live.delete(executionArn);
      const live = await this.#load(executionArn);
      if (live !== undefined) this.#reconcile(live);
    });
  }

  /** This node lost the execution's lease: its effects and state are another node's business now. */
  #giveUp(executionArn: string): void {
    this.#membership?.forget(executionArn);
    this.#effects.disarm(executionArn);
    this.#live.delete(executionArn);
  }

  /** Another node appended to an execution this node owns: fold what it appended and re-arm. */
  #refresh(executionArn: string, lastEventId: number): Promise<void> {
    return this.#writers.run(executionArn, async () => {
      const current = this.#live.get(executionArn);
      if (current !== undefined && current.state.lastEventId >= lastEventId) return;
      this.#live.delete(executionArn);
      const live = await this.#load(executionArn);
      if (live === undefined) return;
      if (isTerminal(live.state)) this.#giveUp(executionArn);
      else this.#reconcile(live);
    });
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
    const model = await this.#model(summary.stateMachineArn, summary.stateMachineRevisionId);
    const live: LiveExecution = {
      executionArn,
      stateMachineArn: summary.stateMachineArn,
      stateMachineRevisionId: summary.stateMachineRevisionId,
      model,
      ...(summary.traceHeader !== undefined ? { traceHeader: summary.traceHeader } : {}),
      state: await foldStoredHistory(this.#store, executionArn),
      draft: newFoldDraft(),
    };
    // An execution another node drives is read afresh each time: its history moves without us.
    if (!isTerminal(live.state) && (this.#membership?.owns(executionArn) ?? true)) this.#live.set(executionArn, live);
    return live;
  }

  async #model(stateMachineArn: string, revisionId: string): Promise<StateMachineModel> {
    const key = modelKey(stateMachineArn, revisionId);
    const cached = this.#models.get(key);
    if (cached !== undefined) return cached;
    const revision = await this.#store.getStateMachineRevision(stateMachineArn, revisionId);
    if (revision === undefined) throw new Error(`The stored revision ${revisionId} of ${stateMachineArn} is missing`);
    const model = parseDefinition(revision.definition);
    this.#models.set(key, model);
    return model;
  }

  // ---- effects -----------------------------------------------------------------------------

  /**
   * Keeps armed exactly the effects the execution's state lists as pending. After an append only
   * the threads its events touched can have changed, unless a Parallel or Map ended (which drops
   * its child threads without events of theirs): then every thread is looked at.
   */
  #reconcile(live: LiveExecution, appended?: readonly RecordedEvent[]): void {
    const notOurs = this.#membership !== undefined && !this.#membership.owns(live.executionArn);
    if (this.#closed || isTerminal(live.state) || notOurs) {
      this.#effects.disarm(live.executionArn);
      return;
    }
    const touched = appended === undefined ? undefined : touchedThreads(appended);
    this.#effects.reconcile(live.executionArn, pendingEffects(live.state, touched), touched);
  }

  // ---- plumbing ----------------------------------------------------------------------------

  #env(): DecideEnv {
    return { now: this.#clock.now(), random: this.#random, uuid: this.#uuid, runtime: this.#runtime };
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

function modelKey(stateMachineArn: string, revisionId: string): string {
  return `${stateMachineArn}#${revisionId}`;
}

// A store package may load its own copy of core, so port errors are recognised by name.
function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
