import type { EventOfType, RecordedEvent } from '../history/index.js';
import { MAIN_THREAD, type ExecutionState, type RedriveToken, type ThreadState } from './execution-state.js';

// How redrive folds: one place for evolve and evolveInPlace (both must give the same states).

/** AWS answers a repeated RedriveExecution `clientToken` for the last ten tokens. */
const REMEMBERED_REDRIVE_TOKENS = 10;

/**
 * The state after an event that ended the execution (`ended`, folded from `before`): an
 * unsuccessful end records where a redrive re-enters (the event's `redrive` fact and the main
 * thread's variables, which ending drops); a success, or an end without the fact, records none.
 */
export function withRedrivePoint(
  ended: ExecutionState,
  before: ExecutionState,
  recorded: RecordedEvent,
): ExecutionState {
  const { redrivePoint: _previous, ...rest } = ended;
  const point = recorded.facts.redrive;
  if (point === undefined || ended.status === 'SUCCEEDED') return rest;
  const variables = before.threads[MAIN_THREAD]?.variables;
  return { ...rest, redrivePoint: variables === undefined ? point : { ...point, variables } };
}

/**
 * The state after ExecutionRedriven: RUNNING again, without the end's output, error and stop date,
 * with the redrive counted and the main thread ready to re-enter its redrive point (linked to this
 * event). The execution's TimeoutSeconds counts again from the redrive (the event's `timeoutAt`).
 */
export function redrivenState(
  state: ExecutionState,
  recorded: RecordedEvent & { readonly event: EventOfType<'ExecutionRedriven'> },
): ExecutionState {
  const { event, facts } = recorded;
  const {
    stopDate: _stopDate,
    output: _output,
    error: _error,
    cause: _cause,
    timeoutAt: _timeoutAt,
    redrivePoint,
    redriveTokens,
    ...rest
  } = state;
  const main: ThreadState = {
    id: MAIN_THREAD,
    index: 0,
    lastEventId: event.id,
    ...(redrivePoint !== undefined ? { lastOutput: redrivePoint.input } : {}),
    ...(redrivePoint?.variables !== undefined ? { variables: redrivePoint.variables } : {}),
  };
  const tokens: readonly RedriveToken[] | undefined =
    facts.clientToken === undefined
      ? redriveTokens
      : [...(redriveTokens ?? []), { clientToken: facts.clientToken, redriveDate: event.timestamp }].slice(
          -REMEMBERED_REDRIVE_TOKENS,
        );
  return {
    ...rest,
    status: 'RUNNING',
    redriveCount: event.executionRedrivenEventDetails.redriveCount,
    redriveDate: event.timestamp,
    ...(facts.timeoutAt !== undefined ? { timeoutAt: facts.timeoutAt } : {}),
    ...(tokens !== undefined ? { redriveTokens: tokens } : {}),
    lastEventId: event.id,
    threads: { [MAIN_THREAD]: main },
  };
}

/** The first index at or after `from` whose output a redrive did not carry over. Pure. */
export function nextIndexToRun(carried: Readonly<Record<number, string>> | undefined, from: number): number {
  let index = from;
  if (carried !== undefined) while (carried[index] !== undefined) index++;
  return index;
}

/** How many outputs a redrive carried over. */
export function carriedCount(carried: Readonly<Record<number, string>> | undefined): number {
  return carried === undefined ? 0 : Object.keys(carried).length;
}
