import type { RecordedEvent } from '@statefold/core';

/** What happened to a state in one execution, as the graph colours it. */
export type StateOutcome = 'succeeded' | 'failed' | 'caught' | 'retried' | 'running' | 'not-reached';

/** Per state: its outcome, and the events that belong to it (for the side panel). */
export interface StateRecord {
  outcome: StateOutcome;
  /** Ids of the events recorded while the state ran, from its first entry. */
  readonly eventIds: number[];
  entered: number;
  exited: number;
  /** A failure not yet followed by a retry or an exit. */
  failurePending: boolean;
  retried: boolean;
  caught: boolean;
}

const NEW_ATTEMPT = new Set([
  'TaskScheduled',
  'LambdaFunctionScheduled',
  'ActivityScheduled',
  'MapStateStarted',
  'ParallelStateStarted',
]);
const ENDED = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);

function isFailure(type: string): boolean {
  if (type.startsWith('Execution') || type.startsWith('MapIteration') || type === 'MapRunFailed') return false;
  return (
    type.endsWith('Failed') ||
    type.endsWith('TimedOut') ||
    type === 'FailStateEntered' ||
    type.endsWith('StartFailed') ||
    type.endsWith('SubmitFailed')
  );
}

/** The state name an event names, when it is a state's entry or exit. */
export function enteredOrExitedState(event: RecordedEvent['event']): { name: string; entered: boolean } | undefined {
  const record = event as unknown as Record<string, unknown>;
  const entered = record['stateEnteredEventDetails'] as { name?: string } | undefined;
  if (entered?.name !== undefined) return { name: entered.name, entered: true };
  const exited = record['stateExitedEventDetails'] as { name?: string } | undefined;
  if (exited?.name !== undefined) return { name: exited.name, entered: false };
  return undefined;
}

/**
 * Folds a history into what happened to each state: the state an event belongs to is the state
 * its thread (Parallel branch, Map iteration) last entered. A failure followed by a new attempt
 * is a retry; a failure followed by the state's exit was caught; one the execution ended on failed.
 */
export function stateOutcomes(events: readonly RecordedEvent[]): Map<string, StateRecord> {
  const records = new Map<string, StateRecord>();
  const current = new Map<string, string>();
  let ended = false;
  const recordOf = (name: string): StateRecord => {
    let record = records.get(name);
    if (record === undefined) {
      record = {
        outcome: 'running',
        eventIds: [],
        entered: 0,
        exited: 0,
        failurePending: false,
        retried: false,
        caught: false,
      };
      records.set(name, record);
    }
    return record;
  };
  for (const { event, facts } of events) {
    if (ENDED.has(event.type)) ended = true;
    const thread = facts.thread ?? '';
    const step = enteredOrExitedState(event);
    if (step !== undefined && step.entered) {
      current.set(thread, step.name);
      const record = recordOf(step.name);
      record.entered += 1;
      if (record.failurePending) {
        record.failurePending = false;
        record.retried = true;
      }
    }
    const name = step?.name ?? current.get(thread);
    if (name === undefined) continue;
    const record = recordOf(name);
    record.eventIds.push(event.id);
    if (step !== undefined && !step.entered) {
      record.exited += 1;
      if (record.failurePending) {
        record.failurePending = false;
        record.caught = true;
      }
      current.delete(thread);
    } else if (isFailure(event.type)) {
      record.failurePending = true;
    } else if (NEW_ATTEMPT.has(event.type) && record.failurePending) {
      record.failurePending = false;
      record.retried = true;
    }
  }
  for (const record of records.values()) {
    record.outcome = record.failurePending
      ? 'failed'
      : record.entered > record.exited
        ? ended
          ? 'failed'
          : 'running'
        : record.caught
          ? 'caught'
          : record.retried
            ? 'retried'
            : 'succeeded';
  }
  return records;
}

/** Per event id, the state it belongs to (for the event table's Step column and the graph). */
export function stateOfEvents(records: Map<string, StateRecord>): Map<number, string> {
  const byEvent = new Map<number, string>();
  for (const [name, record] of records) for (const id of record.eventIds) byEvent.set(id, name);
  return byEvent;
}
