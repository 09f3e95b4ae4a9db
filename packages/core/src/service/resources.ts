import { ActivityDoesNotExist, ExecutionDoesNotExist, StateMachineDoesNotExist, TooManyTags } from '../errors/index.js';
import type { ActivityRecord, ExecutionSummary, StateMachineRecord } from '../store/index.js';
import { parseArnOfType, parseStatesArn } from './arns.js';
import type { ServiceContext } from './service-context.js';

// Reading a resource by the ARN a request names: the ARN's format first (`InvalidArn`), then the
// store (`…DoesNotExist`), the order in which AWS checks them.

/** The state machine `arn` names; throws `InvalidArn` or `StateMachineDoesNotExist`. */
export async function requireStateMachine(context: ServiceContext, arn: string): Promise<StateMachineRecord> {
  const resource = parseArnOfType(arn, 'stateMachine');
  // Versions and aliases (`…:stateMachine:<name>:<qualifier>`) are not published by statefold.
  const record = resource.length === 1 ? await context.store.getStateMachine(arn) : undefined;
  if (record === undefined) throw new StateMachineDoesNotExist(arn);
  return record;
}

/**
 * The execution `arn` names; throws `InvalidArn` or `ExecutionDoesNotExist`. An Express execution's
 * ARN (`…:express:…`) is `InvalidArn`, as AWS answers it, unless `express` allows it (the service's
 * opt-in `expressHistory`, for the reads that debugging needs).
 */
export async function requireExecution(
  context: ServiceContext,
  arn: string,
  express = false,
): Promise<ExecutionSummary> {
  parseArnOfType(arn, express && parseStatesArn(arn).resourceType === 'express' ? 'express' : 'execution');
  const summary = await context.store.getExecution(arn);
  if (summary === undefined) throw new ExecutionDoesNotExist(arn);
  return summary;
}

/** The activity `arn` names; throws `InvalidArn` or `ActivityDoesNotExist`. */
export async function requireActivity(context: ServiceContext, arn: string): Promise<ActivityRecord> {
  parseArnOfType(arn, 'activity');
  const record = await context.store.getActivity(arn);
  if (record === undefined) throw new ActivityDoesNotExist(arn);
  return record;
}

/** Counts every item of a paged store listing (for the optional quotas). */
export async function countAll<T>(
  list: (page: {
    readonly limit: number;
    readonly cursor?: string;
  }) => Promise<{ readonly items: readonly T[]; readonly cursor?: string }>,
): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await list(cursor === undefined ? { limit: 1000 } : { limit: 1000, cursor });
    count += page.items.length;
    cursor = page.cursor;
  } while (cursor !== undefined);
  return count;
}

/** Throws `TooManyTags` when a resource would carry more tags than allowed (AWS: 50). */
export function assertTagLimit(context: ServiceContext, resourceArn: string, count: number): void {
  const limit = context.limits.maxTagsPerResource ?? 50;
  if (count > limit) {
    throw new TooManyTags(`Too many tags: a resource may have at most ${limit} tags: '${resourceArn}'`);
  }
}
