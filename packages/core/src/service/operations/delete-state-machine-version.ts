import { ConflictException, InvalidArn } from '../../errors/index.js';
import type { DeleteStateMachineVersionInput, DeleteStateMachineVersionOutput } from '../api-types.js';
import { parseStateMachineArn } from '../arns.js';
import { constraints, RequestValidator } from '../request-validator.js';
import type { ServiceContext } from '../service-context.js';
import { MAX_ALIASES } from '../state-machine-versions.js';

/**
 * DeleteStateMachineVersion: removes a version; its running executions go on (their revision
 * stays). Idempotent: a missing version is no error. Throws `ValidationException`, `InvalidArn`
 * (not a version ARN), `ConflictException` (an alias still routes to it).
 */
export async function deleteStateMachineVersion(
  context: ServiceContext,
  input: DeleteStateMachineVersionInput,
): Promise<DeleteStateMachineVersionOutput> {
  const validator = new RequestValidator();
  if (validator.required('stateMachineVersionArn', input.stateMachineVersionArn)) {
    validator.string('stateMachineVersionArn', input.stateMachineVersionArn, constraints.arn);
  }
  validator.throwIfInvalid();
  const arn = input.stateMachineVersionArn;
  const parts = parseStateMachineArn(arn);
  if (parts.kind !== 'version') throw new InvalidArn(`Invalid Arn: 'Not a state machine version ARN: ${arn}'`);

  await context.exclusive(parts.stateMachineArn, async () => {
    const { items } = await context.store.listStateMachineAliases(parts.stateMachineArn, { limit: MAX_ALIASES });
    const routedBy = items.filter((alias) =>
      alias.routingConfiguration.some((item) => item.stateMachineVersionArn === arn),
    );
    if (routedBy.length > 0) {
      throw new ConflictException(
        'Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: ' +
          `[${routedBy.map((alias) => alias.name).join(', ')}]`,
      );
    }
    await context.store.deleteStateMachineVersion(arn);
  });
  return {};
}
