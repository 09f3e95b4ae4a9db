import { ConflictException, ResourceNotFound, ServiceQuotaExceededException } from '../../errors/index.js';
import type { CreateStateMachineAliasInput, CreateStateMachineAliasOutput } from '../api-types.js';
import { qualifiedStateMachineArn } from '../arns.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { nowIso, type ServiceContext } from '../service-context.js';
import {
  assertAliasName,
  assertRoutedVersionsExist,
  checkRouting,
  checkRoutingModel,
  MAX_ALIASES,
  sameRouting,
} from '../state-machine-versions.js';

/**
 * CreateStateMachineAlias: `<stateMachineArn>:<name>`, routing new executions to one or two
 * versions of one state machine by weight. Idempotent for the same name, description and routing;
 * another alias of that name is `ConflictException`. Throws `ValidationException` (reason
 * `INVALID_ROUTING_CONFIGURATION` for a routing AWS refuses), `InvalidName`, `InvalidArn`,
 * `ResourceNotFound` (a version or the state machine), `ServiceQuotaExceededException` (100 aliases).
 */
export async function createStateMachineAlias(
  context: ServiceContext,
  input: CreateStateMachineAliasInput,
): Promise<CreateStateMachineAliasOutput> {
  const validator = new RequestValidator();
  if (validator.required('name', input.name)) validator.string('name', input.name, constraints.name);
  validator.string('description', input.description, constraints.versionDescription);
  if (validator.required('routingConfiguration', input.routingConfiguration)) {
    checkRoutingModel(validator, input.routingConfiguration);
  }
  validator.throwIfInvalid();
  assertAliasName(input.name);

  const { stateMachineArn, routing } = checkRouting(input.routingConfiguration);
  const arn = qualifiedStateMachineArn(stateMachineArn, input.name);
  return context.exclusive(stateMachineArn, async () => {
    const stateMachine = await context.store.getStateMachine(stateMachineArn);
    if (stateMachine === undefined) throw new ResourceNotFound(`Resource not found: '${stateMachineArn}'`);
    await assertRoutedVersionsExist(context, routing);
    const existing = await context.store.getStateMachineAlias(arn);
    if (existing !== undefined) {
      if (existing.description !== input.description || !sameRouting(existing.routingConfiguration, routing)) {
        throw new ConflictException(
          `Failed to create alias because an alias with the same name already exists: '${arn}'`,
        );
      }
      return { stateMachineAliasArn: arn, creationDate: new Date(existing.creationDate) };
    }
    const { items } = await context.store.listStateMachineAliases(stateMachineArn, { limit: MAX_ALIASES });
    if (items.length >= MAX_ALIASES) {
      throw new ServiceQuotaExceededException(
        `Service quota exceeded: a state machine may have at most ${MAX_ALIASES} aliases: '${stateMachineArn}'`,
      );
    }
    const creationDate = nowIso(context);
    await context.store.putStateMachineAlias({
      stateMachineAliasArn: arn,
      stateMachineArn,
      name: input.name,
      ...(input.description === undefined ? {} : { description: input.description }),
      routingConfiguration: routing,
      creationDate,
      updateDate: creationDate,
    });
    return { stateMachineAliasArn: arn, creationDate: new Date(creationDate) };
  });
}
