import type { ExecutionStatus } from '../history/index.js';
import { MAX_HISTORY_EVENTS } from './decide.js';

/** What the redrive rules read of an execution: its summary row carries all of it. */
export interface RedriveCandidate {
  readonly status: ExecutionStatus;
  readonly startDate: string;
  readonly stopDate?: string;
  readonly lastEventId: number;
  /** True when its history records where a redrive re-enters. */
  readonly redrivable?: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** AWS redrives an execution up to 14 days after it stopped. */
export const REDRIVABLE_PERIOD_MS = 14 * DAY_MS;
/** A Standard execution's maximum duration (one year), which a redrive may not take it beyond. */
export const MAX_EXECUTION_TIME_MS = 365 * DAY_MS;

/**
 * Why RedriveExecution would refuse the execution at `now` — AWS's `redriveStatusReason` texts —
 * or undefined when it may be redriven. Pure: `now` is the engine's clock.
 */
export function redriveRefusal(execution: RedriveCandidate, now: Date): string | undefined {
  if (execution.status === 'RUNNING' || execution.status === 'PENDING_REDRIVE')
    return 'Execution is RUNNING and cannot be redriven';
  if (execution.status === 'SUCCEEDED') return 'Execution is SUCCEEDED and cannot be redriven';
  // A redrive appends ExecutionRedriven and at least one more event: the history must have room.
  if (execution.lastEventId >= MAX_HISTORY_EVENTS - 1) return 'Execution history event limit exceeded';
  if (execution.redrivable !== true) return 'Execution was started before the launch of RedriveExecution';
  if (now.getTime() - Date.parse(execution.startDate) >= MAX_EXECUTION_TIME_MS)
    return 'Execution has exceeded the max execution time';
  if (execution.stopDate !== undefined && now.getTime() - Date.parse(execution.stopDate) > REDRIVABLE_PERIOD_MS)
    return 'Execution redrivable period exceeded';
  return undefined;
}
