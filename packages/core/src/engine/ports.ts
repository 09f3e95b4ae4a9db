import type { JsonValue } from '../data/index.js';

/**
 * Where the engine gets time. The real clock reads the system time; tests use `FakeClock`,
 * whose `advance(ms)` fires every timer due by then, so an hour-long Wait costs nothing.
 */
export interface Clock {
  now(): Date;
  /**
   * Calls `fire` once `at` has passed (at once when it already has); the returned function
   * cancels it. `fire` may return the work it starts, so a test clock can wait for it.
   */
  setTimer(at: Date, fire: () => void | Promise<unknown>): () => void;
  /** Told about background work the engine starts (invocations, recovery), so a test clock can wait until it settles. */
  track?(work: Promise<unknown>): void;
}

/** What a Lambda Invoke answered: the function's payload, and `functionError` when it failed. */
export interface LambdaInvokeResult {
  readonly payload: JsonValue;
  /** `Unhandled` or `Handled` (the `X-Amz-Function-Error` header), present when the function failed. */
  readonly functionError?: string;
  /**
   * The HTTP response the Invoke API answered with, when the invoker made one: the optimised
   * `lambda:invoke` integration reports its headers (`Content-Length`, `Date`, `x-amzn-RequestId`,
   * `X-Amz-Executed-Version`, `X-Amz-Log-Result` …) as `SdkHttpMetadata`. Absent for in-process
   * invokers, whose response metadata the engine computes.
   */
  readonly http?: LambdaHttpResponse;
}

/** An Invoke API HTTP response's status and headers (names in any case, as the endpoint sent them). */
export interface LambdaHttpResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Invokes Lambda functions as the Lambda Invoke API does. Rejecting means the invoke itself failed
 * (no such function, service error): the error's `name` is Lambda's error code
 * (`ResourceNotFoundException` …) and its message the cause.
 */
export interface LambdaInvoker {
  invoke(request: {
    /** A function name, ARN or partial ARN, as the state machine wrote it. */
    readonly functionName: string;
    readonly payload: JsonValue;
    readonly signal?: AbortSignal;
    /** `Tail` asks for the last 4 KB of the function's log in `X-Amz-Log-Result` (the Invoke API's `LogType`). */
    readonly logType?: 'Tail' | 'None';
  }): Promise<LambdaInvokeResult>;
}

/** The outcome of an optimised or SDK service integration (anything but Lambda and activities). */
export type ServiceTaskResult =
  | { readonly ok: true; readonly output: JsonValue }
  | { readonly ok: false; readonly error: string; readonly cause: string };

/**
 * Runs one service integration (`arn:aws:states:::<service>:<action>`) registered by resource ARN.
 * `.waitForTaskToken` resources are not run here to completion: the handler starts the work and
 * the token holder answers through SendTaskSuccess/SendTaskFailure. A `.sync` resource is called
 * twice: first to start the job (its output is recorded as TaskSubmitted), then with `submitted`
 * (that output) to wait for the job's end, whose outcome ends the task (a handler may instead
 * complete the task through `taskToken`, which a `.sync` task has too). The second call is made
 * again after a restart, so it must not start anything.
 *
 * `signal` aborts when the task is no longer wanted (its state timed out, or the execution stopped
 * or failed); its `reason` is an `EngineShutdown` when the engine is only closing, and the task
 * resumes after a restart.
 */
export interface ServiceTaskHandler {
  (request: {
    readonly resource: string;
    readonly parameters: JsonValue;
    readonly executionArn: string;
    readonly stateName: string;
    /** The id of the TaskScheduled event: stable across the retries of one attempt after a restart. */
    readonly scheduledEventId: number;
    readonly taskToken?: string;
    /** `.sync`, second call: what the first call answered. */
    readonly submitted?: JsonValue;
    readonly signal: AbortSignal;
  }): Promise<ServiceTaskResult>;
}

/** The abort reason of a task's signal when the engine closes: the task is not abandoned. */
export class EngineShutdown extends Error {
  constructor() {
    super('The engine is shutting down; the task resumes when it restarts');
    this.name = 'EngineShutdown';
  }
}
