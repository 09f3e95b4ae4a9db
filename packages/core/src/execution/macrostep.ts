import type {
  ChoiceState,
  FailState,
  MapState,
  ParallelState,
  PassState,
  State,
  StateMachineModel,
  StateScope,
  StateType,
  SucceedState,
  TaskState,
  WaitState,
} from '../asl/index.js';
import {
  createContextObject,
  type DataContext,
  type JsonataEnv,
  type JsonataEvaluations,
  type JsonObject,
  type JsonValue,
  type TextParsers,
} from '../data/index.js';
import {
  hasFacts,
  NO_FACTS,
  type EventFacts,
  type EventOfType,
  type HistoryEventType,
  type RecordedEvent,
} from '../history/index.js';
import { assembleEvent } from './assemble-event.js';
import type { ChildEnd } from './child-end.js';
import type { DecideRuntime } from './decide-runtime.js';
import { evolveInPlace } from './evolve-in-place.js';
import type { StateInspection } from './inspection.js';
import { newFoldDraft, type FoldDraft } from './fold-draft.js';
import {
  MAIN_THREAD,
  parentThreadId,
  type ActiveState,
  type ExecutionState,
  type ThreadState,
} from './execution-state.js';

/**
 * Time and randomness, brought into `decide` from outside so that it stays pure, and the caller's
 * runtime (JSONata and the memories that outlive one call), which changes how fast, never what.
 */
export interface DecideEnv {
  readonly now: Date;
  random(): number;
  uuid(): string;
  /** The caller's, kept across calls (see `createDecideRuntime`). */
  readonly runtime: DecideRuntime;
  /**
   * Given, JSONata evaluations never block for long: one that outlasts the runtime's budget makes
   * decide throw `JsonataPending`, and the caller runs decide again (with the same env, drawing
   * the same values) once it has answered. Without it decide blocks until every answer.
   */
  readonly jsonataEvaluations?: JsonataEvaluations;
}

/** A piece of work on one thread; it returns the thread's next piece, or nothing when the thread blocks or ends. */
export type Work = () => Work | undefined;

/** How one state type runs: entering a state runs it until it blocks, fails or leaves. */
export interface StateRunner<T extends State> {
  readonly enter: (
    macrostep: Macrostep,
    threadId: string,
    definition: T,
    name: string,
    input: string,
  ) => Work | undefined;
}

/** A state type that may have Retry: after a retry delay its work starts again, without a new …StateEntered. */
export interface RetriedStateRunner<T extends State> extends StateRunner<T> {
  readonly retry: (macrostep: Macrostep, threadId: string, definition: T) => Work | undefined;
}

/** A state type whose work runs in child threads (Parallel branches, Map iterations). */
export interface ParentStateRunner<T extends State> extends RetriedStateRunner<T> {
  /** A child thread of the parent's active state ended with `outcome`. */
  readonly childEnded: (macrostep: Macrostep, parentId: string, childId: string, outcome: ChildEnd) => Work | undefined;
}

/**
 * The runner of every ASL state type, which the flow code (state-flow.ts) dispatches to. The
 * macrostep is handed the table (states/index.ts) rather than the flow code importing the runners,
 * which import the flow code: so the modules of execution/ import one another without a cycle.
 */
export interface StateRunners {
  readonly Pass: StateRunner<PassState>;
  readonly Task: RetriedStateRunner<TaskState>;
  readonly Choice: StateRunner<ChoiceState>;
  readonly Wait: StateRunner<WaitState>;
  readonly Succeed: StateRunner<SucceedState>;
  readonly Fail: StateRunner<FailState>;
  readonly Parallel: ParentStateRunner<ParallelState>;
  readonly Map: ParentStateRunner<MapState>;
}

type Details<T extends HistoryEventType> = Omit<EventOfType<T>, 'id' | 'previousEventId' | 'timestamp' | 'type'>;

/** Where an event links and which facts it records besides its thread and draws. */
export interface EmitOptions {
  readonly previousEventId?: number;
  readonly facts?: Omit<EventFacts, 'thread' | 'draws'>;
}

/**
 * The working memory of one `decide` call: the state so far, the events emitted so far (each
 * already folded in with `evolveInPlace`, so the state never disagrees with the events), and a queue of
 * thread continuations. Threads run one at a time until each blocks on an effect or ends. Every
 * value the env draws is recorded among the facts of the next event emitted.
 */
export class Macrostep {
  state: ExecutionState;
  readonly events: RecordedEvent[] = [];
  /** The caller's env, drawing through this macrostep so that each value drawn is recorded. */
  readonly env: DecideEnv;
  readonly timestamp: string;
  /** What JSONata fields are evaluated with: the runtime, and this macrostep's timestamp as `$now()`. */
  readonly jsonata: JsonataEnv;
  /** Where the runners record the tested state's data flow; absent outside TestState. */
  readonly inspection: StateInspection | undefined;
  readonly #shapeContext: ((context: JsonObject) => JsonObject) | undefined;
  /** The JSON text `serializeOutput` produced last (see `isSerializedOutput`). */
  lastSerialized: string | undefined;
  /** Redrive bookkeeping of this macrostep (see decide-redrive.ts). */
  readonly redrive: RedriveScratch = {};
  readonly #queue: Work[] = [];
  /** This macrostep's private fold: it changes in place only what it created since `decide` began. */
  readonly #draft: FoldDraft;
  #executionInput: JsonValue | undefined;
  readonly #scopes = new Map<string, StateScope>();
  /** Per child thread, the facts of its events that say nothing but the thread: one frozen object, shared. */
  readonly #onlyThread = new Map<string, EventFacts>();
  /** Values drawn since the last event emitted; they go on the next one. */
  #draws: (number | string)[] | undefined;

  constructor(
    readonly machine: StateMachineModel,
    state: ExecutionState,
    /** How each state type runs (see `StateRunners`). */
    readonly runners: StateRunners,
    env: DecideEnv,
    readonly maxHistoryEvents: number,
    draft: FoldDraft = newFoldDraft(),
    test: MacrostepTestOptions = {},
  ) {
    this.#draft = draft;
    this.inspection = test.inspection;
    this.#shapeContext = test.shapeContext;
    this.state = state;
    this.timestamp = env.runtime.timestamps.format(env.now.getTime());
    this.jsonata =
      env.jsonataEvaluations === undefined
        ? { runtime: env.runtime.jsonata, now: this.timestamp }
        : { runtime: env.runtime.jsonata, now: this.timestamp, evaluations: env.jsonataEvaluations };
    this.env = {
      now: env.now,
      runtime: env.runtime,
      random: () => this.#drawn(env.random()),
      uuid: () => this.#drawn(env.uuid()),
    };
  }

  /** `epochMs` as event timestamps and deadlines are written (`toISOString`'s text). */
  formatTimestamp(epochMs: number): string {
    return this.env.runtime.timestamps.format(epochMs);
  }

  #drawn<T extends number | string>(value: T): T {
    (this.#draws ??= []).push(value);
    return value;
  }

  /** The id the next emitted event will get. */
  get nextEventId(): number {
    return this.state.lastEventId + 1;
  }

  /** Appends one event to `threadId`, linked to that thread's last event unless told otherwise, and folds it in. */
  emit<T extends HistoryEventType>(
    threadId: string,
    type: T,
    details: Details<T>,
    options: EmitOptions = {},
  ): EventOfType<T> {
    if (this.nextEventId >= this.maxHistoryEvents && !ENDS_EXECUTION.has(type)) this.#failOnHistoryLimit();
    const previousEventId =
      options.previousEventId ?? this.state.threads[threadId]?.lastEventId ?? startedEventIdOf(threadId);
    // An event has at most one details field (AWS's shape).
    let detailsKey: string | undefined;
    for (const key in details) detailsKey = key;
    const value = detailsKey === undefined ? undefined : (details as Record<string, unknown>)[detailsKey];
    // The details type is checked by the caller's `T`; TypeScript cannot relate the assembled
    // object to the union member.
    const event = assembleEvent(
      this.nextEventId,
      previousEventId,
      this.timestamp,
      type,
      detailsKey,
      value,
    ) as unknown as EventOfType<T>;
    const recorded: RecordedEvent = { event, facts: this.#factsOf(threadId, options.facts) };
    this.events.push(recorded);
    this.state = evolveInPlace(this.state, recorded, this.#draft);
    return event;
  }

  /** The facts of the next event: its thread, the caller's facts and the values drawn since the last event. */
  #factsOf(threadId: string, given: EmitOptions['facts']): EventFacts {
    const draws = this.#draws;
    const own = given !== undefined && hasFacts(given) ? given : undefined;
    if (draws === undefined) {
      if (threadId === MAIN_THREAD) return own ?? NO_FACTS;
      return own === undefined ? this.#threadFacts(threadId) : { thread: threadId, ...own };
    }
    this.#draws = undefined;
    return threadId === MAIN_THREAD ? { ...own, draws } : { thread: threadId, ...own, draws };
  }

  /**
   * Values drawn after the last event emitted (decide drew and then emitted nothing more): they
   * go on that event, so that every draw lands on an event of the `decide` call that drew it.
   */
  flushDraws(): void {
    const draws = this.#draws;
    const last = this.events.length - 1;
    const recorded = this.events[last];
    if (draws === undefined || recorded === undefined) return;
    this.#draws = undefined;
    this.events[last] = {
      event: recorded.event,
      facts: { ...recorded.facts, draws: [...(recorded.facts.draws ?? []), ...draws] },
    };
  }

  #threadFacts(threadId: string): EventFacts {
    let facts = this.#onlyThread.get(threadId);
    if (facts === undefined) {
      facts = Object.freeze({ thread: threadId });
      this.#onlyThread.set(threadId, facts);
    }
    return facts;
  }

  // AWS fails an execution whose history reaches its limit: the last event is ExecutionFailed.
  #failOnHistoryLimit(): never {
    this.emit(
      MAIN_THREAD,
      'ExecutionFailed',
      {
        executionFailedEventDetails: {
          error: 'States.Runtime',
          cause: `The execution reached the maximum number of history events (${this.maxHistoryEvents}).`,
        },
      },
      { previousEventId: this.state.lastEventId },
    );
    throw new HistoryLimitReached();
  }

  /** Queues a continuation to run after the current thread blocks. */
  enqueue(work: Work): void {
    this.#queue.push(work);
  }

  /** Runs `first` and every queued continuation until all threads block or end. */
  run(first?: Work): void {
    if (first !== undefined) this.runThread(first);
    for (let i = 0; i < this.#queue.length; i++) {
      const work = this.#queue[i];
      if (work !== undefined) this.runThread(work);
    }
    this.#queue.length = 0;
  }

  /** Runs one thread's continuations in a loop (not recursion: a Choice loop may take thousands of steps). */
  runThread(first: Work): void {
    let work: Work | undefined = first;
    while (work !== undefined) work = work();
  }

  thread(threadId: string): ThreadState | undefined {
    return this.state.threads[threadId];
  }

  active(threadId: string): ActiveState | undefined {
    return this.state.threads[threadId]?.active;
  }

  /** The scope a thread runs in: the state machine, a Parallel branch or a Map's ItemProcessor. */
  scopeOf(threadId: string): StateScope {
    if (threadId === MAIN_THREAD) return this.machine;
    // A thread's scope never changes, and a branch's states ask for it at every step.
    let scope = this.#scopes.get(threadId);
    if (scope === undefined) {
      scope = this.#childScope(threadId);
      this.#scopes.set(threadId, scope);
    }
    return scope;
  }

  #childScope(threadId: string): StateScope {
    const parentId = parentThreadId(threadId);
    if (parentId === undefined) return this.machine;
    const parentActive = this.active(parentId);
    const thread = this.thread(threadId);
    const index = thread?.index ?? Number(threadId.slice(threadId.lastIndexOf('.') + 1));
    if (parentActive === undefined) throw new Error(`Thread ${threadId} has no parent state`);
    const owner = this.stateDefinition(parentId, parentActive.name);
    if (owner.Type === 'Parallel') {
      const branch = owner.Branches[index];
      if (branch === undefined) throw new Error(`Parallel state ${parentActive.name} has no branch ${index}`);
      return branch;
    }
    if (owner.Type === 'Map') return owner.ItemProcessor;
    throw new Error(`Thread ${threadId} belongs to ${owner.Type} state ${parentActive.name}`);
  }

  stateDefinition(threadId: string, name: string): State {
    const definition = this.scopeOf(threadId).States[name];
    if (definition === undefined) throw new Error(`No state ${name} in the scope of thread ${threadId || 'main'}`);
    return definition;
  }

  get executionInput(): JsonValue {
    this.#executionInput ??= JSON.parse(this.state.input ?? 'null') as JsonValue;
    return this.#executionInput;
  }

  /**
   * The data context of the thread's active state: `$$`, variables, randomness, and the state for
   * messages. `entering` names a state about to be entered (its event will be the next one).
   */
  dataContext(threadId: string, extra: DataContextExtra = noExtra): DataContext {
    const active: StateFacts | undefined =
      extra.entering !== undefined
        ? {
            name: extra.entering,
            type: this.stateDefinition(threadId, extra.entering).Type,
            enteredTime: this.timestamp,
            retryCount: 0,
            enteredEventId: this.nextEventId,
          }
        : this.active(threadId);
    return new LazyDataContext(this, this.state, variableScopes(this.state, threadId), active, extra);
  }

  /** `$$` of the thread's state (see `dataContext`). */
  contextObject(state: ExecutionState, active: StateFacts | undefined, extra: DataContextExtra): JsonObject {
    const identity = state.identity;
    const context = createContextObject({
      execution: {
        Id: identity?.executionArn ?? '',
        Input: this.executionInput,
        Name: identity?.name ?? '',
        RoleArn: state.roleArn ?? '',
        StartTime: state.startDate ?? this.timestamp,
        RedriveCount: state.redriveCount ?? 0,
        ...(state.redriveDate !== undefined ? { RedriveTime: state.redriveDate } : {}),
      },
      state: {
        Name: active?.name ?? '',
        EnteredTime: active?.enteredTime ?? this.timestamp,
        ...(active !== undefined && RETRYING_STATE_TYPES.has(active.type) ? { RetryCount: active.retryCount } : {}),
      },
      stateMachine: { Id: identity?.stateMachineArn ?? '', Name: identity?.stateMachineName ?? '' },
      ...(extra.taskToken !== undefined ? { task: { Token: extra.taskToken } } : {}),
      ...(extra.mapItem !== undefined ? { map: { Item: extra.mapItem } } : {}),
    });
    return this.#shapeContext === undefined ? context : this.#shapeContext(context);
  }

  /** The env's randomness, as one function for every data context of this macrostep. */
  readonly random = (): number => this.env.random();
  /** The env's UUIDs, as one function for every data context of this macrostep. */
  readonly uuid = (): string => this.env.uuid();

  /** Child threads of the thread's Parallel/Map run started by `startedEventId`, still live. */
  childThreads(parentId: string, startedEventId: number): ThreadState[] {
    const prefix = `${parentId}/${startedEventId}.`;
    const children: ThreadState[] = [];
    for (const [id, thread] of Object.entries(this.state.threads)) {
      if (id.startsWith(prefix) && !id.slice(prefix.length).includes('/')) children.push(thread);
    }
    return children.sort((a, b) => a.index - b.index);
  }
}

/**
 * What a redrive needs to carry within one macrostep: the outputs a redriven Parallel or Map keeps
 * (taken when that state starts), and the outputs a failing main-thread Parallel or Map had when
 * it failed (its progress is gone by the time ExecutionFailed records the redrive point).
 */
export interface RedriveScratch {
  carried?: { readonly state: string; readonly outputs: Readonly<Record<number, string>> } | undefined;
  failedRun?: { readonly enteredEventId: number; readonly outputs: Readonly<Record<number, string>> };
}

/** What TestState adds to a macrostep: it inspects the tested state, and its `$$` is the caller's. */
export interface MacrostepTestOptions {
  readonly inspection?: StateInspection;
  /** Turns the `$$` the execution would see into the one TestState's caller gave. */
  readonly shapeContext?: (context: JsonObject) => JsonObject;
}

/** What a data context may add to its thread's `$$`, or the state about to be entered. */
export interface DataContextExtra {
  readonly taskToken?: string;
  readonly mapItem?: { readonly Index: number; readonly Value: JsonValue };
  readonly entering?: string;
}

const noExtra: DataContextExtra = {};

type StateFacts = Pick<ActiveState, 'name' | 'type' | 'enteredTime' | 'retryCount' | 'enteredEventId'>;

/** The state types that take a `Retry` field, the only ones whose `$$.State` has a `RetryCount` (as AWS records). */
const RETRYING_STATE_TYPES: ReadonlySet<StateType> = new Set(['Task', 'Parallel', 'Map']);

/**
 * A data context whose `$$` and variables are built on first use (most states read neither); a
 * class rather than an object literal with getters, which was costly to create once per state.
 */
class LazyDataContext implements DataContext {
  readonly random: () => number;
  readonly uuid: () => string;
  readonly state?: { readonly name: string; readonly enteredEventId: number };
  readonly parsers: TextParsers;
  #context: JsonObject | undefined;
  #variables: Readonly<Record<string, JsonValue>> | undefined;

  constructor(
    private readonly macrostep: Macrostep,
    private readonly executionState: ExecutionState,
    private readonly scopes: VariableScopes,
    private readonly active: StateFacts | undefined,
    private readonly extra: DataContextExtra,
  ) {
    this.random = macrostep.random;
    this.uuid = macrostep.uuid;
    this.parsers = macrostep.env.runtime.parsers;
    if (active !== undefined) this.state = { name: active.name, enteredEventId: active.enteredEventId };
  }

  get context(): JsonObject {
    this.#context ??= this.macrostep.contextObject(this.executionState, this.active, this.extra);
    return this.#context;
  }

  get variables(): Readonly<Record<string, JsonValue>> {
    this.#variables ??= mergeScopes(this.scopes);
    return this.#variables;
  }
}

/**
 * The variable records a thread sees, outermost first (or the one record of the main thread). Taken
 * when a data context is made: the records never change, but the draft fold may change the thread
 * map they hang from in place as the macrostep goes on.
 */
type VariableScopes =
  | Readonly<Record<string, JsonValue>>
  | undefined
  | readonly (Readonly<Record<string, JsonValue>> | undefined)[];

function variableScopes(state: ExecutionState, threadId: string): VariableScopes {
  if (threadId === MAIN_THREAD) return state.threads[MAIN_THREAD]?.variables;
  const scopes: (Readonly<Record<string, JsonValue>> | undefined)[] = [];
  for (let id: string | undefined = threadId; id !== undefined; id = parentThreadId(id))
    scopes.unshift(state.threads[id]?.variables);
  return scopes;
}

/** What `visibleVariables` gives for the thread the scopes were taken from. */
function mergeScopes(scopes: VariableScopes): Readonly<Record<string, JsonValue>> {
  if (!Array.isArray(scopes)) return (scopes as Readonly<Record<string, JsonValue>> | undefined) ?? {};
  const merged: Record<string, JsonValue> = {};
  for (const scope of scopes as readonly (Readonly<Record<string, JsonValue>> | undefined)[])
    if (scope !== undefined) Object.assign(merged, scope);
  return merged;
}

const ENDS_EXECUTION: ReadonlySet<HistoryEventType> = new Set([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionAborted',
  'ExecutionTimedOut',
]);

/** Thrown inside `decide` once the history limit has ended the execution; decide stops there. */
export class HistoryLimitReached extends Error {
  constructor() {
    super('The execution reached the maximum number of history events');
    this.name = 'HistoryLimitReached';
  }
}

/** A new child thread's first event links to the event that started it, whose id its thread id carries. */
function startedEventIdOf(threadId: string): number {
  const last = threadId.slice(threadId.lastIndexOf('/') + 1);
  return Number(last.slice(0, last.indexOf('.'))) || 0;
}
