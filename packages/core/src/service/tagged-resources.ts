import { InvalidArn, ResourceNotFound } from '../errors/index.js';
import { parseStatesArn } from './arns.js';
import type { ServiceContext } from './service-context.js';

/** A resource's tags as the store keeps them. */
export type StoredTags = readonly { readonly key: string; readonly value: string }[];

/** A taggable resource (a state machine or an activity) with a way to write its tags back. */
export interface TaggedResource {
  readonly tags: StoredTags;
  readonly writeTags: (tags: StoredTags) => Promise<void>;
}

/**
 * The state machine or activity `resourceArn` names, for the tag actions. Throws `InvalidArn` for
 * any other ARN and `ResourceNotFound` (`Resource not found: '<arn>'`) for a missing resource.
 */
export async function requireTaggedResource(context: ServiceContext, resourceArn: string): Promise<TaggedResource> {
  const parsed = parseStatesArn(resourceArn);
  if (parsed.resourceType === 'stateMachine' && parsed.resource.length === 1) {
    const record = await context.store.getStateMachine(resourceArn);
    if (record === undefined) throw new ResourceNotFound(`Resource not found: '${resourceArn}'`);
    return { tags: record.tags, writeTags: (tags) => context.store.putStateMachine({ ...record, tags }) };
  }
  if (parsed.resourceType === 'activity' && parsed.resource.length === 1) {
    const record = await context.store.getActivity(resourceArn);
    if (record === undefined) throw new ResourceNotFound(`Resource not found: '${resourceArn}'`);
    return { tags: record.tags, writeTags: (tags) => context.store.putActivity({ ...record, tags }) };
  }
  throw new InvalidArn(`Invalid Arn: 'Resource type not valid in this context: ${parsed.resourceType}'`);
}
