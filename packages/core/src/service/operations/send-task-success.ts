import type { SendTaskSuccessInput, SendTaskSuccessOutput } from '../api-types.js';
import { assertJsonOutput } from '../payloads.js';
import { constraints, RequestValidator } from '../request-validator.js';
import type { ServiceContext } from '../service-context.js';

/**
 * SendTaskSuccess: completes the task that issued `taskToken` with `output`. Throws
 * `ValidationException`, `InvalidOutput`, and from the engine `InvalidToken`, `TaskDoesNotExist`,
 * `TaskTimedOut`.
 */
export async function sendTaskSuccess(
  context: ServiceContext,
  input: SendTaskSuccessInput,
): Promise<SendTaskSuccessOutput> {
  const validator = new RequestValidator();
  if (validator.required('taskToken', input.taskToken))
    validator.string('taskToken', input.taskToken, constraints.taskToken);
  if (validator.required('output', input.output)) validator.string('output', input.output, constraints.payload);
  validator.throwIfInvalid();
  assertJsonOutput(input.output);
  await context.engine.sendTaskSuccess(input.taskToken, input.output);
  return {};
}
