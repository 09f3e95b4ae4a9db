import type { DeleteStateMachineAliasInput, DeleteStateMachineAliasOutput } from '../api-types.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { requireAlias } from '../resources.js';
import type { ServiceContext } from '../service-context.js';

/**
 * DeleteStateMachineAlias: removes the alias (not the versions it routes to); executions it
 * started go on. Throws `ValidationException`, `InvalidArn`, `ResourceNotFound`.
 */
export async function deleteStateMachineAlias(
  context: ServiceContext,
  input: DeleteStateMachineAliasInput,
): Promise<DeleteStateMachineAliasOutput> {
  const validator = new RequestValidator();
  if (validator.required('stateMachineAliasArn', input.stateMachineAliasArn)) {
    validator.string('stateMachineAliasArn', input.stateMachineAliasArn, constraints.arn);
  }
  validator.throwIfInvalid();

  const alias = await requireAlias(context, input.stateMachineAliasArn);
  await context.exclusive(alias.stateMachineArn, () =>
    context.store.deleteStateMachineAlias(alias.stateMachineAliasArn),
  );
  return {};
}
