import type { UntagResourceInput, UntagResourceOutput } from '../api-types.js';
import { constraints, RequestValidator } from '../request-validator.js';
import type { ServiceContext } from '../service-context.js';
import { requireTaggedResource } from '../tagged-resources.js';

/**
 * UntagResource: removes the tags with the given keys (absent keys are ignored). Idempotent.
 * Throws `ValidationException`, `InvalidArn`, `ResourceNotFound`.
 */
export async function untagResource(context: ServiceContext, input: UntagResourceInput): Promise<UntagResourceOutput> {
  const validator = new RequestValidator();
  if (validator.required('resourceArn', input.resourceArn))
    validator.string('resourceArn', input.resourceArn, constraints.arn);
  if (validator.required('tagKeys', input.tagKeys)) {
    input.tagKeys.forEach((key, index) => validator.string(`tagKeys.${index + 1}.member`, key, { min: 1, max: 128 }));
  }
  validator.throwIfInvalid();

  const resource = await requireTaggedResource(context, input.resourceArn);
  const removed = new Set(input.tagKeys);
  await resource.writeTags(resource.tags.filter((tag) => !removed.has(tag.key)));
  return {};
}
