import { resolve } from 'node:path';
import type { JsonValue, ServiceTaskResult } from '@statefold/core';
import type { AwsServiceRoute } from '../integrations/aws-service-task.js';
import { checkKeys, endpointAt, type Fail, importFunction, objectAt, stringsAt } from './config-values.js';

/**
 * A function that answers a service task in-process: given the task's parameters (and the token of
 * a `.waitForTaskToken` task), it returns the task's output; throwing fails the task with the
 * error's `name` as the error and its `message` as the cause.
 */
export type ServiceFunction = (
  parameters: JsonValue,
  context: { readonly resource: string; readonly taskToken?: string; readonly executionArn: string },
) => unknown;

/** How one service (or one resource) is answered: an AWS endpoint, an in-process function, or canned results. */
export type ServiceRouteConfig =
  | ({ readonly kind: 'endpoint' } & AwsServiceRoute)
  | { readonly kind: 'handler'; readonly handler: ServiceFunction; readonly source: string }
  | { readonly kind: 'responses'; readonly responses: readonly ServiceTaskResult[] };

const SERVICE_NAME = /^[a-z0-9-]+$/;
const RESOURCE_ARN = /^arn:aws[a-z-]*:states:::.+$/;

/**
 * Parses the config's `services`: routes keyed by a service name as a Task's resource spells it
 * (`sqs`, `dynamodb`, `s3` …: every optimized and `aws-sdk:` action of it) or by a full resource ARN.
 */
export async function parseServices(
  raw: unknown,
  baseDirectory: string,
  fail: Fail,
): Promise<ReadonlyMap<string, ServiceRouteConfig>> {
  const entries = objectAt(raw, '"services"', fail);
  const routes = new Map<string, ServiceRouteConfig>();
  for (const [key, entry] of Object.entries(entries)) {
    const path = `services[${JSON.stringify(key)}]`;
    if (!SERVICE_NAME.test(key) && !RESOURCE_ARN.test(key))
      return fail(path, 'must be keyed by a service name (such as "sqs") or a resource ARN (arn:aws:states:::…)');
    routes.set(key, await parseRoute(entry, path, baseDirectory, fail));
  }
  return routes;
}

async function parseRoute(
  entry: unknown,
  path: string,
  baseDirectory: string,
  fail: Fail,
): Promise<ServiceRouteConfig> {
  if (typeof entry === 'function') return { kind: 'handler', handler: entry as ServiceFunction, source: path };
  const route = objectAt(entry, path, fail);
  const kinds = ['endpoint', 'module', 'handler', 'responses'].filter((key) => route[key] !== undefined);
  if (kinds.length !== 1) return fail(path, 'must have exactly one of "endpoint", "module", "handler" or "responses"');
  if (route.endpoint !== undefined) {
    checkKeys(route, ['endpoint', 'region', 'credentials'], path, fail);
    const endpoint = endpointAt(route.endpoint, `${path}.endpoint`, fail);
    if (route.region !== undefined && (typeof route.region !== 'string' || route.region === ''))
      return fail(`${path}.region`, 'must be a region name such as "us-east-1"');
    return {
      kind: 'endpoint',
      endpoint,
      ...(route.region === undefined ? {} : { region: route.region as string }),
      ...(route.credentials === undefined
        ? {}
        : { credentials: parseCredentials(route.credentials, `${path}.credentials`, fail) }),
    };
  }
  if (route.handler !== undefined) {
    checkKeys(route, ['handler'], path, fail);
    if (typeof route.handler !== 'function') return fail(`${path}.handler`, 'must be a function');
    return { kind: 'handler', handler: route.handler as ServiceFunction, source: path };
  }
  if (route.module !== undefined) {
    checkKeys(route, ['module', 'export'], path, fail);
    if (typeof route.module !== 'string') return fail(`${path}.module`, 'must be a path');
    if (route.export !== undefined && typeof route.export !== 'string') return fail(`${path}.export`, 'must be a name');
    const modulePath = resolve(baseDirectory, route.module);
    const exportName = route.export ?? 'handler';
    const handler = (await importFunction(modulePath, exportName, path, fail)) as ServiceFunction;
    return { kind: 'handler', handler, source: `${modulePath}#${exportName}` };
  }
  checkKeys(route, ['responses'], path, fail);
  if (!Array.isArray(route.responses) || route.responses.length === 0)
    return fail(`${path}.responses`, 'must be a non-empty list');
  const responses = (route.responses as readonly unknown[]).map((response, index) =>
    parseResult(response, `${path}.responses[${index}]`, fail),
  );
  return { kind: 'responses', responses };
}

function parseResult(raw: unknown, path: string, fail: Fail): ServiceTaskResult {
  const response = objectAt(raw, path, fail);
  if (response.error !== undefined) {
    const failure = stringsAt(response, ['error', 'cause'], path, fail);
    return { ok: false, error: failure['error'] ?? '', cause: failure['cause'] ?? '' };
  }
  checkKeys(response, ['output'], path, fail);
  if (!('output' in response)) return fail(path, 'must have "output", or "error" and "cause"');
  return { ok: true, output: JSON.parse(JSON.stringify(response.output ?? null)) as JsonValue };
}

function parseCredentials(raw: unknown, path: string, fail: Fail): NonNullable<AwsServiceRoute['credentials']> {
  const credentials = objectAt(raw, path, fail);
  checkKeys(credentials, ['accessKeyId', 'secretAccessKey', 'sessionToken'], path, fail);
  const { accessKeyId, secretAccessKey, sessionToken } = credentials;
  if (typeof accessKeyId !== 'string' || accessKeyId === '' || typeof secretAccessKey !== 'string')
    return fail(path, 'must give "accessKeyId" and "secretAccessKey" as strings');
  if (sessionToken !== undefined && typeof sessionToken !== 'string')
    return fail(`${path}.sessionToken`, 'must be a string');
  return sessionToken === undefined ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken };
}
