import type { SendTaskFailureInput, SendTaskFailureOutput } from '../api-types.js';
import { constraints, RequestValidator } from '../request-validator.js';
import type { ServiceContext } from '../service-context.js';

/**
 * SendTaskFailure: fails the task that issued `taskToken` with `error` and `cause`. Throws
 * `ValidationException`, and from the engine `InvalidToken`, `TaskDoesNotExist`, `TaskTimedOut`.
 */
export async function sendTaskFailure(
  context: ServiceContext,
  input: SendTaskFailureInput,
): Promise<SendTaskFailureOutput> {
  const validator = new RequestValidator();
  if (validator.required('taskToken', input.taskToken))
    validator.string('taskToken', input.taskToken, constraints.taskToken);
  validator.string('error', input.error, constraints.error);
  validator.string('cause', input.cause, constraints.cause);
  validator.throwIfInvalid();
  await context.engine.sendTaskFailure(input.taskToken, {
    ...(input.error === undefined ? {} : { error: input.error }),
    ...(input.cause === undefined ? {} : { cause: input.cause }),
  });
  return {};
}
