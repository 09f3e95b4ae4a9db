import type { StateMachineModel } from '../asl/index.js';
import {
  evolveInPlace,
  initialExecutionState,
  MAIN_THREAD,
  newFoldDraft,
  type ExecutionState,
  type FoldDraft,
  type PendingTask,
} from '../execution/index.js';
import { TaskDoesNotExist, TaskTimedOut } from '../errors/index.js';
import type { ExecutionStatus, HistoryEvent, RecordedEvent } from '../history/index.js';
import type { ExecutionSummary, Store } from '../store/index.js';

/** A running execution as the engine keeps it in memory between triggers. */
export interface LiveExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly stateMachineRevisionId: string;
  readonly model: StateMachineModel;
  readonly traceHeader?: string;
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
  readonly mapRunArn?: string;
  state: ExecutionState;
  /** The objects of `state` the engine's decides made and may reuse in place (nobody else holds them). */
  draft: FoldDraft;
}

/** Reads every event of an execution, in pages, and folds them (through one private draft: fewer copies). */
export async function foldStoredHistory(store: Store, executionArn: string): Promise<ExecutionState> {
  const draft = newFoldDraft();
  let state = initialExecutionState;
  const pageSize = 5_000;
  for (;;) {
    const events = await store.readEvents(executionArn, { after: state.lastEventId, limit: pageSize });
    for (const recorded of events) state = evolveInPlace(state, recorded, draft);
    if (events.length < pageSize) return state;
  }
}

/** An execution as the store holds it, folded from its history; undefined when the store has none. */
export async function readLiveExecution(
  store: Store,
  models: { get(stateMachineArn: string, revisionId: string): Promise<StateMachineModel> },
  executionArn: string,
): Promise<LiveExecution | undefined> {
  const summary = await store.getExecution(executionArn);
  if (summary === undefined) return undefined;
  const model = await models.get(summary.stateMachineArn, summary.stateMachineRevisionId);
  return {
    executionArn,
    stateMachineArn: summary.stateMachineArn,
    stateMachineRevisionId: summary.stateMachineRevisionId,
    model,
    ...(summary.traceHeader !== undefined ? { traceHeader: summary.traceHeader } : {}),
    ...qualifiersOf(summary),
    ...(summary.mapRunArn !== undefined ? { mapRunArn: summary.mapRunArn } : {}),
    state: await foldStoredHistory(store, executionArn),
    draft: newFoldDraft(),
  };
}

/**
 * The execution as the store holds it now: the cached one only while no other writer has appended
 * since (nothing appended by the caller would tell a stale cache by a conflict).
 */
export async function loadCurrent(
  store: Store,
  cache: Map<string, LiveExecution>,
  executionArn: string,
  load: (executionArn: string) => Promise<LiveExecution | undefined>,
): Promise<LiveExecution | undefined> {
  const cached = cache.get(executionArn);
  if (cached !== undefined) {
    const summary = await store.getExecution(executionArn);
    if (summary?.lastEventId === cached.state.lastEventId) return cached;
    cache.delete(executionArn);
  }
  return load(executionArn);
}

/** A summary being built, member by member. */
type SummaryDraft = { -readonly [K in keyof ExecutionSummary]: ExecutionSummary[K] };

/** The summary row of an execution in `state` (what DescribeExecution and ListExecutions read). */
export function summarize(live: Omit<LiveExecution, 'state' | 'model'>, state: ExecutionState): ExecutionSummary {
  const status: ExecutionStatus = state.status === 'NOT_STARTED' ? 'RUNNING' : state.status;
  // Built by assignment rather than conditional spreads: this runs on every append.
  const summary: SummaryDraft = {
    executionArn: live.executionArn,
    stateMachineArn: live.stateMachineArn,
    stateMachineRevisionId: live.stateMachineRevisionId,
    name: state.identity?.name ?? live.executionArn.slice(live.executionArn.lastIndexOf(':') + 1),
    status,
    startDate: state.startDate ?? '',
    input: state.input ?? '{}',
    lastEventId: state.lastEventId,
  };
  if (state.stopDate !== undefined) summary.stopDate = state.stopDate;
  if (state.output !== undefined) summary.output = state.output;
  if (state.error !== undefined) summary.error = state.error;
  if (state.cause !== undefined) summary.cause = state.cause;
  if (live.traceHeader !== undefined) summary.traceHeader = live.traceHeader;
  if (live.stateMachineVersionArn !== undefined) summary.stateMachineVersionArn = live.stateMachineVersionArn;
  if (live.stateMachineAliasArn !== undefined) summary.stateMachineAliasArn = live.stateMachineAliasArn;
  if (state.redriveCount !== undefined) summary.redriveCount = state.redriveCount;
  if (state.redriveDate !== undefined) summary.redriveDate = state.redriveDate;
  if (state.redrivePoint !== undefined) summary.redrivable = true;
  if (live.mapRunArn !== undefined) summary.mapRunArn = live.mapRunArn;
  return summary;
}

/** The version and alias ARNs an execution was started through, as optional members. */
export function qualifiersOf(source: {
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
}): { stateMachineVersionArn?: string; stateMachineAliasArn?: string } {
  return {
    ...(source.stateMachineVersionArn !== undefined ? { stateMachineVersionArn: source.stateMachineVersionArn } : {}),
    ...(source.stateMachineAliasArn !== undefined ? { stateMachineAliasArn: source.stateMachineAliasArn } : {}),
  };
}

const DROPS_CHILD_THREADS: ReadonlySet<HistoryEvent['type']> = new Set([
  'ParallelStateSucceeded',
  'ParallelStateFailed',
  'ParallelStateAborted',
  'MapStateSucceeded',
  'MapStateFailed',
  'MapStateAborted',
]);

/** The threads appended events belong to (the effects to reconcile); undefined (every thread) when one of them dropped child threads. */
export function touchedThreads(events: readonly RecordedEvent[]): Set<string> | undefined {
  const threads = new Set<string>();
  for (let index = 0; index < events.length; index++) {
    const recorded = events[index];
    if (recorded === undefined) continue;
    if (DROPS_CHILD_THREADS.has(recorded.event.type)) return undefined;
    threads.add(recorded.facts.thread ?? MAIN_THREAD);
  }
  return threads;
}

/** Throws AWS's error unless the task `taskToken` names is pending in the execution. */
export function requirePendingTask(
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

export function findTask(live: LiveExecution, scheduledEventId: number): PendingTask | undefined {
  for (const thread of Object.values(live.state.threads)) {
    if (thread.active?.task?.scheduledEventId === scheduledEventId) return thread.active.task;
  }
  return undefined;
}
