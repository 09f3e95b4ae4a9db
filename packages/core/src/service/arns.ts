import { InvalidArn } from '../errors/index.js';

// The one place that builds and reads ARNs. Step Functions resources look like
// `arn:<partition>:states:<region>:<account>:<resourceType>:<name>[:<name>]`; AWS answers a string
// that is not such an ARN with `Invalid Arn: 'Invalid ARN prefix: …'` and a well-formed ARN of
// another resource type with `Invalid Arn: 'Resource type not valid in this context: <type>'`.

/** Where resources are created: the account and region in every ARN the service builds. */
export interface ArnScope {
  readonly partition?: string;
  readonly region: string;
  readonly accountId: string;
}

/** A Step Functions resource type that can appear in an ARN. */
export type StatesResourceType = 'stateMachine' | 'execution' | 'activity' | 'express';

/** The parts of a well-formed Step Functions ARN. */
export interface StatesArn {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly resourceType: string;
  /** The colon-separated parts after the resource type. */
  readonly resource: readonly string[];
}

const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b']);
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;

/** Builds a state machine ARN. */
export function stateMachineArn(scope: ArnScope, name: string): string {
  return `${prefix(scope)}:stateMachine:${name}`;
}

/** Builds an execution ARN: `…:execution:<stateMachineName>:<executionName>`. */
export function executionArn(scope: ArnScope, stateMachineName: string, name: string): string {
  return `${prefix(scope)}:execution:${stateMachineName}:${name}`;
}

/** Builds an Express execution's ARN: `…:express:<stateMachineName>:<executionName>:<executionId>` (names may repeat). */
export function expressExecutionArn(scope: ArnScope, stateMachineName: string, name: string, id: string): string {
  return `${prefix(scope)}:express:${stateMachineName}:${name}:${id}`;
}

/** Builds an activity ARN. */
export function activityArn(scope: ArnScope, name: string): string {
  return `${prefix(scope)}:activity:${name}`;
}

/** Builds a version's or an alias's ARN: the state machine's ARN, a colon, the version number or alias name. */
export function qualifiedStateMachineArn(stateMachineArn: string, qualifier: string | number): string {
  return `${stateMachineArn}:${qualifier}`;
}

/** A state machine ARN split into the unqualified ARN and its version or alias qualifier, if any. */
export type StateMachineArnParts =
  | { readonly kind: 'stateMachine'; readonly stateMachineArn: string; readonly name: string }
  | { readonly kind: 'version'; readonly stateMachineArn: string; readonly name: string; readonly version: number }
  | { readonly kind: 'alias'; readonly stateMachineArn: string; readonly name: string; readonly aliasName: string };

// A qualifier of digits is a version number (AWS forbids all-digit alias names for that reason).
const VERSION_QUALIFIER = /^[1-9]\d{0,9}$/;

/**
 * Reads a state machine ARN, unqualified or qualified by a version number (`…:name:3`) or an alias
 * name (`…:name:prod`); throws `InvalidArn` for anything else. Pure.
 */
export function parseStateMachineArn(arn: string): StateMachineArnParts {
  const [name = '', qualifier] = parseArnOfType(arn, 'stateMachine');
  const stateMachineArn = arn.slice(0, arn.length - (qualifier === undefined ? 0 : qualifier.length + 1));
  if (qualifier === undefined) return { kind: 'stateMachine', stateMachineArn, name };
  if (VERSION_QUALIFIER.test(qualifier)) return { kind: 'version', stateMachineArn, name, version: Number(qualifier) };
  if (/^\d+$/.test(qualifier)) throw new InvalidArn(`Invalid Arn: '${arn}'`);
  return { kind: 'alias', stateMachineArn, name, aliasName: qualifier };
}

/** Splits a Step Functions ARN; throws `InvalidArn` unless it is one. Pure. */
export function parseStatesArn(arn: string): StatesArn {
  const parts = arn.split(':');
  const [scheme, partition, service, region, accountId, resourceType, ...resource] = parts;
  if (
    scheme !== 'arn' ||
    partition === undefined ||
    !PARTITIONS.has(partition) ||
    service !== 'states' ||
    region === undefined ||
    !REGION.test(region) ||
    accountId === undefined ||
    !ACCOUNT.test(accountId) ||
    resourceType === undefined ||
    resourceType === ''
  ) {
    throw new InvalidArn(`Invalid Arn: 'Invalid ARN prefix: ${arn}'`);
  }
  return { partition, region, accountId, resourceType, resource };
}

/**
 * Reads the ARN a member expects (`stateMachine`, `execution` or `activity`) and returns its
 * resource parts; throws `InvalidArn` for anything else. A state machine ARN may carry a version or
 * alias qualifier (`…:stateMachine:<name>:<qualifier>`), which is returned as a second part.
 */
export function parseArnOfType(arn: string, expected: StatesResourceType): readonly string[] {
  const parsed = parseStatesArn(arn);
  if (parsed.resourceType !== expected) {
    throw new InvalidArn(`Invalid Arn: 'Resource type not valid in this context: ${parsed.resourceType}'`);
  }
  const sizes: Readonly<Record<StatesResourceType, readonly number[]>> = {
    stateMachine: [1, 2],
    execution: [2],
    activity: [1],
    express: [3],
  };
  if (!sizes[expected].includes(parsed.resource.length) || parsed.resource.some((part) => part === '')) {
    throw new InvalidArn(`Invalid Arn: '${arn}'`);
  }
  return parsed.resource;
}

/** Throws `InvalidArn` unless `arn` names an IAM role (`arn:<partition>:iam::<account>:role/<name>`). */
export function assertRoleArn(arn: string): void {
  const parts = arn.split(':');
  const [scheme, partition, service, region, accountId, ...rest] = parts;
  const resource = rest.join(':');
  if (
    scheme !== 'arn' ||
    partition === undefined ||
    !PARTITIONS.has(partition) ||
    service === undefined ||
    service === ''
  ) {
    throw new InvalidArn(`Invalid Arn: 'Invalid ARN prefix: ${arn}'`);
  }
  const resourceType = resource.split('/')[0] ?? '';
  if (
    service !== 'iam' ||
    region !== '' ||
    accountId === undefined ||
    !ACCOUNT.test(accountId) ||
    resourceType !== 'role'
  ) {
    throw new InvalidArn(`Invalid Arn: 'Resource type not valid in this context: ${resourceType}'`);
  }
  if (resource.length <= 'role/'.length || resource.endsWith('/')) throw new InvalidArn(`Invalid Arn: '${arn}'`);
}

function prefix(scope: ArnScope): string {
  return `arn:${scope.partition ?? 'aws'}:states:${scope.region}:${scope.accountId}`;
}
