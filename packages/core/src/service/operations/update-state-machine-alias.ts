import { ValidationException } from '../../errors/index.js';
import type { UpdateStateMachineAliasInput, UpdateStateMachineAliasOutput } from '../api-types.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { requireAlias } from '../resources.js';
import { nowIso, type ServiceContext } from '../service-context.js';
import {
  assertRoutedVersionsExist,
  checkRouting,
  checkRoutingModel,
  invalidRouting,
} from '../state-machine-versions.js';

/**
 * UpdateStateMachineAlias: changes the description and/or the routing (at least one); executions
 * started after it use the new routing. Throws `ValidationException` (reason
 * `MISSING_REQUIRED_PARAMETER` with neither, `INVALID_ROUTING_CONFIGURATION`), `InvalidArn`,
 * `ResourceNotFound` (the alias or a version).
 */
export async function updateStateMachineAlias(
  context: ServiceContext,
  input: UpdateStateMachineAliasInput,
): Promise<UpdateStateMachineAliasOutput> {
  const validator = new RequestValidator();
  if (validator.required('stateMachineAliasArn', input.stateMachineAliasArn)) {
    validator.string('stateMachineAliasArn', input.stateMachineAliasArn, constraints.arn);
  }
  validator.string('description', input.description, constraints.versionDescription);
  checkRoutingModel(validator, input.routingConfiguration);
  validator.throwIfInvalid();
  if (input.description === undefined && input.routingConfiguration === undefined) {
    throw new ValidationException(
      'Either the description or the routingConfiguration must be specified',
      'MISSING_REQUIRED_PARAMETER',
    );
  }

  const checked = await requireAlias(context, input.stateMachineAliasArn);
  const routing = input.routingConfiguration === undefined ? undefined : checkRouting(input.routingConfiguration);
  if (routing !== undefined && routing.stateMachineArn !== checked.stateMachineArn) {
    throw invalidRouting("Routing configuration must reference versions of the alias's state machine");
  }
  return context.exclusive(checked.stateMachineArn, async () => {
    const alias = await requireAlias(context, input.stateMachineAliasArn);
    if (routing !== undefined) await assertRoutedVersionsExist(context, routing.routing);
    const updateDate = nowIso(context);
    const { description: _previous, ...rest } = alias;
    const description = input.description ?? alias.description;
    await context.store.putStateMachineAlias({
      ...rest,
      ...(description === undefined ? {} : { description }),
      routingConfiguration: routing?.routing ?? alias.routingConfiguration,
      updateDate,
    });
    return { updateDate: new Date(updateDate) };
  });
}
