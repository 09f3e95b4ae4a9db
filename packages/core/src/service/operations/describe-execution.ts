import type { DescribeExecutionInput, DescribeExecutionOutput } from '../api-types.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { qualifiersOf } from '../../engine/index.js';
import { parseStatesArn } from '../arns.js';
import { redriveStatusOf } from '../redrive-status.js';
import { requireExecution } from '../resources.js';
import type { ServiceContext } from '../service-context.js';

/**
 * DescribeExecution, from the execution's summary row alone. `includedData: METADATA_ONLY` leaves
 * out input and output; `redriveStatus` says whether RedriveExecution would accept it now. Read-only. Throws `ValidationException`, `InvalidArn`, `ExecutionDoesNotExist`.
 */
export async function describeExecution(
  context: ServiceContext,
  input: DescribeExecutionInput,
): Promise<DescribeExecutionOutput> {
  const validator = new RequestValidator();
  if (validator.required('executionArn', input.executionArn))
    validator.string('executionArn', input.executionArn, constraints.arn);
  validator.oneOf('includedData', input.includedData, ['ALL_DATA', 'METADATA_ONLY']);
  validator.throwIfInvalid();

  const summary = await requireExecution(context, input.executionArn, context.expressHistory);
  const withData = input.includedData !== 'METADATA_ONLY';
  return {
    executionArn: summary.executionArn,
    stateMachineArn: summary.stateMachineArn,
    name: summary.name,
    status: summary.status,
    startDate: new Date(summary.startDate),
    ...(summary.stopDate === undefined ? {} : { stopDate: new Date(summary.stopDate) }),
    ...(withData ? { input: summary.input, inputDetails: { included: true } } : {}),
    ...(withData && summary.output !== undefined ? { output: summary.output, outputDetails: { included: true } } : {}),
    ...(summary.traceHeader === undefined ? {} : { traceHeader: summary.traceHeader }),
    ...(summary.error === undefined ? {} : { error: summary.error }),
    ...(summary.cause === undefined ? {} : { cause: summary.cause }),
    ...qualifiersOf(summary),
    // AWS describes no Express execution: with `expressHistory` on, one is shown without redrive fields.
    ...(parseStatesArn(summary.executionArn).resourceType === 'express'
      ? {}
      : {
          redriveCount: summary.redriveCount ?? 0,
          ...(summary.redriveDate === undefined ? {} : { redriveDate: new Date(summary.redriveDate) }),
          ...(await redriveStatusOf(context, summary)),
        }),
    ...(summary.mapRunArn === undefined ? {} : { mapRunArn: summary.mapRunArn }),
  };
}
