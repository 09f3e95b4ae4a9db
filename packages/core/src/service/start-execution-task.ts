import { createHash } from 'node:crypto';
import { filter, type Subscription } from 'rxjs';
import { isSyncResource } from '../asl/index.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../data/index.js';
import { withSdkMetadata, type ServiceTaskHandler, type ServiceTaskResult } from '../engine/index.js';
import { StepFunctionsError, type ExecutionAlreadyExists } from '../errors/index.js';
import type { DescribeExecutionOutput } from './api-types.js';
import { describeExecution } from './operations/describe-execution.js';
import { startExecution } from './operations/start-execution.js';
import { stopExecution } from './operations/stop-execution.js';
import type { ServiceContext } from './service-context.js';

/** The resource nested executions are registered under; `.sync`, `.sync:2` and `.waitForTaskToken` find it too. */
export const START_EXECUTION_RESOURCE = 'arn:aws:states:::states:startExecution';

const ENDED = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);

/**
 * The `states:startExecution` integration served by this statefold: the child starts on the same
 * store through StartExecution (so it is validated and idempotent as any StartExecution), and a
 * `.sync`/`.sync:2` task waits for it to end, re-armed from the parent's history after a restart.
 * A `.sync` task abandoned while its child runs (the parent stopped, timed out or failed) stops the
 * child, as AWS stops the job of an aborted Run a Job task.
 */
export function createStartExecutionTask(context: () => ServiceContext): ServiceTaskHandler {
  return async (request) => {
    if (request.submitted !== undefined) {
      return awaitChild(context(), request, request.submitted);
    }
    return startChild(context(), request);
  };
}

async function startChild(
  context: ServiceContext,
  request: Parameters<ServiceTaskHandler>[0],
): Promise<ServiceTaskResult> {
  const parameters = isJsonObject(request.parameters) ? request.parameters : {};
  const stateMachineArn = parameters['StateMachineArn'];
  const name = parameters['Name'];
  const input = parameters['Input'];
  const traceHeader = parameters['TraceHeader'];
  // Without a Name, one derived from the parent's task: starting again after a crash (the call is
  // made at least once) finds the same child instead of starting a second one.
  const childName = typeof name === 'string' ? name : childNameOf(request.executionArn, request.scheduledEventId);
  try {
    const started = await startExecution(context, {
      stateMachineArn: stateMachineArn as string,
      name: childName,
      input: input === undefined || input === null ? '{}' : typeof input === 'string' ? input : JSON.stringify(input),
      ...(typeof traceHeader === 'string' ? { traceHeader } : {}),
    });
    return { ok: true, output: startResponse(context, started) };
  } catch (error) {
    if (!(error instanceof StepFunctionsError)) throw error;
    if (error.code === 'ExecutionAlreadyExists' && typeof name !== 'string') {
      // Started before a crash, and already ended: the child this task started.
      const child = await describeExecution(context, { executionArn: (error as ExecutionAlreadyExists).executionArn });
      if (child.stateMachineArn === stateMachineArn) return { ok: true, output: startResponse(context, child) };
    }
    return {
      ok: false,
      error: `StepFunctions.${error.code}`,
      cause: `${error.message} (Service: AWSStepFunctions; Status Code: 400; Error Code: ${error.code}; Request ID: ${context.uuid()}; Proxy: null)`,
    };
  }
}

/** StartExecution's answer as the integration reports it (services/test_sfn_task_service). */
function startResponse(
  context: ServiceContext,
  started: { readonly executionArn: string; readonly startDate: Date },
): JsonObject {
  const requestId = context.uuid();
  const body = { executionArn: started.executionArn, startDate: started.startDate.getTime() / 1000 };
  return withSdkMetadata(
    { ExecutionArn: started.executionArn, StartDate: started.startDate.getTime() },
    {
      statusCode: 200,
      headers: {
        'x-amzn-RequestId': requestId,
        connection: 'keep-alive',
        'Content-Length': String(Buffer.byteLength(JSON.stringify(body), 'utf8')),
        Date: context.clock.now().toUTCString(),
        'Content-Type': 'application/x-amz-json-1.0',
      },
      requestId,
    },
  );
}

/**
 * Waits for the child to end, then completes the parent's task through its token (tracked work, so
 * a test clock's `settle` covers it) and resolves with the same outcome. When the task is abandoned
 * first, stops the child — unless the engine is only shutting down.
 */
function awaitChild(
  context: ServiceContext,
  request: Parameters<ServiceTaskHandler>[0],
  submitted: JsonValue,
): Promise<ServiceTaskResult> {
  const { resource, signal, taskToken } = request;
  const named = isJsonObject(submitted) ? submitted['ExecutionArn'] : undefined;
  if (typeof named !== 'string' || !isSyncResource(resource) || taskToken === undefined) {
    return Promise.resolve({
      ok: false,
      error: 'States.Runtime',
      cause: `The submitted answer of '${resource}' names no ExecutionArn to wait for`,
    });
  }
  const childArn: string = named;
  const asJson = resource.endsWith(':2');
  return new Promise<ServiceTaskResult>((resolve) => {
    let subscription: Subscription | undefined;
    let done = false;
    const stopWaiting = (): boolean => {
      if (done) return false;
      done = true;
      subscription?.unsubscribe();
      signal.removeEventListener('abort', onAbort);
      return true;
    };
    const complete = async (result: ServiceTaskResult): Promise<void> => {
      try {
        if (result.ok) await context.engine.sendTaskSuccess(taskToken, JSON.stringify(result.output));
        else await context.engine.sendTaskFailure(taskToken, { error: result.error, cause: result.cause });
      } catch (error) {
        // The task ended meanwhile (stopped, timed out): the child's end is no longer wanted.
        if (!(error instanceof StepFunctionsError)) throw error;
      }
      resolve(result);
    };
    const check = (): void => {
      const work = describeExecution(context, { executionArn: childArn }).then(
        (child) => (child.status !== 'RUNNING' && stopWaiting() ? complete(childOutcome(child, asJson)) : undefined),
        (error: unknown) =>
          stopWaiting()
            ? complete({
                ok: false,
                error: 'States.TaskFailed',
                cause: error instanceof Error ? error.message : String(error),
              })
            : undefined,
      );
      context.clock.track?.(work);
    };
    function onAbort(): void {
      if (!stopWaiting()) return;
      resolve({ ok: false, error: 'States.Runtime', cause: 'The task was abandoned' });
      const shutdown = signal.reason instanceof Error && signal.reason.name === 'EngineShutdown';
      // Best effort, as on AWS: a child that ended meanwhile needs no stop.
      if (shutdown) return;
      const stopping = stopExecution(context, { executionArn: childArn }).catch(() => undefined);
      context.clock.track?.(stopping);
    }
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    // Subscribed before the first look, so an end between the two is not missed.
    subscription = context.engine.events$
      .pipe(filter((appended) => appended.executionArn === childArn && ENDED.has(appended.event.type)))
      .subscribe(check);
    check();
  });
}

/**
 * A `.sync` task's outcome from its child's description: AWS's DescribeExecution members in
 * PascalCase (Input and Output parsed for `.sync:2`), dates in epoch milliseconds. A child that
 * did not succeed fails the task with `States.TaskFailed` and that description as the cause.
 */
function childOutcome(child: DescribeExecutionOutput, asJson: boolean): ServiceTaskResult {
  const data = (text: string | undefined): JsonValue =>
    text === undefined ? null : asJson ? (JSON.parse(text) as JsonValue) : text;
  const succeeded = child.status === 'SUCCEEDED';
  const members: Record<string, JsonValue> = {
    ...(child.cause === undefined ? {} : { Cause: child.cause }),
    ...(child.error === undefined ? {} : { Error: child.error }),
    ExecutionArn: child.executionArn,
    Input: data(child.input),
    InputDetails: { Included: true },
    Name: child.name,
    ...(child.output === undefined ? {} : { Output: data(child.output), OutputDetails: { Included: true } }),
    RedriveCount: 0,
    RedriveStatus: succeeded ? 'NOT_REDRIVABLE' : 'REDRIVABLE',
    ...(succeeded ? { RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven' } : {}),
    StartDate: child.startDate.getTime(),
    StateMachineArn: child.stateMachineArn,
    Status: child.status,
    ...(child.stopDate === undefined ? {} : { StopDate: child.stopDate.getTime() }),
  };
  const description: JsonObject = members;
  return succeeded
    ? { ok: true, output: description }
    : { ok: false, error: 'States.TaskFailed', cause: JSON.stringify(description) };
}

/** A UUID-shaped name fixed by the parent execution and its task's scheduling event. */
function childNameOf(parentArn: string, scheduledEventId: number): string {
  const hex = createHash('sha256').update(`${parentArn}#${scheduledEventId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
