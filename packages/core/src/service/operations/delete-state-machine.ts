import type { DeleteStateMachineInput, DeleteStateMachineOutput } from '../api-types.js';
import { ValidationException } from '../../errors/index.js';
import { parseStateMachineArn } from '../arns.js';
import { constraints, RequestValidator } from '../request-validator.js';
import type { ServiceContext } from '../service-context.js';

/**
 * DeleteStateMachine: removes the state machine's record, versions and aliases at once. Its revisions stay, so running
 * executions keep running and DescribeStateMachineForExecution still answers; new executions and
 * DescribeStateMachine get `StateMachineDoesNotExist`. Idempotent: deleting a missing state machine
 * succeeds, as on AWS. Throws `ValidationException` (also for a version or alias ARN, which
 * DeleteStateMachineVersion and DeleteStateMachineAlias delete), `InvalidArn`.
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
  const parts = parseStateMachineArn(input.stateMachineArn);
  if (parts.kind !== 'stateMachine') {
    throw new ValidationException(
      `DeleteStateMachine deletes a state machine, not a ${parts.kind}; use DeleteStateMachine${parts.kind === 'version' ? 'Version' : 'Alias'}: '${input.stateMachineArn}'`,
    );
  }
  await context.exclusive(parts.stateMachineArn, () => context.store.deleteStateMachine(parts.stateMachineArn));
  return {};
}
