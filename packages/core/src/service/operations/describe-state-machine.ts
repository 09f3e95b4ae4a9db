import type { DescribeStateMachineInput, DescribeStateMachineOutput, EncryptionConfiguration } from '../api-types.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { requireStateMachineTarget } from '../resources.js';
import type { ServiceContext } from '../service-context.js';
import { loggingOf, tracingOf } from '../state-machine-settings.js';

/**
 * DescribeStateMachine: the current revision's definition and role, the type and the settings; for
 * a version ARN, that version's snapshot (its ARN, creation date and description); for an alias
 * ARN, the state machine itself. `includedData: METADATA_ONLY` leaves the definition empty, as AWS
 * does. Read-only. Throws `ValidationException`, `InvalidArn`, `StateMachineDoesNotExist`.
 */
export async function describeStateMachine(
  context: ServiceContext,
  input: DescribeStateMachineInput,
): Promise<DescribeStateMachineOutput> {
  const validator = new RequestValidator();
  if (validator.required('stateMachineArn', input.stateMachineArn)) {
    validator.string('stateMachineArn', input.stateMachineArn, constraints.arn);
  }
  validator.oneOf('includedData', input.includedData, ['ALL_DATA', 'METADATA_ONLY']);
  validator.throwIfInvalid();

  const { stateMachine, version } = await requireStateMachineTarget(context, input.stateMachineArn);
  const described = version ?? stateMachine;
  const encryption = described.encryptionConfiguration as EncryptionConfiguration | undefined;
  return {
    stateMachineArn: version?.stateMachineVersionArn ?? stateMachine.stateMachineArn,
    name: stateMachine.name,
    status: 'ACTIVE',
    definition: input.includedData === 'METADATA_ONLY' ? '' : described.definition,
    roleArn: described.roleArn,
    type: described.type,
    creationDate: new Date(described.creationDate),
    loggingConfiguration: loggingOf(described),
    tracingConfiguration: tracingOf(described),
    revisionId: described.revisionId,
    ...(described.description === undefined ? {} : { description: described.description }),
    ...(encryption === undefined ? {} : { encryptionConfiguration: encryption }),
  };
}
