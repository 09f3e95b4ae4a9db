import type { DescribeStateMachineInput, DescribeStateMachineOutput } from '../api-types.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { requireStateMachine } from '../resources.js';
import type { ServiceContext } from '../service-context.js';
import { loggingOf, tracingOf } from '../state-machine-settings.js';

/**
 * DescribeStateMachine: the current revision's definition and role, the type and the settings.
 * `includedData: METADATA_ONLY` leaves the definition empty, as AWS does. Read-only. Throws
 * `ValidationException`, `InvalidArn`, `StateMachineDoesNotExist`.
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

  const record = await requireStateMachine(context, input.stateMachineArn);
  return {
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: 'ACTIVE',
    definition: input.includedData === 'METADATA_ONLY' ? '' : record.definition,
    roleArn: record.roleArn,
    type: record.type,
    creationDate: new Date(record.creationDate),
    loggingConfiguration: loggingOf(record),
    tracingConfiguration: tracingOf(record),
    revisionId: record.revisionId,
    ...(record.description === undefined ? {} : { description: record.description }),
  };
}
