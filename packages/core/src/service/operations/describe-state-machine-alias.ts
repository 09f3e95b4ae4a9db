import type { DescribeStateMachineAliasInput, DescribeStateMachineAliasOutput } from '../api-types.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { requireAlias } from '../resources.js';
import type { ServiceContext } from '../service-context.js';

/**
 * DescribeStateMachineAlias: the alias's name, description, routing and dates. Read-only. Throws
 * `ValidationException`, `InvalidArn`, `ResourceNotFound`.
 */
export async function describeStateMachineAlias(
  context: ServiceContext,
  input: DescribeStateMachineAliasInput,
): Promise<DescribeStateMachineAliasOutput> {
  const validator = new RequestValidator();
  if (validator.required('stateMachineAliasArn', input.stateMachineAliasArn)) {
    validator.string('stateMachineAliasArn', input.stateMachineAliasArn, constraints.arn);
  }
  validator.throwIfInvalid();

  const alias = await requireAlias(context, input.stateMachineAliasArn);
  return {
    stateMachineAliasArn: alias.stateMachineAliasArn,
    name: alias.name,
    ...(alias.description === undefined ? {} : { description: alias.description }),
    routingConfiguration: alias.routingConfiguration.map((item) => ({ ...item })),
    creationDate: new Date(alias.creationDate),
    updateDate: new Date(alias.updateDate),
  };
}
