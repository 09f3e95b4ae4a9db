import {
  ConflictException,
  InvalidArn,
  InvalidName,
  ResourceNotFound,
  ServiceQuotaExceededException,
  ValidationException,
} from '../errors/index.js';
import type { StateMachineRecord, StateMachineVersionRecord } from '../store/index.js';
import type { RoutingConfigurationListItem } from './api-types.js';
import { parseStateMachineArn, qualifiedStateMachineArn } from './arns.js';
import { constraints, type RequestValidator } from './request-validator.js';
import { nowIso, type ServiceContext } from './service-context.js';
import { isStoreError } from '../store/index.js';

// What publishing, aliases and routing share: AWS's quotas, the version a publish makes, and the
// checks of a routing configuration. Every write here runs inside `context.exclusive` for its
// state machine; the store's create of a version is the fence against another process.

/** Versions one state machine may have at once (AWS: 1000). */
export const MAX_VERSIONS = 1000;
/** Aliases one state machine may have at once (AWS: 100). */
export const MAX_ALIASES = 100;

/** A routing configuration as stored: every member present. */
export type Routing = readonly { readonly stateMachineVersionArn: string; readonly weight: number }[];

/**
 * Publishes `record`'s current revision as its next version, or returns the version that already
 * has that revision (AWS's idempotency). Throws `ServiceQuotaExceededException` past 1000 versions
 * and `ConflictException` when another writer published the same number first.
 */
export async function publishVersion(
  context: ServiceContext,
  record: StateMachineRecord,
  description: string | undefined,
): Promise<StateMachineVersionRecord> {
  const { items } = await context.store.listStateMachineVersions(record.stateMachineArn, { limit: MAX_VERSIONS });
  const existing = items.find((version) => version.revisionId === record.revisionId);
  if (existing !== undefined) return existing;
  if (items.length >= MAX_VERSIONS) {
    throw new ServiceQuotaExceededException(
      `Service quota exceeded: a state machine may have at most ${MAX_VERSIONS} versions: '${record.stateMachineArn}'`,
    );
  }
  const version = Math.max(record.lastVersionNumber ?? 0, items[0]?.version ?? 0) + 1;
  const published: StateMachineVersionRecord = {
    stateMachineVersionArn: qualifiedStateMachineArn(record.stateMachineArn, version),
    stateMachineArn: record.stateMachineArn,
    version,
    revisionId: record.revisionId,
    creationDate: nowIso(context),
    ...(description === undefined ? {} : { description }),
    type: record.type,
    definition: record.definition,
    roleArn: record.roleArn,
    ...(record.loggingConfiguration === undefined ? {} : { loggingConfiguration: record.loggingConfiguration }),
    ...(record.tracingConfiguration === undefined ? {} : { tracingConfiguration: record.tracingConfiguration }),
    ...(record.encryptionConfiguration === undefined
      ? {}
      : { encryptionConfiguration: record.encryptionConfiguration }),
  };
  try {
    await context.store.createStateMachineVersion(published);
  } catch (error) {
    if (!isStoreError(error, 'RecordAlreadyStored')) throw error;
    throw new ConflictException(
      `Version ${version} of '${record.stateMachineArn}' was published by a concurrent request; retry the request`,
    );
  }
  await context.store.putStateMachine({ ...record, lastVersionNumber: version });
  return published;
}

/** Throws `ValidationException` when `versionDescription` comes without `publish: true`, as AWS does. */
export function assertVersionDescriptionPublished(input: {
  readonly publish?: boolean | undefined;
  readonly versionDescription?: string | undefined;
}): void {
  if (input.versionDescription !== undefined && input.publish !== true) {
    throw new ValidationException('Version description can only be set when publish is true');
  }
}

/** Adds the model constraints of a `routingConfiguration` (1–2 items, ARNs 1–256, weights 0–100). */
export function checkRoutingModel(
  validator: RequestValidator,
  routing: readonly RoutingConfigurationListItem[] | undefined,
): void {
  validator.listSize('routingConfiguration', routing, 1, 2);
  routing?.forEach((item, index) => {
    const path = `routingConfiguration.${index + 1}.member`;
    if (validator.required(`${path}.stateMachineVersionArn`, item.stateMachineVersionArn)) {
      validator.string(`${path}.stateMachineVersionArn`, item.stateMachineVersionArn, constraints.arn);
    }
    if (validator.required(`${path}.weight`, item.weight)) validator.integer(`${path}.weight`, item.weight, 0, 100);
  });
}

/**
 * Checks a routing configuration's ARNs and weights: version ARNs (`InvalidArn`) of one state
 * machine, distinct, weights adding up to 100 (`ValidationException` with reason
 * `INVALID_ROUTING_CONFIGURATION`). Returns the state machine's ARN and the routing as stored. Pure.
 */
export function checkRouting(routing: readonly RoutingConfigurationListItem[]): {
  readonly stateMachineArn: string;
  readonly routing: Routing;
} {
  const items = routing.map((item) => ({
    stateMachineVersionArn: item.stateMachineVersionArn ?? '',
    weight: item.weight ?? 0,
  }));
  const parts = items.map((item) => parseStateMachineArn(item.stateMachineVersionArn));
  for (const [index, part] of parts.entries()) {
    if (part.kind !== 'version') {
      throw new InvalidArn(`Invalid Arn: 'Not a state machine version ARN: ${items[index]?.stateMachineVersionArn}'`);
    }
  }
  const stateMachineArns = new Set(parts.map((part) => part.stateMachineArn));
  if (stateMachineArns.size !== 1) {
    throw invalidRouting('Routing configuration must reference versions of the same state machine');
  }
  if (new Set(items.map((item) => item.stateMachineVersionArn)).size !== items.length) {
    throw invalidRouting('Routing configuration must reference distinct state machine versions');
  }
  if (items.reduce((sum, item) => sum + item.weight, 0) !== 100) {
    throw invalidRouting('Sum of routing configuration weights must be equal to 100');
  }
  return { stateMachineArn: [...stateMachineArns][0] ?? '', routing: items };
}

/** Throws `ResourceNotFound` for the first version of `routing` that does not exist. */
export async function assertRoutedVersionsExist(context: ServiceContext, routing: Routing): Promise<void> {
  for (const item of routing) {
    if ((await context.store.getStateMachineVersion(item.stateMachineVersionArn)) === undefined) {
      throw new ResourceNotFound(`Resource not found: '${item.stateMachineVersionArn}'`);
    }
  }
}

/** `ValidationException` with reason `INVALID_ROUTING_CONFIGURATION`. */
export function invalidRouting(message: string): ValidationException {
  return new ValidationException(message, 'INVALID_ROUTING_CONFIGURATION');
}

/**
 * The version an alias starts an execution with: `random()` (the engine's source, in [0, 1))
 * scaled to 0–100 falls into one version's share of the weights. Pure given `random`.
 */
export function chooseVersion(routing: Routing, random: () => number): string {
  const point = random() * 100;
  let upTo = 0;
  for (const item of routing) {
    upTo += item.weight;
    if (point < upTo) return item.stateMachineVersionArn;
  }
  // Only reached through rounding at the top end: the last version that has any weight.
  const last = [...routing].reverse().find((item) => item.weight > 0) ?? routing[routing.length - 1];
  return last?.stateMachineVersionArn ?? '';
}

// Alias names need a letter, `_`, `-` or `.`: an all-digit name would read as a version number.
const ALIAS_NAME = /^(?=.*[a-zA-Z_.-])[a-zA-Z0-9_.-]+$/;

/** Throws `InvalidName` unless `name` may name an alias. */
export function assertAliasName(name: string): void {
  if (!ALIAS_NAME.test(name)) throw new InvalidName(name);
}

/** Whether two routing configurations route alike (the same versions with the same weights). Pure. */
export function sameRouting(a: Routing, b: Routing): boolean {
  const key = (routing: Routing): string =>
    routing
      .map((item) => `${item.stateMachineVersionArn}=${item.weight}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}
