import type { SendTaskHeartbeatInput, SendTaskHeartbeatOutput } from '../api-types.js';
import { constraints, RequestValidator } from '../request-validator.js';
import type { ServiceContext } from '../service-context.js';

/**
 * SendTaskHeartbeat: resets the heartbeat clock of the task that issued `taskToken`. Throws
 * `ValidationException`, and from the engine `InvalidToken`, `TaskDoesNotExist`, `TaskTimedOut`.
 */
export async function sendTaskHeartbeat(
  context: ServiceContext,
  input: SendTaskHeartbeatInput,
): Promise<SendTaskHeartbeatOutput> {
  const validator = new RequestValidator();
  if (validator.required('taskToken', input.taskToken))
    validator.string('taskToken', input.taskToken, constraints.taskToken);
  validator.throwIfInvalid();
  await context.engine.sendTaskHeartbeat(input.taskToken);
  return {};
}
