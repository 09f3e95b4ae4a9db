import type { DeleteActivityInput, DeleteActivityOutput } from '../api-types.js';
import { parseArnOfType } from '../arns.js';
import { constraints, RequestValidator } from '../request-validator.js';
import type { ServiceContext } from '../service-context.js';

/**
 * DeleteActivity. Idempotent: deleting a missing activity succeeds, as on AWS. Throws
 * `ValidationException`, `InvalidArn`.
 */
export async function deleteActivity(
  context: ServiceContext,
  input: DeleteActivityInput,
): Promise<DeleteActivityOutput> {
  const validator = new RequestValidator();
  if (validator.required('activityArn', input.activityArn))
    validator.string('activityArn', input.activityArn, constraints.arn);
  validator.throwIfInvalid();
  parseArnOfType(input.activityArn, 'activity');
  await context.store.deleteActivity(input.activityArn);
  return {};
}
