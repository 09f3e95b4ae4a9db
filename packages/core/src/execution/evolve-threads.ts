import type { EventFacts, RecordedEvent } from '../history/index.js';
import {
  MAIN_THREAD,
  parentThreadId,
  threadIndex,
  type ActiveState,
  type ChildOutcomes,
  type ExecutionState,
  type MapProgress,
  type ParallelProgress,
  type ThreadState,
} from './execution-state.js';
import { own, setEntry, withFields, withoutEntry, type Owned, type Writable } from './fold-draft.js';

// How the reducer reaches the thread an event belongs to, and hands a child thread's end to its parent.

/** A Parallel or Map that ended takes every thread below it along. */
export function dropChildren(state: ExecutionState, recorded: RecordedEvent, owned: Owned): ExecutionState {
  const prefix = `${recorded.facts.thread ?? MAIN_THREAD}/`;
  const threads: Record<string, ThreadState> = {};
  let dropped = false;
  for (const [id, thread] of Object.entries(state.threads)) {
    if (id.startsWith(prefix)) dropped = true;
    else threads[id] = thread;
  }
  return dropped ? withFields(owned, state, { threads: own(owned, threads) }) : state;
}

export function updateActive(
  state: ExecutionState,
  recorded: RecordedEvent,
  change: (active: ActiveState) => ActiveState,
  owned: Owned,
): ExecutionState {
  return updateThread(
    state,
    recorded,
    (t) => {
      if (t.active === undefined) return t;
      const active = change(t.active);
      // A changed active state is a new object nobody else holds: the draft may keep changing it.
      if (active !== t.active) own(owned, active);
      return withFields(owned, t, { active });
    },
    owned,
  );
}

/**
 * Applies `change` to the event's thread (creating it on its first event), moves its
 * `lastEventId`, and when the event ends a child thread hands the outcome to the parent.
 */
export function updateThread(
  state: ExecutionState,
  recorded: RecordedEvent,
  change: (thread: ThreadState) => ThreadState,
  owned: Owned,
): ExecutionState {
  const { event, facts } = recorded;
  const threadId = facts.thread ?? MAIN_THREAD;
  const existing = state.threads[threadId] ?? {
    id: threadId,
    index: threadIndex(threadId),
    lastEventId: event.previousEventId,
  };
  const result = change(existing);
  // `change` returns its argument or a new object nobody else holds.
  if (result !== existing) own(owned, result);
  const changed = withFields(owned, result, { lastEventId: event.id });
  const threadEnd = facts.threadEnd;
  if (threadEnd === undefined) {
    return withFields(owned, state, {
      lastEventId: event.id,
      threads: setEntry(owned, state.threads, threadId, changed),
    });
  }
  const others = withoutEntry(owned, state.threads, threadId);
  const parentId = parentThreadId(threadId);
  const withoutChild = withFields(owned, state, { lastEventId: event.id, threads: others });
  if (parentId === undefined) return withoutChild;
  return updateThreadById(
    withoutChild,
    parentId,
    (parent) => handChildOutcome(parent, changed, recorded, owned),
    owned,
  );
}

function handChildOutcome(parent: ThreadState, child: ThreadState, recorded: RecordedEvent, owned: Owned): ThreadState {
  const active = parent.active;
  const { event, facts } = recorded;
  const threadEnd = facts.threadEnd;
  if (active === undefined || threadEnd === undefined) return parent;
  // Fields gathered by assignment, not spreads: a Map of a thousand items ends a thousand threads.
  if (active.parallel !== undefined) {
    const fields: Writable<Partial<ParallelProgress>> = { lastBranchEventId: event.id };
    recordOutcome(owned, active.parallel, child.index, threadEnd, fields);
    const parallel = withFields(owned, active.parallel, fields);
    return withFields(owned, parent, { active: withFields(owned, active, { parallel }) });
  }
  if (active.map !== undefined) {
    const map = active.map;
    const fields: Writable<Partial<MapProgress>> = {
      running: map.running - 1,
      linkEventId: event.previousEventId,
      lastIterationEventId: event.id,
    };
    if (event.type !== 'MapIterationAborted') recordOutcome(owned, map, child.index, threadEnd, fields);
    return withFields(owned, parent, { active: withFields(owned, active, { map: withFields(owned, map, fields) }) });
  }
  return parent;
}

/** Adds a child's end to `fields`: its output by index and the success count, or the failure count and the first failure. */
function recordOutcome(
  owned: Owned,
  outcomes: ChildOutcomes,
  index: number,
  threadEnd: NonNullable<EventFacts['threadEnd']>,
  fields: Writable<Partial<ChildOutcomes>>,
): void {
  if ('output' in threadEnd) {
    fields.outputs = setEntry(owned, outcomes.outputs, index, threadEnd.output);
    fields.succeeded = outcomes.succeeded + 1;
    return;
  }
  fields.failed = outcomes.failed + 1;
  if (outcomes.failure === undefined) fields.failure = { error: threadEnd.error, cause: threadEnd.cause };
}

export function updateThreadById(
  state: ExecutionState,
  threadId: string,
  change: (thread: ThreadState) => ThreadState,
  owned: Owned,
): ExecutionState {
  const thread = state.threads[threadId];
  if (thread === undefined) return state;
  return withFields(owned, state, { threads: setEntry(owned, state.threads, threadId, change(thread)) });
}
