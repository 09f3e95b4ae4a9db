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
import { adopt, setEntry, withFields, withoutEntry, type FoldDraft, type Writable } from './fold-draft.js';

// How `evolveInPlace` reaches the thread an event belongs to, and hands a child thread's end to its parent.

/** A Parallel or Map that ended takes every thread below it along. */
export function dropChildren(state: ExecutionState, recorded: RecordedEvent, draft: FoldDraft): ExecutionState {
  const prefix = `${recorded.facts.thread ?? MAIN_THREAD}/`;
  const threads: Record<string, ThreadState> = {};
  let dropped = false;
  for (const [id, thread] of Object.entries(state.threads)) {
    if (id.startsWith(prefix)) dropped = true;
    else threads[id] = thread;
  }
  return dropped ? withFields(draft, state, { threads: adopt(draft, threads) }) : state;
}

export function updateActive(
  state: ExecutionState,
  recorded: RecordedEvent,
  change: (active: ActiveState) => ActiveState,
  draft: FoldDraft,
): ExecutionState {
  return updateThread(
    state,
    recorded,
    (thread) => {
      if (thread.active === undefined) return thread;
      const active = change(thread.active);
      // A changed active state is a new object nobody else holds: the draft may keep changing it.
      if (active !== thread.active) adopt(draft, active);
      return withFields(draft, thread, { active });
    },
    draft,
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
  draft: FoldDraft,
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
  if (result !== existing) adopt(draft, result);
  const changed = withFields(draft, result, { lastEventId: event.id });
  const threadEnd = facts.threadEnd;
  if (threadEnd === undefined) {
    return withFields(draft, state, {
      lastEventId: event.id,
      threads: setEntry(draft, state.threads, threadId, changed),
    });
  }
  const others = withoutEntry(draft, state.threads, threadId);
  const parentId = parentThreadId(threadId);
  const withoutChild = withFields(draft, state, { lastEventId: event.id, threads: others });
  if (parentId === undefined) return withoutChild;
  return updateThreadById(
    withoutChild,
    parentId,
    (parent) => handChildOutcome(parent, changed, recorded, draft),
    draft,
  );
}

function handChildOutcome(
  parent: ThreadState,
  child: ThreadState,
  recorded: RecordedEvent,
  draft: FoldDraft,
): ThreadState {
  const active = parent.active;
  const { event, facts } = recorded;
  const threadEnd = facts.threadEnd;
  if (active === undefined || threadEnd === undefined) return parent;
  // Fields gathered by assignment, not spreads: a Map of a thousand items ends a thousand threads.
  if (active.parallel !== undefined) {
    const fields: Writable<Partial<ParallelProgress>> = { lastBranchEventId: event.id };
    recordOutcome(draft, active.parallel, child.index, threadEnd, fields);
    const parallel = withFields(draft, active.parallel, fields);
    return withFields(draft, parent, { active: withFields(draft, active, { parallel }) });
  }
  if (active.map !== undefined) {
    const map = active.map;
    const fields: Writable<Partial<MapProgress>> = {
      running: map.running - 1,
      linkEventId: event.previousEventId,
      lastIterationEventId: event.id,
    };
    if (event.type !== 'MapIterationAborted') recordOutcome(draft, map, child.index, threadEnd, fields);
    return withFields(draft, parent, { active: withFields(draft, active, { map: withFields(draft, map, fields) }) });
  }
  return parent;
}

/** Adds a child's end to `fields`: its output by index and the success count, or the failure count and the first failure. */
function recordOutcome(
  draft: FoldDraft,
  outcomes: ChildOutcomes,
  index: number,
  threadEnd: NonNullable<EventFacts['threadEnd']>,
  fields: Writable<Partial<ChildOutcomes>>,
): void {
  if ('output' in threadEnd) {
    fields.outputs = setEntry(draft, outcomes.outputs, index, threadEnd.output);
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
  draft: FoldDraft,
): ExecutionState {
  const thread = state.threads[threadId];
  if (thread === undefined) return state;
  return withFields(draft, state, { threads: setEntry(draft, state.threads, threadId, change(thread)) });
}
