import type { TagResourceInput, TagResourceOutput } from '../api-types.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { assertTagLimit } from '../resources.js';
import type { ServiceContext } from '../service-context.js';
import { checkTagsModel, normaliseTags } from '../state-machine-settings.js';
import { requireTaggedResource } from '../tagged-resources.js';

/**
 * TagResource: adds tags to a state machine or activity, replacing the values of keys it already
 * has. Idempotent. Throws `ValidationException`, `InvalidArn`, `ResourceNotFound`, `TooManyTags`.
 */
export async function tagResource(context: ServiceContext, input: TagResourceInput): Promise<TagResourceOutput> {
  const validator = new RequestValidator();
  if (validator.required('resourceArn', input.resourceArn))
    validator.string('resourceArn', input.resourceArn, constraints.arn);
  if (validator.required('tags', input.tags)) checkTagsModel(validator, 'tags', input.tags);
  validator.throwIfInvalid();

  const resource = await requireTaggedResource(context, input.resourceArn);
  const added = normaliseTags(input.tags);
  const addedKeys = new Set(added.map((tag) => tag.key));
  const tags = [...resource.tags.filter((tag) => !addedKeys.has(tag.key)), ...added];
  assertTagLimit(context, input.resourceArn, tags.length);
  await resource.writeTags(tags);
  return {};
}
