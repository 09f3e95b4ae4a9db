import type { State, StateMachineModel, StateScope } from '../asl/index.js';
import { createContextObject, type DataContext, type JsonObject, type JsonValue } from '../data/index.js';
import type { EventOfType, HistoryEvent, HistoryEventType, StatefoldFacts } from '../history/index.js';
import { evolveDraft, newFoldDraft } from './evolve.js';
import { MAIN_THREAD, parentThreadId, visibleVariables, type ActiveState, type ExecutionState, type ThreadState } from './execution-state.js';

/** Time and randomness, brought into `decide` from outside so that it stays pure. */
export interface DecideEnv {
  readonly now: Date;
  random(): number;
  uuid(): string;
}

/** A piece of work on one thread; it returns the thread's next piece, or nothing when the thread blocks or ends. */
export type Work = () => Work | undefined;

type Details<T extends HistoryEventType> = Omit<EventOfType<T>, 'id' | 'previousEventId' | 'timestamp' | 'type' | 'statefold'>;

/** Where an event links and which facts it records besides its thread. */
export interface EmitOptions {
  readonly previousEventId?: number;
  readonly facts?: Omit<StatefoldFacts, 'thread'>;
}

/**
 * The working memory of one `decide` call: the state so far, the events emitted so far (each
 * already folded in with `evolve`, so the state never disagrees with the events), and a queue of
 * thread continuations. Threads run one at a time until each blocks on an effect or ends.
 */
export class Stepper {
  state: ExecutionState;
  readonly events: HistoryEvent[] = [];
  readonly timestamp: string;
  readonly #queue: Work[] = [];
  /** This macrostep's private fold: it changes in place only what it created since `decide` began. */
  readonly #draft = newFoldDraft();
  #executionInput: JsonValue | undefined;

  constructor(
    readonly machine: StateMachineModel,
    state: ExecutionState,
    readonly env: DecideEnv,
    readonly maxHistoryEvents: number,
  ) {
    this.state = state;
    this.timestamp = env.now.toISOString();
  }

  /** The id the next emitted event will get. */
  get nextEventId(): number {
    return this.state.lastEventId + 1;
  }

  /** Appends one event to `threadId`, linked to that thread's last event unless told otherwise, and folds it in. */
  emit<T extends HistoryEventType>(threadId: string, type: T, details: Details<T>, options: EmitOptions = {}): EventOfType<T> {
    if (this.nextEventId >= this.maxHistoryEvents && !ENDS_EXECUTION.has(type)) this.#failOnHistoryLimit();
    const previousEventId = options.previousEventId ?? this.state.threads[threadId]?.lastEventId ?? startedEventIdOf(threadId);
    const facts: StatefoldFacts | undefined =
      threadId === MAIN_THREAD ? options.facts : { thread: threadId, ...options.facts };
    // The details type is checked by the caller's `T`; TypeScript cannot relate the spread to the union member.
    const event = {
      id: this.nextEventId,
      previousEventId,
      timestamp: this.timestamp,
      type,
      ...details,
      ...(facts !== undefined && !isEmpty(facts) ? { statefold: facts } : {}),
    } as unknown as EventOfType<T>;
    this.events.push(event);
    this.state = evolveDraft(this.state, event, this.#draft);
    return event;
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
    const parentId = parentThreadId(threadId);
    if (parentId === undefined) return this.machine;
    const parentActive = this.active(parentId);
    const thread = this.thread(threadId);
    const index = thread?.index ?? Number(threadId.slice(threadId.lastIndexOf('.') + 1));
    if (parentActive === undefined) throw new Error(`Thread ${threadId} has no parent state`);
    const owner = this.stateDef(parentId, parentActive.name);
    if (owner.Type === 'Parallel') {
      const branch = owner.Branches[index];
      if (branch === undefined) throw new Error(`Parallel state ${parentActive.name} has no branch ${index}`);
      return branch;
    }
    if (owner.Type === 'Map') return owner.ItemProcessor;
    throw new Error(`Thread ${threadId} belongs to ${owner.Type} state ${parentActive.name}`);
  }

  stateDef(threadId: string, name: string): State {
    const def = this.scopeOf(threadId).States[name];
    if (def === undefined) throw new Error(`No state ${name} in the scope of thread ${threadId || 'main'}`);
    return def;
  }

  get executionInput(): JsonValue {
    this.#executionInput ??= JSON.parse(this.state.input ?? 'null') as JsonValue;
    return this.#executionInput;
  }

  /**
   * The data context of the thread's active state: `$$`, variables, randomness, and the state for
   * messages. `entering` names a state about to be entered (its event will be the next one).
   */
  dataContext(
    threadId: string,
    extra: {
      readonly taskToken?: string;
      readonly mapItem?: { readonly Index: number; readonly Value: JsonValue };
      readonly entering?: string;
    } = {},
  ): DataContext {
    const active: Pick<ActiveState, 'name' | 'enteredTime' | 'retryCount' | 'enteredEventId'> | undefined =
      extra.entering !== undefined
        ? { name: extra.entering, enteredTime: this.timestamp, retryCount: 0, enteredEventId: this.nextEventId }
        : this.active(threadId);
    const state = this.state;
    const identity = state.identity;
    // Most states never read `$$` or a variable: both are built on first use.
    let context: JsonObject | undefined;
    let variables: Readonly<Record<string, JsonValue>> | undefined;
    const buildContext = (): JsonObject =>
      createContextObject({
        execution: {
          Id: identity?.executionArn ?? '',
          Input: this.executionInput,
          Name: identity?.name ?? '',
          RoleArn: state.roleArn ?? '',
          StartTime: state.startDate ?? this.timestamp,
          RedriveCount: 0,
        },
        state: {
          Name: active?.name ?? '',
          EnteredTime: active?.enteredTime ?? this.timestamp,
          RetryCount: active?.retryCount ?? 0,
        },
        stateMachine: { Id: identity?.stateMachineArn ?? '', Name: identity?.stateMachineName ?? '' },
        ...(extra.taskToken !== undefined ? { task: { Token: extra.taskToken } } : {}),
        ...(extra.mapItem !== undefined ? { map: { Item: extra.mapItem } } : {}),
      });
    return {
      get context() {
        context ??= buildContext();
        return context;
      },
      get variables() {
        variables ??= visibleVariables(state, threadId);
        return variables;
      },
      random: () => this.env.random(),
      uuid: () => this.env.uuid(),
      ...(active !== undefined ? { state: { name: active.name, enteredEventId: active.enteredEventId } } : {}),
    };
  }

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

function isEmpty(facts: StatefoldFacts): boolean {
  for (const _key in facts) return false;
  return true;
}

/** A new child thread's first event links to the event that started it, whose id its thread id carries. */
function startedEventIdOf(threadId: string): number {
  const last = threadId.slice(threadId.lastIndexOf('/') + 1);
  return Number(last.slice(0, last.indexOf('.'))) || 0;
}
