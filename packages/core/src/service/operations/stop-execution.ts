import type { StopExecutionInput, StopExecutionOutput } from '../api-types.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { requireExecution } from '../resources.js';
import type { ServiceContext } from '../service-context.js';

/**
 * StopExecution: asks the engine to abort the execution with the given error and cause and
 * returns its stop date. Throws `ValidationException`, `InvalidArn`, `ExecutionDoesNotExist`.
 */
export async function stopExecution(context: ServiceContext, input: StopExecutionInput): Promise<StopExecutionOutput> {
  const validator = new RequestValidator();
  if (validator.required('executionArn', input.executionArn))
    validator.string('executionArn', input.executionArn, constraints.arn);
  validator.string('error', input.error, constraints.error);
  validator.string('cause', input.cause, constraints.cause);
  validator.throwIfInvalid();

  const execution = await requireExecution(context, input.executionArn);
  const summary = await context.engine.stopExecution(execution.executionArn, {
    ...(input.error === undefined ? {} : { error: input.error }),
    ...(input.cause === undefined ? {} : { cause: input.cause }),
  });
  return { stopDate: summary.stopDate === undefined ? context.clock.now() : new Date(summary.stopDate) };
}
