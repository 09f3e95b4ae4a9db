import { ExecutionDoesNotExist } from '../../errors/index.js';
import type { DescribeStateMachineForExecutionInput, DescribeStateMachineForExecutionOutput } from '../api-types.js';
import { parseArnOfType } from '../arns.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { requireExecution } from '../resources.js';
import type { ServiceContext } from '../service-context.js';
import { loggingOf, tracingOf } from '../state-machine-settings.js';

/**
 * DescribeStateMachineForExecution: the definition and role the execution started with (its
 * revision), even after UpdateStateMachine or DeleteStateMachine. Read-only. Throws
 * `ValidationException`, `InvalidArn`, `ExecutionDoesNotExist`.
 */
export async function describeStateMachineForExecution(
  context: ServiceContext,
  input: DescribeStateMachineForExecutionInput,
): Promise<DescribeStateMachineForExecutionOutput> {
  const validator = new RequestValidator();
  if (validator.required('executionArn', input.executionArn))
    validator.string('executionArn', input.executionArn, constraints.arn);
  validator.oneOf('includedData', input.includedData, ['ALL_DATA', 'METADATA_ONLY']);
  validator.throwIfInvalid();

  const execution = await requireExecution(context, input.executionArn);
  const revision = await context.store.getStateMachineRevision(
    execution.stateMachineArn,
    execution.stateMachineRevisionId,
  );
  if (revision === undefined) throw new ExecutionDoesNotExist(execution.executionArn);
  const record = await context.store.getStateMachine(execution.stateMachineArn);
  const [name = ''] = parseArnOfType(execution.stateMachineArn, 'stateMachine');
  return {
    stateMachineArn: execution.stateMachineArn,
    name,
    definition: input.includedData === 'METADATA_ONLY' ? '' : revision.definition,
    roleArn: revision.roleArn,
    updateDate: new Date(revision.creationDate),
    revisionId: revision.revisionId,
    ...(record === undefined
      ? {}
      : { loggingConfiguration: loggingOf(record), tracingConfiguration: tracingOf(record) }),
  };
}
