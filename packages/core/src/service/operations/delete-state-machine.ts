import type { DeleteStateMachineInput, DeleteStateMachineOutput } from '../api-types.js';
import { parseArnOfType } from '../arns.js';
import { constraints, RequestValidator } from '../request-validator.js';
import type { ServiceContext } from '../service-context.js';

/**
 * DeleteStateMachine: removes the state machine's record at once. Its revisions stay, so running
 * executions keep running and DescribeStateMachineForExecution still answers; new executions and
 * DescribeStateMachine get `StateMachineDoesNotExist`. Idempotent: deleting a missing state machine
 * succeeds, as on AWS. Throws `ValidationException`, `InvalidArn`.
 */
export async function deleteStateMachine(
  context: ServiceContext,
  input: DeleteStateMachineInput,
): Promise<DeleteStateMachineOutput> {
  const validator = new RequestValidator();
  if (validator.required('stateMachineArn', input.stateMachineArn)) {
    validator.string('stateMachineArn', input.stateMachineArn, constraints.arn);
  }
  validator.throwIfInvalid();
  parseArnOfType(input.stateMachineArn, 'stateMachine');
  await context.store.deleteStateMachine(input.stateMachineArn);
  return {};
}
