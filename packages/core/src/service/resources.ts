import {
  ActivityDoesNotExist,
  ExecutionDoesNotExist,
  InvalidArn,
  ResourceNotFound,
  StateMachineDoesNotExist,
  TooManyTags,
} from '../errors/index.js';
import type {
  ActivityRecord,
  ExecutionSummary,
  MapRunRecord,
  StateMachineAliasRecord,
  StateMachineRecord,
  StateMachineVersionRecord,
} from '../store/index.js';
import { parseArnOfType, parseStateMachineArn, parseStatesArn } from './arns.js';
import type { ServiceContext } from './service-context.js';

// Reading a resource by the ARN a request names: the ARN's format first (`InvalidArn`), then the
// store (`…DoesNotExist`), the order in which AWS checks them.

/** The state machine `arn` names; throws `InvalidArn` or `StateMachineDoesNotExist`. */
export async function requireStateMachine(context: ServiceContext, arn: string): Promise<StateMachineRecord> {
  const resource = parseArnOfType(arn, 'stateMachine');
  // Where a version or alias ARN (`…:stateMachine:<name>:<qualifier>`) is not accepted, it names no state machine.
  const record = resource.length === 1 ? await context.store.getStateMachine(arn) : undefined;
  if (record === undefined) throw new StateMachineDoesNotExist(arn);
  return record;
}

/** What a state machine, version or alias ARN resolves to: the state machine, and the version or alias it names. */
export interface StateMachineTarget {
  readonly stateMachine: StateMachineRecord;
  readonly version?: StateMachineVersionRecord;
  readonly alias?: StateMachineAliasRecord;
}

/**
 * The state machine an unqualified, version or alias ARN names (StartExecution, DescribeStateMachine,
 * ListExecutions); throws `InvalidArn` or `StateMachineDoesNotExist` (naming the ARN as given).
 */
export async function requireStateMachineTarget(context: ServiceContext, arn: string): Promise<StateMachineTarget> {
  const parts = parseStateMachineArn(arn);
  const stateMachine = await context.store.getStateMachine(parts.stateMachineArn);
  if (stateMachine === undefined) throw new StateMachineDoesNotExist(arn);
  if (parts.kind === 'stateMachine') return { stateMachine };
  if (parts.kind === 'version') {
    const version = await context.store.getStateMachineVersion(arn);
    if (version === undefined) throw new StateMachineDoesNotExist(arn);
    return { stateMachine, version };
  }
  const alias = await context.store.getStateMachineAlias(arn);
  if (alias === undefined) throw new StateMachineDoesNotExist(arn);
  return { stateMachine, alias };
}

/** The alias `arn` names; throws `InvalidArn` (not an alias ARN) or `ResourceNotFound`. */
export async function requireAlias(context: ServiceContext, arn: string): Promise<StateMachineAliasRecord> {
  if (parseStateMachineArn(arn).kind !== 'alias') {
    throw new InvalidArn(`Invalid Arn: 'Not a state machine alias ARN: ${arn}'`);
  }
  const alias = await context.store.getStateMachineAlias(arn);
  if (alias === undefined) throw new ResourceNotFound(`Resource not found: '${arn}'`);
  return alias;
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

/** The Map Run `arn` names; throws `InvalidArn` or `ResourceNotFound`. */
export async function requireMapRun(context: ServiceContext, arn: string): Promise<MapRunRecord> {
  const parsed = parseStatesArn(arn);
  if (parsed.resourceType !== 'mapRun') {
    throw new InvalidArn(`Invalid Arn: 'Resource type not valid in this context: ${parsed.resourceType}'`);
  }
  if (parsed.resource.length !== 2 || parsed.resource.some((part) => part === '')) {
    throw new InvalidArn(`Invalid Arn: '${arn}'`);
  }
  const record = await context.store.getMapRun(arn);
  if (record === undefined) throw new ResourceNotFound(`Resource not found: '${arn}'`);
  return record;
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
