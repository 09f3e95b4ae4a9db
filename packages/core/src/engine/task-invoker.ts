import { isSyncResource } from '../asl/index.js';
import { isJsonObject, nestingProblem, type JsonValue } from '../data/index.js';
import { MAX_PAYLOAD_BYTES, type PendingTask, type Trigger } from '../execution/index.js';
import { lambdaInvokeResponse } from './lambda-invoke-response.js';
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

/** What one task invocation comes to: the trigger the engine applies. */
export type TaskOutcome = Extract<Trigger, { kind: 'TaskSucceeded' | 'TaskFailed' | 'TaskSubmitted' }>;

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
  readonly logType?: 'Tail' | 'None';

  constructor(
    readonly functionName: string,
    readonly payload: JsonValue,
    context: TaskInvokerContext,
    logType?: 'Tail' | 'None',
  ) {
    super(context);
    if (logType !== undefined) this.logType = logType;
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
    if (task.kind === 'lambda-function') return withinPayloadLimit(await invokeLambdaFunction(task, context), task);
    if (task.kind === 'lambda-invoke') return withinPayloadLimit(await invokeLambdaApi(task, context), task);
    return withinPayloadLimit(await invokeService(task, context), task);
  } catch (error) {
    if (error instanceof TooDeepResult)
      return { kind: 'TaskFailed', scheduledEventId, error: 'States.Runtime', cause: error.message };
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'TaskFailed', scheduledEventId, error: 'States.TaskFailed', cause: `${name}: ${message}` };
  }
}

/**
 * A result past AWS's payload limit fails the task itself, naming the function ARN for a Lambda
 * function resource and the service for an integration (`lambda` for lambda:invoke), as AWS's
 * recorded executions do (error_handling/test_task_lambda, services/test_lambda_task_service).
 */
function withinPayloadLimit(outcome: TaskOutcome, task: PendingTask): TaskOutcome {
  if (outcome.kind === 'TaskFailed') return outcome;
  const output = outcome.output;
  if (output.length <= MAX_PAYLOAD_BYTES / 4 || Buffer.byteLength(output, 'utf8') <= MAX_PAYLOAD_BYTES) return outcome;
  const named = task.kind === 'lambda-function' ? task.resource : (task.resource.split(':')[5] ?? task.resource);
  return {
    kind: 'TaskFailed',
    scheduledEventId: task.scheduledEventId,
    error: 'States.DataLimitExceeded',
    cause: `The state/task '${named}' returned a result with a size exceeding the maximum number of bytes service limit.`,
  };
}

class TooDeepResult extends Error {}

// A handler's result as JSON text. Serialising a value nested tens of thousands of levels deep
// overflows the stack; such a result fails the state as any result past the bound does in decide.
function resultText(value: JsonValue): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (error instanceof RangeError)
      throw new TooDeepResult(`The task result cannot be processed: ${nestingProblem()}`);
    throw error;
  }
}

async function invokeLambdaFunction(task: PendingTask, context: TaskInvokerContext): Promise<TaskOutcome> {
  const scheduledEventId = task.scheduledEventId;
  const result = await callLambda(task.resource, task.input, context, 'Lambda');
  if ('error' in result) return { kind: 'TaskFailed', scheduledEventId, ...result };
  if (result.functionError !== undefined) return { kind: 'TaskFailed', scheduledEventId, ...functionFailure(result) };
  return { kind: 'TaskSucceeded', scheduledEventId, output: resultText(result.payload) };
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
  const logType =
    parameters['LogType'] === 'Tail' || parameters['LogType'] === 'None' ? parameters['LogType'] : undefined;
  const result = await callLambda(functionName, parameters['Payload'] ?? null, context, 'Lambda', logType);
  if ('error' in result)
    return { kind: 'TaskFailed', scheduledEventId, ...result, ...(task.waitForTaskToken ? { stage: 'submit' } : {}) };
  if (result.functionError !== undefined) return { kind: 'TaskFailed', scheduledEventId, ...functionFailure(result) };
  const output = resultText(lambdaInvokeResponse(result, context, logType));
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
  const output = resultText(result.output);
  return !task.submitted && (task.waitForTaskToken || isSyncResource(task.resource))
    ? { kind: 'TaskSubmitted', scheduledEventId, output }
    : { kind: 'TaskSucceeded', scheduledEventId, output };
}

async function callLambda(
  functionName: string,
  payload: JsonValue,
  context: TaskInvokerContext,
  errorPrefix: string,
  logType?: 'Tail' | 'None',
): Promise<LambdaInvokeResult | { error: string; cause: string }> {
  if (context.lambda === undefined) {
    return {
      error: `${errorPrefix}.ServiceException`,
      cause: `No Lambda invoker is configured, so the function '${functionName}' cannot be invoked.`,
    };
  }
  try {
    return await context.lambda.invoke(new LambdaInvokeRequest(functionName, payload, context, logType));
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
