import type { DescribeActivityInput, DescribeActivityOutput } from '../api-types.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { requireActivity } from '../resources.js';
import type { ServiceContext } from '../service-context.js';

/** DescribeActivity. Read-only. Throws `ValidationException`, `InvalidArn`, `ActivityDoesNotExist`. */
export async function describeActivity(
  context: ServiceContext,
  input: DescribeActivityInput,
): Promise<DescribeActivityOutput> {
  const validator = new RequestValidator();
  if (validator.required('activityArn', input.activityArn))
    validator.string('activityArn', input.activityArn, constraints.arn);
  validator.throwIfInvalid();
  const record = await requireActivity(context, input.activityArn);
  return { activityArn: record.activityArn, name: record.name, creationDate: new Date(record.creationDate) };
}
