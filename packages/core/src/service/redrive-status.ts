import { redriveRefusal } from '../execution/index.js';
import type { ExecutionSummary } from '../store/index.js';
import type { ExecutionRedriveStatus } from './api-types.js';
import type { ServiceContext } from './service-context.js';

/**
 * Why RedriveExecution would refuse the execution now (AWS's `redriveStatusReason`), or undefined
 * when it would accept it: the execution's own rules (status, history size, the 14-day window on
 * the engine's clock), then its state machine, which must still exist. Read-only.
 */
export async function redriveRefusalOf(
  context: ServiceContext,
  summary: ExecutionSummary,
): Promise<string | undefined> {
  const refusal = redriveRefusal(summary, context.clock.now());
  if (refusal !== undefined) return refusal;
  const stateMachine = await context.store.getStateMachine(summary.stateMachineArn);
  return stateMachine === undefined ? 'State machine is in DELETING status' : undefined;
}

/** DescribeExecution's `redriveStatus` and `redriveStatusReason` for the execution now. Read-only. */
export async function redriveStatusOf(
  context: ServiceContext,
  summary: ExecutionSummary,
): Promise<{ readonly redriveStatus: ExecutionRedriveStatus; readonly redriveStatusReason?: string }> {
  const refusal = await redriveRefusalOf(context, summary);
  return refusal === undefined
    ? { redriveStatus: 'REDRIVABLE' }
    : { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: refusal };
}
