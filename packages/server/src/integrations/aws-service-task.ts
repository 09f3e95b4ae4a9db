import {
  isJsonObject,
  withSdkMetadata,
  type JsonObject,
  type JsonValue,
  type ServiceTaskHandler,
  type ServiceTaskResult,
} from '@statefold/core';
import {
  clientPackage,
  OPTIMIZED_ACTIONS,
  parseAwsServiceResource,
  serviceErrorName,
  serviceLabel,
  type AwsServiceCall,
} from './aws-service-names.js';

/** Where one AWS service is reached: its endpoint, and the region and credentials requests are signed with. */
export interface AwsServiceRoute {
  readonly endpoint: string;
  /** `us-east-1` when absent. */
  readonly region?: string;
  /** Placeholder keys when absent (local emulators accept any). */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
}

interface SdkClient {
  send(command: unknown, options: { abortSignal: AbortSignal }): Promise<Record<string, unknown>>;
  destroy(): void;
}
type SdkModule = Readonly<Record<string, unknown>>;
type Importer = (name: string) => Promise<SdkModule>;

/**
 * Runs optimized SQS, DynamoDB, SNS and EventBridge integrations and `arn:aws:states:::aws-sdk:<service>:<action>`
 * calls through the service's `@aws-sdk/client-*` package against `route.endpoint`. Parameters are
 * the API's PascalCase members; the output is the API's response (with `SdkHttpMetadata` and
 * `SdkResponseMetadata` for optimized integrations). Service errors fail with `<Service>.<Code>`.
 * `importModule` is for tests; by default packages load with `import()`.
 */
export function createAwsServiceTask(
  route: AwsServiceRoute,
  importModule: Importer = (name) => import(name) as Promise<SdkModule>,
): ServiceTaskHandler {
  const clients = new Map<string, Promise<SdkModule>>();
  const created = new Map<string, SdkClient>();
  return async (request) => {
    const call = parseAwsServiceResource(request.resource);
    if (call === undefined) return runtimeError(`statefold cannot run the resource '${request.resource}'.`);
    const refused = refusal(call, request.resource);
    if (refused !== undefined) return refused;
    const packageName = clientPackage(call.service);
    let module: SdkModule;
    try {
      const loading = clients.get(packageName) ?? importModule(packageName);
      clients.set(packageName, loading);
      module = await loading;
    } catch (error) {
      clients.delete(packageName);
      return runtimeError(
        `The package ${packageName} is needed to call '${call.service}' but cannot be loaded (${messageOf(error)}). Install it next to statefold: npm install ${packageName}`,
      );
    }
    const commandName = `${call.action.charAt(0).toUpperCase()}${call.action.slice(1)}Command`;
    const Command = module[commandName];
    const client = clientFor(module, packageName, route, created);
    if (typeof Command !== 'function' || client === undefined)
      return runtimeError(`${packageName} has no action '${call.action}' (no ${commandName}).`);
    const parameters = requestMembers(call, request.parameters);
    let http: { statusCode: number; headers: Record<string, string> } = { statusCode: 200, headers: {} };
    const command = new (Command as new (input: unknown) => { middlewareStack: MiddlewareStack })(parameters);
    command.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        http = { statusCode: result.response.statusCode, headers: { ...result.response.headers } };
        return result;
      },
      { step: 'deserialize', name: 'statefoldHttpCapture' },
    );
    let response: Record<string, unknown>;
    try {
      response = await client.send(command, { abortSignal: request.signal });
    } catch (error) {
      return serviceFailure(call, error);
    }
    const { $metadata, ...members } = response;
    const body = toJson(members) as JsonObject;
    if (call.sdk) return { ok: true, output: body };
    if (call.service === 'events' && typeof body['FailedEntryCount'] === 'number' && body['FailedEntryCount'] > 0)
      return { ok: false, error: 'EventBridge.FailedEntry', cause: JSON.stringify(body) };
    const requestId = String((($metadata ?? {}) as { requestId?: unknown }).requestId ?? '');
    return { ok: true, output: withSdkMetadata(body, { ...http, requestId }) };
  };
}

interface MiddlewareStack {
  add(
    middleware: (
      next: (args: unknown) => Promise<{ response: { statusCode: number; headers: Record<string, string> } }>,
    ) => (args: unknown) => Promise<{ response: { statusCode: number; headers: Record<string, string> } }>,
    options: { step: string; name: string },
  ): void;
}

/** Patterns and actions AWS offers that statefold does not run here, refused with a cause that says so. */
function refusal(call: AwsServiceCall, resource: string): ServiceTaskResult | undefined {
  const dynamoDbCallback = !call.sdk && call.service === 'dynamodb' && call.pattern === 'waitForTaskToken';
  if ((call.pattern !== undefined && call.pattern !== 'waitForTaskToken') || dynamoDbCallback)
    return runtimeError(`The '.${call.pattern}' pattern is not supported for '${resource}'.`);
  if (!call.sdk && !(OPTIMIZED_ACTIONS[call.service] ?? []).includes(call.action))
    return runtimeError(
      `statefold does not run the optimized integration '${resource}'; use arn:aws:states:::aws-sdk:${call.service === 'events' ? 'eventbridge' : call.service}:${call.action} instead.`,
    );
  return undefined;
}

function clientFor(
  module: SdkModule,
  packageName: string,
  route: AwsServiceRoute,
  created: Map<string, SdkClient>,
): SdkClient | undefined {
  const existing = created.get(packageName);
  if (existing !== undefined) return existing;
  const name = Object.keys(module).find((key) => /^[A-Z][A-Za-z0-9]*Client$/.test(key));
  const Client = name === undefined ? undefined : module[name];
  if (typeof Client !== 'function') return undefined;
  const client = new (Client as new (config: unknown) => SdkClient)({
    endpoint: route.endpoint,
    region: route.region ?? 'us-east-1',
    credentials: route.credentials ?? { accessKeyId: 'statefold', secretAccessKey: 'statefold' },
    maxAttempts: 1,
  });
  created.set(packageName, client);
  return client;
}

/**
 * The API request: the parameters as given, except where the optimized integration accepts JSON in
 * a string member (SQS `MessageBody`, SNS `Message`, EventBridge `Detail`) and sends its text.
 */
function requestMembers(call: AwsServiceCall, parameters: JsonValue): JsonObject {
  const members: Record<string, JsonValue> = isJsonObject(parameters) ? { ...parameters } : {};
  if (call.sdk) return members;
  const stringify = (value: JsonValue | undefined) =>
    value === undefined || typeof value === 'string' ? value : JSON.stringify(value);
  if (call.service === 'sqs' && members['MessageBody'] !== undefined)
    members['MessageBody'] = stringify(members['MessageBody']) ?? null;
  if (call.service === 'sns' && members['Message'] !== undefined)
    members['Message'] = stringify(members['Message']) ?? null;
  if (call.service === 'events' && Array.isArray(members['Entries']))
    members['Entries'] = members['Entries'].map((entry) =>
      isJsonObject(entry) && entry['Detail'] !== undefined
        ? { ...entry, Detail: stringify(entry['Detail']) ?? null }
        : entry,
    );
  return members;
}

/** A service error as AWS reports it: `<Service>.<Code>` and the message with the service's details. */
function serviceFailure(call: AwsServiceCall, error: unknown): ServiceTaskResult {
  const failure = error as {
    name?: unknown;
    message?: unknown;
    Code?: unknown;
    $metadata?: { httpStatusCode?: number; requestId?: string };
  };
  const status = failure.$metadata?.httpStatusCode;
  const message = typeof failure.message === 'string' ? failure.message : String(error);
  if (status === undefined) {
    // No answer from the service: the client could not reach it.
    return {
      ok: false,
      error: serviceErrorName(call, 'SdkClient'),
      cause: `Unable to execute HTTP request: ${message} (Service: ${serviceLabel(call)})`,
    };
  }
  const code = typeof failure.name === 'string' && failure.name !== 'Error' ? failure.name : 'Unknown';
  // A query-compatible service (SQS) also says its older error code, which AWS's causes show.
  const wireCode = typeof failure.Code === 'string' ? failure.Code : code;
  return {
    ok: false,
    error: serviceErrorName(call, code),
    cause: `${message} (Service: ${serviceLabel(call)}; Status Code: ${status}; Error Code: ${wireCode}; Request ID: ${failure.$metadata?.requestId ?? ''}; Proxy: null)`,
  };
}

function runtimeError(cause: string): ServiceTaskResult {
  return { ok: false, error: 'States.Runtime', cause };
}

/** An SDK response as JSON: dates as ISO text, bytes as base64, undefined members left out. */
function toJson(value: unknown): JsonValue {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object' && value !== null) {
    const object: Record<string, JsonValue> = {};
    for (const [name, member] of Object.entries(value)) if (member !== undefined) object[name] = toJson(member);
    return object;
  }
  if (typeof value === 'bigint') return Number(value);
  return (value ?? null) as JsonValue;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
