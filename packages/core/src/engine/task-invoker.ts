import { isSyncResource } from '../asl/index.js';
import { isJsonObject, type JsonValue } from '../data/index.js';
import type { PendingTask, Trigger } from '../execution/index.js';
import type { LambdaInvoker, LambdaInvokeResult, ServiceTaskHandler } from './ports.js';
import { withSdkMetadata } from './sdk-response.js';

/** What a task invocation needs besides the task: the handlers, and fresh ids and time for the response. */
export interface TaskInvokerContext {
  readonly lambda?: LambdaInvoker | undefined;
  readonly services: Readonly<Record<string, ServiceTaskHandler>>;
  readonly executionArn: string;
  readonly stateName: string;
  readonly signal: AbortSignal;
  now(): Date;
  uuid(): string;
}

type TaskOutcome = Extract<Trigger, { kind: 'TaskSucceeded' | 'TaskFailed' | 'TaskSubmitted' }>;

/**
 * A request whose `signal` is made only when a handler reads it (see TaskInvocation in effect-scheduler.ts).
 * Classes, not object literals: a literal with a getter costs V8 about as much as a short task.
 */
abstract class LazySignalRequest {
  readonly #context: TaskInvokerContext;

  constructor(context: TaskInvokerContext) {
    this.#context = context;
  }

  get signal(): AbortSignal {
    return this.#context.signal;
  }
}

class LambdaInvokeRequest extends LazySignalRequest {
  constructor(
    readonly functionName: string,
    readonly payload: JsonValue,
    context: TaskInvokerContext,
  ) {
    super(context);
  }
}

class ServiceTaskRequest extends LazySignalRequest {
  readonly resource: string;
  readonly parameters: JsonValue;
  readonly executionArn: string;
  readonly stateName: string;
  readonly scheduledEventId: number;
  readonly taskToken?: string;
  readonly submitted?: JsonValue;

  constructor(task: PendingTask, context: TaskInvokerContext) {
    super(context);
    this.resource = task.resource;
    this.parameters = task.input;
    this.executionArn = context.executionArn;
    this.stateName = context.stateName;
    this.scheduledEventId = task.scheduledEventId;
    if (task.taskToken !== undefined) this.taskToken = task.taskToken;
    if (task.submittedOutput !== undefined) this.submitted = JSON.parse(task.submittedOutput) as JsonValue;
  }
}

/**
 * Runs one Lambda or service task and says what happened as a trigger. Never rejects: a failing
 * handler is a failed task (AWS's error names), so the execution, not the engine, deals with it.
 */
export async function invokeTask(task: PendingTask, context: TaskInvokerContext): Promise<TaskOutcome> {
  const scheduledEventId = task.scheduledEventId;
  try {
    if (task.kind === 'lambda-function') return await invokeLambdaFunction(task, context);
    if (task.kind === 'lambda-invoke') return await invokeLambdaApi(task, context);
    return await invokeService(task, context);
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'TaskFailed', scheduledEventId, error: 'States.TaskFailed', cause: `${name}: ${message}` };
  }
}

async function invokeLambdaFunction(task: PendingTask, context: TaskInvokerContext): Promise<TaskOutcome> {
  const scheduledEventId = task.scheduledEventId;
  const result = await callLambda(task.resource, task.input, context, 'Lambda');
  if ('error' in result) return { kind: 'TaskFailed', scheduledEventId, ...result };
  if (result.functionError !== undefined) return { kind: 'TaskFailed', scheduledEventId, ...functionFailure(result) };
  return { kind: 'TaskSucceeded', scheduledEventId, output: JSON.stringify(result.payload) };
}

async function invokeLambdaApi(task: PendingTask, context: TaskInvokerContext): Promise<TaskOutcome> {
  const scheduledEventId = task.scheduledEventId;
  const parameters = isJsonObject(task.input) ? task.input : {};
  const functionName = parameters['FunctionName'];
  if (typeof functionName !== 'string') {
    return {
      kind: 'TaskFailed',
      scheduledEventId,
      error: 'States.TaskFailed',
      cause: "The field 'FunctionName' is required and must be a string.",
    };
  }
  const result = await callLambda(functionName, parameters['Payload'] ?? null, context, 'Lambda');
  if ('error' in result)
    return { kind: 'TaskFailed', scheduledEventId, ...result, ...(task.waitForTaskToken ? { stage: 'submit' } : {}) };
  if (result.functionError !== undefined) return { kind: 'TaskFailed', scheduledEventId, ...functionFailure(result) };
  const output = JSON.stringify(lambdaInvokeResponse(result.payload, context));
  return task.waitForTaskToken
    ? { kind: 'TaskSubmitted', scheduledEventId, output }
    : { kind: 'TaskSucceeded', scheduledEventId, output };
}

async function invokeService(task: PendingTask, context: TaskInvokerContext): Promise<TaskOutcome> {
  const scheduledEventId = task.scheduledEventId;
  const base = task.resource.replace(/\.(waitForTaskToken|sync(:2)?)$/, '');
  // A handler for a whole service is registered as `arn:aws:states:::<service>:*`.
  const handler =
    context.services[task.resource] ?? context.services[base] ?? context.services[base.replace(/:[^:]+$/, ':*')];
  if (handler === undefined) {
    return {
      kind: 'TaskFailed',
      scheduledEventId,
      error: 'States.TaskFailed',
      cause: `No handler is registered for the resource '${task.resource}'. Register one in the 'services' option, or for statefold serve add a route under "services" in the config file (see the README's "Service integrations").`,
    };
  }
  const result = await handler(new ServiceTaskRequest(task, context));
  if (!result.ok) return { kind: 'TaskFailed', scheduledEventId, error: result.error, cause: result.cause };
  const output = JSON.stringify(result.output);
  return !task.submitted && (task.waitForTaskToken || isSyncResource(task.resource))
    ? { kind: 'TaskSubmitted', scheduledEventId, output }
    : { kind: 'TaskSucceeded', scheduledEventId, output };
}

async function callLambda(
  functionName: string,
  payload: JsonValue,
  context: TaskInvokerContext,
  errorPrefix: string,
): Promise<LambdaInvokeResult | { error: string; cause: string }> {
  if (context.lambda === undefined) {
    return {
      error: `${errorPrefix}.ServiceException`,
      cause: `No Lambda invoker is configured, so the function '${functionName}' cannot be invoked.`,
    };
  }
  try {
    return await context.lambda.invoke(new LambdaInvokeRequest(functionName, payload, context));
  } catch (error) {
    const code = error instanceof Error && error.name !== 'Error' ? error.name : 'ServiceException';
    // Lambda names the function it could not find by its qualified ARN, whatever an invoker's
    // own message says (error_handling/test_task_service_lambda.test_no_such_function).
    const message =
      code === 'ResourceNotFoundException'
        ? `Function not found: ${qualifiedFunctionArn(functionName, context.executionArn)}`
        : error instanceof Error
          ? error.message
          : String(error);
    const given = (error as { statusCode?: unknown }).statusCode;
    const statusCode = typeof given === 'number' ? given : (LAMBDA_STATUS_CODES[code] ?? 400);
    return {
      error: `${errorPrefix}.${code}`,
      cause: `${message} (Service: AWSLambda; Status Code: ${statusCode}; Error Code: ${code}; Request ID: ${context.uuid()}; Proxy: null)`,
    };
  }
}

// The HTTP status the Lambda Invoke API answers each of its error codes with.
const LAMBDA_STATUS_CODES: Readonly<Record<string, number>> = {
  ResourceNotFoundException: 404,
  ResourceConflictException: 409,
  RequestTooLargeException: 413,
  UnsupportedMediaTypeException: 415,
  TooManyRequestsException: 429,
  ServiceException: 500,
  EC2UnexpectedException: 502,
  ResourceNotReadyException: 502,
};

/**
 * A function reference as Lambda reports it: the full ARN with its qualifier (`$LATEST` when none),
 * in the execution's partition, region and account unless the reference names them.
 */
function qualifiedFunctionArn(reference: string, executionArn: string): string {
  const [, partition = 'aws', , region = 'us-east-1', account = '123456789012'] = executionArn.split(':');
  const parts = reference.split(':');
  // arn:partition:lambda:region:account:function:name[:qualifier]
  if (parts[0] === 'arn') return parts.length >= 8 ? reference : `${reference}:$LATEST`;
  // account:function:name[:qualifier], or name[:qualifier]
  const [owner, name, qualifier] =
    parts[1] === 'function' ? [parts[0], parts[2], parts[3]] : [account, parts[0], parts[1]];
  return `arn:${partition}:lambda:${region}:${owner ?? account}:function:${name ?? ''}:${qualifier ?? '$LATEST'}`;
}

/** A function error as AWS reports it: the payload's `errorType` as the error, the payload as the cause. */
function functionFailure(result: LambdaInvokeResult): { error: string; cause: string } {
  const payload = result.payload;
  const errorType =
    isJsonObject(payload) && typeof payload['errorType'] === 'string' ? payload['errorType'] : 'Lambda.Unknown';
  return { error: errorType, cause: typeof payload === 'string' ? payload : JSON.stringify(payload) };
}

/** The optimised `lambda:invoke` integration's output: the Invoke API response around the payload. */
function lambdaInvokeResponse(payload: JsonValue, context: TaskInvokerContext): JsonValue {
  const requestId = context.uuid();
  const date = context.now().toUTCString();
  const length = String(Buffer.byteLength(JSON.stringify(payload), 'utf8'));
  const traceId = `Root=1-${Math.floor(context.now().getTime() / 1000).toString(16)}-${requestId.replace(/-/g, '').slice(0, 24)}`;
  const headers: Record<string, string> = {
    Connection: 'keep-alive',
    'Content-Length': length,
    'Content-Type': 'application/json',
    Date: date,
    'X-Amz-Executed-Version': '$LATEST',
    'x-amzn-Remapped-Content-Length': '0',
    'x-amzn-RequestId': requestId,
    'X-Amzn-Trace-Id': traceId,
  };
  return withSdkMetadata(
    { ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 },
    { statusCode: 200, headers, requestId },
  );
}
