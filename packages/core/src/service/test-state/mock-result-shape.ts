import type { TaskState } from '../../asl/index.js';
import { isJsonObject, type JsonValue } from '../../data/index.js';
import { ValidationException } from '../../errors/index.js';
import type { MockResponseValidationMode } from './test-state-types.js';

// TestState's `fieldValidationMode`: a mocked Task result checked against the integrated API's
// response shape, read from the AWS SDK's own models (the `@aws-sdk/client-*` packages' schemas).
// Step Functions presents SDK responses with PascalCase member names and dates as text.

/** The SDK client of each service whose shapes statefold reads, by the names Task resources use. */
const CLIENTS: Readonly<Record<string, () => Promise<unknown>>> = {
  lambda: () => import('@aws-sdk/client-lambda'),
  dynamodb: () => import('@aws-sdk/client-dynamodb'),
  sns: () => import('@aws-sdk/client-sns'),
  sqs: () => import('@aws-sdk/client-sqs'),
  states: () => import('@aws-sdk/client-sfn'),
  sfn: () => import('@aws-sdk/client-sfn'),
  events: () => import('@aws-sdk/client-eventbridge'),
  eventbridge: () => import('@aws-sdk/client-eventbridge'),
};

/** Which response a Task's mocked result stands for. */
type ResultShape =
  /** Whatever a function, a worker or a token's sender returns: no API model says more. */
  | { readonly kind: 'any' }
  | { readonly kind: 'operation'; readonly service: string; readonly operation: string }
  /** An API response whose shape statefold does not have. */
  | { readonly kind: 'unknown' };

const OPTIMIZED = /^arn:[^:]+:states:::([^:.]+):([^.]+)(\..+)?$/;
const SDK = /^arn:[^:]+:states:::aws-sdk:([^:]+):([^.]+)(\..+)?$/;

function resultShapeOf(state: TaskState): ResultShape {
  const kind = state.resourceInfo?.kind;
  if (kind === 'lambda-function' || kind === 'activity') return { kind: 'any' };
  const match = SDK.exec(state.Resource) ?? OPTIMIZED.exec(state.Resource);
  if (match === null) return { kind: 'unknown' };
  const [, service = '', action = '', suffix = ''] = match;
  if (suffix === '.waitForTaskToken') return { kind: 'any' };
  // A `.sync` result is the finished job's description, not the call's response.
  if (suffix !== '' || CLIENTS[service] === undefined) return { kind: 'unknown' };
  return { kind: 'operation', service, operation: action.charAt(0).toUpperCase() + action.slice(1) };
}

/**
 * Checks a mocked Task result as `mode` asks: STRICT — every required member present and every
 * present member of the right type; PRESENT — present members only. Throws `ValidationException`
 * with AWS's `Mock result schema validation error: …`; and when statefold has no shape for the
 * integration and the caller asked for STRICT or PRESENT, says so rather than pass it unchecked.
 */
export async function checkMockResult(
  state: TaskState,
  result: JsonValue,
  mode: MockResponseValidationMode,
  modeGiven: boolean,
): Promise<void> {
  if (mode === 'NONE') return;
  const shape = resultShapeOf(state);
  if (shape.kind === 'any') return;
  const schema = shape.kind === 'operation' ? await outputSchemaOf(shape.service, shape.operation) : undefined;
  if (schema === undefined) {
    // Absent, the mode is AWS's default STRICT: a Task statefold cannot check still runs unchecked.
    if (!modeGiven) return;
    throw new ValidationException(
      `fieldValidationMode ${mode} cannot be checked for the resource '${state.Resource}': statefold has no response shape for it. Use fieldValidationMode NONE.`,
    );
  }
  const lambdaInvoke = shape.kind === 'operation' && shape.service === 'lambda' && shape.operation === 'Invoke';
  checkValue(result, schema, '', mode, lambdaInvoke);
}

async function outputSchemaOf(service: string, operation: string): Promise<unknown> {
  const load = CLIENTS[service];
  if (load === undefined) return undefined;
  const client = (await load()) as Readonly<Record<string, unknown>>;
  const operationSchema = client[`${operation}$`];
  // [9, namespace, name, traits, input, output]
  if (!Array.isArray(operationSchema) || operationSchema[0] !== 9) return undefined;
  return resolve(operationSchema[5]);
}

function fail(problem: string): never {
  throw new ValidationException(`Mock result schema validation error: ${problem}`);
}

/** A schema reference: a thunk, a member wrapper `[schema, traits]`, or the schema itself. */
function resolve(reference: unknown): unknown {
  let schema = reference;
  for (;;) {
    if (typeof schema === 'function') schema = (schema as () => unknown)();
    else if (Array.isArray(schema) && schema.length === 2) schema = schema[0];
    // A named simple schema: [0, namespace, name, traits, schema].
    else if (Array.isArray(schema) && schema[0] === 0 && schema.length === 5) schema = schema[4];
    else return schema;
  }
}

// Simple schemas (Smithy's sentinels): 0 string, 1 number, 2 boolean, 4–7 timestamps, 15 document,
// 17/19 big numbers, 21/42 blobs; 64 | x is a list of x, 128 | x a map of x.
function checkValue(value: JsonValue, reference: unknown, field: string, mode: string, lambdaInvoke: boolean): void {
  const schema = resolve(reference);
  if (typeof schema === 'number') return checkSimple(value, schema, field, mode, lambdaInvoke);
  if (!Array.isArray(schema)) return;
  const [type] = schema as readonly unknown[];
  if (type === 3 || type === -3 || type === 4) return checkStructure(value, schema, field, mode, lambdaInvoke);
  if (type === 1) {
    if (!Array.isArray(value)) fail(`Field '${field}' must be an array`);
    for (const item of value) checkValue(item, schema[4], field, mode, lambdaInvoke);
  } else if (type === 2) {
    if (!isJsonObject(value)) fail(`Field '${field}' must be an object`);
    for (const [key, item] of Object.entries(value)) checkValue(item, schema[5], key, mode, lambdaInvoke);
  }
}

function checkSimple(value: JsonValue, schema: number, field: string, mode: string, lambdaInvoke: boolean): void {
  if (schema === 15) return;
  if (schema >= 128) {
    if (!isJsonObject(value)) fail(`Field '${field}' must be an object`);
    for (const [key, item] of Object.entries(value)) checkSimple(item, schema - 128, key, mode, lambdaInvoke);
  } else if (schema >= 64) {
    if (!Array.isArray(value)) fail(`Field '${field}' must be an array`);
    for (const item of value) checkSimple(item, schema - 64, field, mode, lambdaInvoke);
  } else if (schema === 1 || schema === 17 || schema === 19) {
    if (typeof value !== 'number') fail(`Field '${field}' must be a number`);
  } else if (schema === 2) {
    if (typeof value !== 'boolean') fail(`Field '${field}' must be a boolean`);
  } else if (typeof value !== 'string') {
    fail(`Field '${field}' must be a string`);
  }
}

/** [3, namespace, name, traits, memberNames, memberSchemas, requiredCount] — the required members come first. */
function checkStructure(
  value: JsonValue,
  schema: readonly unknown[],
  field: string,
  mode: string,
  lambdaInvoke: boolean,
): void {
  if (!isJsonObject(value))
    fail(field === '' ? 'The mock result must be a JSON object' : `Field '${field}' must be an object`);
  const names = (schema[4] ?? []) as readonly string[];
  const members = (schema[5] ?? []) as readonly unknown[];
  const required = typeof schema[6] === 'number' ? schema[6] : 0;
  names.forEach((name, index) => {
    const member = name.charAt(0).toUpperCase() + name.slice(1);
    const present = value[member];
    if (present === undefined) {
      if (mode === 'STRICT' && index < required) fail(`Required field '${member}' is missing`);
      return;
    }
    // Step Functions hands a Lambda's payload back as JSON, not as the Invoke API's blob.
    if (lambdaInvoke && field === '' && member === 'Payload') return;
    checkValue(present, members[index], member, mode, lambdaInvoke);
  });
}
