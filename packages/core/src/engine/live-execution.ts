import type { StateMachineModel } from '../asl/index.js';
import {
  evolveInPlace,
  initialExecutionState,
  newFoldDraft,
  type ExecutionState,
  type FoldDraft,
} from '../execution/index.js';
import type { ExecutionStatus } from '../history/index.js';
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
