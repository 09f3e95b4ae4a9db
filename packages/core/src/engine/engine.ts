import { filter, Subject, type Observable } from 'rxjs';
import { JsonataPending } from '../data/index.js';
import { ExecutionDoesNotExist, InvalidToken } from '../errors/index.js';
import {
  createDecideRuntime,
  decideAndFold,
  isTerminal,
  pendingEffects,
  readTaskToken,
  newFoldDraft,
  type DecideOptions,
  type Trigger,
} from '../execution/index.js';
import type { RecordedEvent } from '../history/index.js';
import { isStoreError, type ExecutionSummary, type MapRunRecord, type Store } from '../store/index.js';
import { pollActivityTask, type ActivityPoll } from './activity-polling.js';
import { ActivityQueue, type QueuedActivityTask } from './activity-queue.js';
import type { EffectScheduler } from './effect-scheduler.js';
import { createEngineEffects } from './engine-effects.js';
import type { EngineOptions } from './engine-options.js';
import type { ActivityTask, AppendedEvent, ExecutionEngine, StartExecutionRequest } from './engine-api.js';
import { KeyedMutex } from './keyed-mutex.js';
import { decideStart, newLiveExecution, startTrigger } from './start-execution.js';
import { NodeMembership } from './node-membership.js';
import {
  appendRuntimeFailure,
  describeError,
  ExecutionRunFailed,
  logEngineError,
  runtimeFailure,
} from './execution-run-failed.js';
import {
  loadCurrent,
  readLiveExecution,
  requirePendingTask,
  summarize,
  touchedThreads,
  type LiveExecution,
} from './live-execution.js';
import type { MockedTasks } from './mocked-task.js';
import type { Clock } from './ports.js';
import type { MapRuns } from './map-runs.js';
import { systemClock, systemRandomness } from './system-clock.js';
import { redriveTrigger } from './redrive-request.js';
import { RevisionModels } from './revision-models.js';
import { TriggerEnv } from './trigger-env.js';

export type { EngineOptions } from './engine-options.js';

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
    this.#models = new RevisionModels(options.store);
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? systemRandomness.random;
    this.#uuid = options.uuid ?? systemRandomness.uuid;
    this.#onError = options.onError ?? logEngineError;
    this.#runtime = createDecideRuntime(options.jsonata !== undefined ? { jsonata: options.jsonata } : {});
    const { effects, mocks, mapRuns } = createEngineEffects({
      options,
      store: this.#store,
      clock: this.#clock,
      uuid: this.#uuid,
      fire: (executionArn, trigger) => this.#fire(executionArn, trigger),
      activities: {
        offer: (task) => {
          this.#activities.offer(task);
          // Workers may poll any node: every node offers the task to its own pollers.
          this.#membership?.publish({ kind: 'activity', ...task });
        },
        withdraw: (task) => this.#activities.withdraw(task),
      },
      startChild: (request) => this.startExecution(request),
      stopChild: (executionArn) => this.stopExecution(executionArn, {}),
      onError: this.#onError,
      closed: () => this.#closed,
    });
    this.#effects = effects;
    this.#mocks = mocks;
    this.#mapRuns = mapRuns;
    this.events$ = this.#subject.asObservable();
    const coordination = options.store.coordination;
    this.#membership =
      coordination === undefined
        ? undefined
        : new NodeMembership(coordination, this.#clock, {
            adopt: (executionArn) => this.#resume(executionArn).then(() => undefined),
            giveUp: (executionArn) => this.#giveUp(executionArn),
            refresh: (executionArn, lastEventId) => this.#refresh(executionArn, lastEventId),
            offerActivity: (task) => this.#activities.offer(task),
            heartbeat: (executionArn, scheduledEventId) => {
              this.#effects.recordHeartbeat(executionArn, scheduledEventId, this.#clock.now());
              const live = this.#live.get(executionArn);
              if (live !== undefined) this.#reconcile(live);
            },
            onError: (error) => this.#onError(error),
          });
  }

  executionEvents$(executionArn: string): Observable<RecordedEvent> {
    // An appended event is a recorded event already: handed on as it is.
    return this.events$.pipe(filter((appended) => appended.executionArn === executionArn));
  }

  async startExecution(request: StartExecutionRequest): Promise<ExecutionSummary> {
    const live = newLiveExecution(request);
    this.#models.remember(live.stateMachineArn, live.stateMachineRevisionId, request.model);
    return this.#writers.run(request.executionArn, async () => {
      const decideOptions = (execution: LiveExecution): DecideOptions => this.#decideOptions(execution);
      const onError = (error: unknown): void => this.#onError(error);
      const newEnv = (): TriggerEnv => this.#env();
      const { events, state } = await decideStart(live, startTrigger(request), newEnv, decideOptions, onError);
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
      const live = await loadCurrent(this.#store, this.#live, claims.executionArn, (arn) => this.#load(arn));
      requirePendingTask(live, claims.scheduledEventId, taskToken);
      this.#effects.recordHeartbeat(claims.executionArn, claims.scheduledEventId, this.#clock.now());
      if (this.#membership !== undefined && !this.#membership.owns(claims.executionArn)) {
        this.#membership.publish({ kind: 'heartbeat', ...claims });
        return;
      }
      this.#reconcile(live);
    });
  }

  async getActivityTask(activityArn: string, poll: ActivityPoll): Promise<ActivityTask | undefined> {
    const apply = (queued: QueuedActivityTask, trigger: Trigger) =>
      this.#writers.run(queued.executionArn, () => this.#applyLocked(queued.executionArn, trigger));
    return pollActivityTask(
      { queue: this.#activities, clock: this.#clock, closed: () => this.#closed, apply },
      activityArn,
      poll,
    );
  }

  updateMapRun(record: MapRunRecord): void {
    this.#mapRuns.updated(record);
  }

  async recover(): Promise<number> {
    // Among several nodes, this one resumes only what no live node holds, and keeps doing so.
    if (this.#membership !== undefined) return this.#membership.start();
    let resumed = 0;
    let cursor: string | undefined;
    do {
      const page = await this.#store.listOpenExecutions({ limit: 100, ...(cursor !== undefined ? { cursor } : {}) });
      for (const summary of page.items) {
        // One execution that cannot be resumed must not keep the others (or the server) down.
        if (await this.#resume(summary.executionArn)) resumed++;
      }
      cursor = page.cursor;
    } while (cursor !== undefined);
    return resumed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#membership?.stop().catch((error: unknown) => this.#onError(error));
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
      .run(executionArn, async () => {
        // A timer or task of an execution this node has given up since it was armed: not ours to apply.
        if (this.#membership !== undefined && !this.#membership.owns(executionArn)) return undefined;
        return this.#applyLocked(executionArn, trigger, undefined, true);
      })
      .catch((error: unknown) => {
        if (isStoreError(error, 'LeaseLost')) this.#giveUp(executionArn);
        else this.#onError(error, executionArn);
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
   * call must then fail, not answer as if its effect had been recorded. `asOwner` appends behind
   * the lease fence of a shared store (what timers and tasks cause).
   */
  async #applyLocked(
    executionArn: string,
    given: Trigger,
    applies?: (live: LiveExecution | undefined) => void,
    asOwner = false,
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
          if (cached === undefined || attempt++ >= MAX_APPEND_ATTEMPTS) throw error;
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
        const coordination = asOwner ? this.#store.coordination : undefined;
        const summary = summarize(live, state);
        if (coordination === undefined) await this.#store.append(executionArn, expectedLastEventId, events, summary);
        else await coordination.appendAsOwner(executionArn, expectedLastEventId, events, summary);
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
    const membership = this.#membership;
    if (isTerminal(live.state)) {
      this.#live.delete(live.executionArn);
      membership?.forget(live.executionArn);
      if (live.mapRunArn !== undefined) this.#mapRuns.childEnded(summarize(live, live.state));
    } else if (membership === undefined || membership.owns(live.executionArn)) {
      this.#live.set(live.executionArn, live);
    } else {
      // Another node drives this execution: it reloads and arms what these events call for.
      this.#live.delete(live.executionArn);
      membership.publish({ kind: 'appended', executionArn: live.executionArn, lastEventId: live.state.lastEventId });
    }
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

  // ---- resuming, and several nodes ---------------------------------------------------------

  /**
   * Resumes an execution from its stored history (recovery, or a lease this node took over); one
   * that cannot be resumed is failed with `States.Runtime` and must not keep the others down.
   */
  async #resume(executionArn: string): Promise<boolean> {
    return this.#writers
      .run(executionArn, async () => {
        this.#live.delete(executionArn);
        const live = await this.#load(executionArn);
        if (live === undefined) return false;
        this.#reconcile(live);
        return true;
      })
      .catch((error: unknown) => this.#failExecution(executionArn, error).then(() => false));
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

  async #load(executionArn: string): Promise<LiveExecution | undefined> {
    const cached = this.#live.get(executionArn);
    if (cached !== undefined) return cached;
    const live = await readLiveExecution(this.#store, this.#models, executionArn);
    if (live === undefined) return undefined;
    // An execution another node drives is read afresh each time: its history moves without us.
    if (!isTerminal(live.state) && (this.#membership?.owns(executionArn) ?? true)) this.#live.set(executionArn, live);
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
    const notOurs = this.#membership !== undefined && !this.#membership.owns(live.executionArn);
    if (this.#closed || isTerminal(live.state) || notOurs) {
      this.#effects.disarm(live.executionArn);
      return;
    }
    const touched = appended === undefined ? undefined : touchedThreads(appended);
    this.#effects.reconcile(live.executionArn, pendingEffects(live.state, touched), touched);
    this.#mocks?.completeCallbacks(live.executionArn, live.state);
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
