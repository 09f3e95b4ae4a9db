import { ExecutionLimitExceeded, ExecutionNotRedrivable } from '../../errors/index.js';
import type { RedriveExecutionInput, RedriveExecutionOutput } from '../api-types.js';
import { redriveRefusalOf } from '../redrive-status.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { countAll, requireExecution } from '../resources.js';
import type { ServiceContext } from '../service-context.js';

/**
 * RedriveExecution: continues an execution that ended FAILED, ABORTED or TIMED_OUT from the state it
 * ended in (ExecutionRedriven, then that state entered again with its input and fresh retries; a
 * Parallel or Map runs only the branches or iterations that had not succeeded). Idempotent per
 * `clientToken` as AWS documents it (the last ten tokens, for 15 minutes). Throws
 * `ValidationException`, `InvalidArn`, `ExecutionDoesNotExist`, `ExecutionNotRedrivable` (with
 * AWS's reason) and `ExecutionLimitExceeded`.
 */
export async function redriveExecution(
  context: ServiceContext,
  input: RedriveExecutionInput,
): Promise<RedriveExecutionOutput> {
  const validator = new RequestValidator();
  if (validator.required('executionArn', input.executionArn)) {
    validator.string('executionArn', input.executionArn, constraints.arn);
  }
  validator.string('clientToken', input.clientToken, constraints.clientToken);
  validator.throwIfInvalid();

  const summary = await requireExecution(context, input.executionArn);
  // A repeated token is answered by the engine before any rule: the execution may be running again.
  if (input.clientToken === undefined || summary.status !== 'RUNNING') {
    const refusal = await redriveRefusalOf(context, summary);
    if (refusal !== undefined) throw new ExecutionNotRedrivable(refusal);
    const limit = context.limits.maxOpenExecutions;
    if (limit !== undefined && (await countAll((page) => context.store.listOpenExecutions(page))) >= limit) {
      throw new ExecutionLimitExceeded(`Execution Limit Exceeded: '${limit}'`);
    }
  }
  const redriven = await context.engine.redriveExecution(summary.executionArn, input.clientToken);
  // The engine refuses (ExecutionNotRedrivable) rather than return an execution it did not redrive.
  return { redriveDate: new Date(redriven.redriveDate ?? redriven.startDate) };
}
