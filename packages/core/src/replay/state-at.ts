import { setMember, type JsonValue } from '../data/index.js';
import {
  evolveInPlace,
  initialExecutionState,
  newFoldDraft,
  pendingEffects,
  MAIN_THREAD,
  type ActiveState,
  type FoldDraft,
  type ExecutionState,
  type PendingEffect,
  type PendingTask,
} from '../execution/index.js';
import type { RecordedEvent } from '../history/index.js';

/** One live thread of an execution at some event: the state it is in and what it waits for. */
export interface ThreadView {
  /** `''` for the main thread; `${parent}/${startedEventId}.${index}` for a Parallel branch or Map iteration. */
  readonly threadId: string;
  /** The state the thread is in; absent between states (a branch that has not entered one yet). */
  readonly stateName?: string;
  readonly stateType?: ActiveState['type'];
  /** The state's input (JSON text). */
  readonly input?: string;
  readonly enteredEventId?: number;
  /** `$$.State.RetryCount`: retries so far in this state. */
  readonly retryCount: number;
  /** Attempts used per Retry entry (by its index in `Retry`). */
  readonly retryAttempts: readonly number[];
  readonly waitUntil?: string;
  readonly retry?: { readonly failedEventId: number; readonly dueAt: string };
  readonly task?: PendingTask;
  /** Variables the thread sees: its own assignments over those of the threads it runs inside. */
  readonly variables: Readonly<Record<string, JsonValue>>;
}

/** Everything known about an execution right after one of its events. */
export interface ExecutionSnapshot {
  /** The event the snapshot is taken after (0: before the first). */
  readonly eventId: number;
  /** That event, with its facts. */
  readonly event?: RecordedEvent;
  readonly status: ExecutionState['status'];
  readonly state: ExecutionState;
  readonly threads: readonly ThreadView[];
  /** The main thread's variables. */
  readonly variables: Readonly<Record<string, JsonValue>>;
  /** What the engine would keep armed at this point. */
  readonly pendingEffects: readonly PendingEffect[];
}

type Variables = Readonly<Record<string, Readonly<Record<string, JsonValue>>>>;

interface Fold {
  readonly state: ExecutionState;
  /** Variables assigned per live thread. */
  readonly variables: Variables;
}

const emptyFold: Fold = { state: initialExecutionState, variables: {} };

/**
 * The state of an execution right after event `eventId` (0: before the first event): its status,
 * each live thread's state, input, retry counters and variables, and the effects it waits on.
 * Pure: folds the history's events up to that one with `evolve`. For many look-ups in one long
 * history, build a `HistoryIndex` once instead. Throws `RangeError` for an id the history lacks.
 */
export function stateAt(history: readonly RecordedEvent[], eventId: number): ExecutionSnapshot {
  return new HistoryIndex(history, Number.POSITIVE_INFINITY).stateAt(eventId);
}

/**
 * A history with snapshots of its folded state every `interval` events, so that the state at any
 * event costs at most `interval` folds. Building it folds the whole history once.
 */
export class HistoryIndex {
  readonly #history: readonly RecordedEvent[];
  readonly #interval: number;
  readonly #snapshots: Fold[] = [];

  constructor(history: readonly RecordedEvent[], interval = 100) {
    this.#history = history;
    this.#interval = interval;
    this.#snapshots.push(emptyFold);
    if (!Number.isFinite(interval)) return;
    let fold = emptyFold;
    // A snapshot is kept, so the draft that made it must not change it: a new draft after each one.
    let draft = newFoldDraft();
    for (const [index, event] of history.entries()) {
      fold = step(fold, event, draft);
      if ((index + 1) % interval === 0) {
        this.#snapshots.push(fold);
        draft = newFoldDraft();
      }
    }
  }

  /** The last event's id (0 for an empty history). */
  get lastEventId(): number {
    return this.#history[this.#history.length - 1]?.event.id ?? 0;
  }

  /** The snapshot right after event `eventId`; see `stateAt`. */
  stateAt(eventId: number): ExecutionSnapshot {
    const position = eventId === 0 ? 0 : this.#positionOf(eventId) + 1;
    const snapshotIndex = Number.isFinite(this.#interval) ? Math.floor(position / this.#interval) : 0;
    let fold = this.#snapshots[snapshotIndex] ?? emptyFold;
    const from = Number.isFinite(this.#interval) ? snapshotIndex * this.#interval : 0;
    const draft = newFoldDraft();
    for (let index = from; index < position; index++) {
      const event = this.#history[index];
      if (event !== undefined) fold = step(fold, event, draft);
    }
    return describe(fold, eventId, eventId === 0 ? undefined : this.#history[position - 1]);
  }

  #positionOf(eventId: number): number {
    // Ids are 1, 2, 3 … in a whole history; a search keeps working on a slice of one.
    const guess = eventId - (this.#history[0]?.event.id ?? 1);
    if (this.#history[guess]?.event.id === eventId) return guess;
    const found = this.#history.findIndex(({ event }) => event.id === eventId);
    if (found < 0)
      throw new RangeError(
        `The history has no event ${eventId} (it has events ${this.#history[0]?.event.id ?? 0} to ${this.lastEventId})`,
      );
    return found;
  }
}

function step(fold: Fold, recorded: RecordedEvent, draft: FoldDraft): Fold {
  const state = evolveInPlace(fold.state, recorded, draft);
  return { state, variables: assign(fold.variables, state, recorded) };
}

// Variables are facts in the events: each …StateExited lists what its state assigned.
function assign(variables: Variables, state: ExecutionState, { event, facts }: RecordedEvent): Variables {
  const assigned = 'stateExitedEventDetails' in event ? event.stateExitedEventDetails.assignedVariables : undefined;
  let next = variables;
  if (assigned !== undefined) {
    const threadId = facts.thread ?? MAIN_THREAD;
    const values: Record<string, JsonValue> = { ...next[threadId] };
    for (const [name, text] of Object.entries(assigned)) setMember(values, name, parse(text));
    next = { ...next, [threadId]: values };
  }
  // A thread that has ended takes its variables along.
  const ended = Object.keys(next).filter(
    (threadId) => threadId !== MAIN_THREAD && state.threads[threadId] === undefined,
  );
  if (ended.length === 0) return next;
  const kept: Record<string, Readonly<Record<string, JsonValue>>> = { ...next };
  for (const threadId of ended) delete kept[threadId];
  return kept;
}

function parse(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    // A value AWS truncated is not JSON any more: keep the text.
    return text;
  }
}

function describe(fold: Fold, eventId: number, event: RecordedEvent | undefined): ExecutionSnapshot {
  const { state } = fold;
  const threads = Object.values(state.threads)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((thread): ThreadView => {
      const active = thread.active;
      return {
        threadId: thread.id,
        ...(active !== undefined
          ? {
              stateName: active.name,
              stateType: active.type,
              input: active.input,
              enteredEventId: active.enteredEventId,
              ...(active.waitUntil !== undefined ? { waitUntil: active.waitUntil } : {}),
              ...(active.retry !== undefined ? { retry: active.retry } : {}),
              ...(active.task !== undefined ? { task: active.task } : {}),
            }
          : {}),
        retryCount: active?.retryCount ?? 0,
        retryAttempts: active?.retryAttempts ?? [],
        variables: visibleVariables(fold.variables, thread.id),
      };
    });
  return {
    eventId,
    ...(event !== undefined ? { event } : {}),
    status: state.status,
    state,
    threads,
    variables: fold.variables[MAIN_THREAD] ?? {},
    pendingEffects: pendingEffects(state),
  };
}

function visibleVariables(variables: Variables, threadId: string): Readonly<Record<string, JsonValue>> {
  const chain: string[] = [];
  for (
    let id: string | undefined = threadId;
    id !== undefined;
    id = id === MAIN_THREAD ? undefined : id.slice(0, id.lastIndexOf('/'))
  ) {
    chain.unshift(id);
  }
  // Spread, not Object.assign: a variable named __proto__ must stay a member.
  let visible: Readonly<Record<string, JsonValue>> = {};
  for (const id of chain) visible = { ...visible, ...variables[id] };
  return visible;
}
