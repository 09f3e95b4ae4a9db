import type { ListTagsForResourceInput, ListTagsForResourceOutput } from '../api-types.js';
import { constraints, RequestValidator } from '../request-validator.js';
import type { ServiceContext } from '../service-context.js';
import { requireTaggedResource } from '../tagged-resources.js';

/** ListTagsForResource. Read-only. Throws `ValidationException`, `InvalidArn`, `ResourceNotFound`. */
export async function listTagsForResource(
  context: ServiceContext,
  input: ListTagsForResourceInput,
): Promise<ListTagsForResourceOutput> {
  const validator = new RequestValidator();
  if (validator.required('resourceArn', input.resourceArn))
    validator.string('resourceArn', input.resourceArn, constraints.arn);
  validator.throwIfInvalid();
  const resource = await requireTaggedResource(context, input.resourceArn);
  return { tags: resource.tags.map((tag) => ({ key: tag.key, value: tag.value })) };
}
