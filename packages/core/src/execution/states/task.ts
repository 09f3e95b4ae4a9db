import { isSyncResource, MAX_SECONDS, type TaskState } from '../../asl/index.js';
import {
  applyInputPath,
  describeStateFailure,
  jsonNestsDeeperThan,
  nestingProblem,
  resolvePayloadTemplate,
  resultOutOfRange,
  selectPath,
  unexpectedResultType,
  type DataContext,
  type JsonValue,
} from '../../data/index.js';
import { evaluateField } from '../data-flow.js';
import { inspect } from '../inspection.js';
import { StatesFailure } from '../../errors/index.js';
import type {
  ActivityScheduledEventDetails,
  LambdaFunctionScheduledEventDetails,
  EventFacts,
  TaskScheduledEventDetails,
} from '../../history/index.js';
import {
  emitEntered,
  failState,
  finishWithResult,
  guardState,
  handleStateFailure,
  isSerializedOutput,
  NOT_TRUNCATED,
  serializeOutput,
} from '../state-flow.js';
import type { Writable } from '../fold-draft.js';
import type { Macrostep, Work } from '../macrostep.js';
import { createTaskToken } from '../task-token.js';
import type { Trigger } from '../trigger.js';

/** Task: enters, then schedules its work and blocks until a task trigger arrives. */
export function runTask(
  macrostep: Macrostep,
  threadId: string,
  definition: TaskState,
  name: string,
  input: string,
): Work | undefined {
  emitEntered(macrostep, threadId, definition, name, input);
  return guardState(macrostep, threadId, definition, () => scheduleTask(macrostep, threadId, definition));
}

/** Schedules (or, after a retry delay, schedules again) the thread's active Task. */
export function scheduleTask(macrostep: Macrostep, threadId: string, definition: TaskState): Work | undefined {
  const active = macrostep.active(threadId);
  const identity = macrostep.state.identity;
  if (active === undefined || identity === undefined) return undefined;
  const info = definition.resourceInfo;
  const baseContext = macrostep.dataContext(threadId);
  if (info === undefined) {
    throw new StatesFailure(
      'States.Runtime',
      describeStateFailure(baseContext, `Unsupported Task resource: '${definition.Resource}'`),
    );
  }
  const scheduledEventId = macrostep.nextEventId;
  // A `.sync` task gets a token too, which the definition cannot see: the job's end completes the
  // task through it, as a callback would.
  const exposesToken = info.kind === 'activity' || info.waitForTaskToken;
  const taskToken =
    exposesToken || isSyncResource(definition.Resource)
      ? createTaskToken({ executionArn: identity.executionArn, scheduledEventId }, macrostep.env.uuid())
      : undefined;
  const dataContext =
    exposesToken && taskToken !== undefined ? macrostep.dataContext(threadId, { taskToken }) : baseContext;
  let parametersText: string;
  let timeoutSeconds: number | undefined;
  let heartbeatSeconds: number | undefined;
  if (definition.QueryLanguage === 'JSONata') {
    const raw = JSON.parse(active.input) as JsonValue;
    const states = { input: raw };
    const extra = exposesToken && taskToken !== undefined ? { taskToken } : {};
    const parameters =
      definition.Arguments !== undefined
        ? evaluateField(macrostep, threadId, definition.Arguments, 'Arguments', states, extra)
        : raw;
    timeoutSeconds = jsonataSeconds(macrostep, threadId, definition.TimeoutSeconds, 'TimeoutSeconds', states);
    heartbeatSeconds = jsonataSeconds(macrostep, threadId, definition.HeartbeatSeconds, 'HeartbeatSeconds', states);
    inspect(macrostep, threadId, { afterArguments: parameters });
    parametersText = serializeOutput(macrostep, threadId, parameters);
  } else if (
    macrostep.inspection === undefined &&
    passesInputThrough(definition) &&
    isSerializedOutput(macrostep, active.input)
  ) {
    // The input is the text this macrostep just serialized: parsing and serializing it again would give it back.
    parametersText = active.input;
    timeoutSeconds = typeof definition.TimeoutSeconds === 'number' ? definition.TimeoutSeconds : undefined;
    heartbeatSeconds = typeof definition.HeartbeatSeconds === 'number' ? definition.HeartbeatSeconds : undefined;
  } else {
    const effective = applyInputPath(definition.InputPath, JSON.parse(active.input) as JsonValue, dataContext);
    const parameters =
      definition.Parameters !== undefined
        ? resolvePayloadTemplate(definition.Parameters, effective, dataContext, 'Parameters')
        : effective;
    inspect(macrostep, threadId, { afterInputPath: effective, afterParameters: parameters });
    timeoutSeconds = resolveSeconds(
      definition.TimeoutSeconds,
      definition.TimeoutSecondsPath,
      'TimeoutSecondsPath',
      effective,
      dataContext,
    );
    heartbeatSeconds = resolveSeconds(
      definition.HeartbeatSeconds,
      definition.HeartbeatSecondsPath,
      'HeartbeatSecondsPath',
      effective,
      dataContext,
    );
    parametersText = serializeOutput(macrostep, threadId, parameters);
  }
  // Built by assignment (every Task step builds these): members in AWS's order, absent ones left out.
  const facts: Writable<Omit<EventFacts, 'thread' | 'draws'>> = {};
  if (taskToken !== undefined) facts.taskToken = taskToken;
  if (timeoutSeconds !== undefined)
    facts.timeoutAt = macrostep.formatTimestamp(macrostep.env.now.getTime() + timeoutSeconds * 1000);
  if (heartbeatSeconds !== undefined) facts.heartbeatSeconds = heartbeatSeconds;
  const options = { facts };
  switch (info.kind) {
    case 'lambda-function': {
      const details: Writable<LambdaFunctionScheduledEventDetails> = {
        resource: definition.Resource,
        input: parametersText,
        inputDetails: NOT_TRUNCATED,
      };
      if (timeoutSeconds !== undefined) details.timeoutInSeconds = timeoutSeconds;
      macrostep.emit(threadId, 'LambdaFunctionScheduled', { lambdaFunctionScheduledEventDetails: details }, options);
      macrostep.emit(threadId, 'LambdaFunctionStarted', {});
      return undefined;
    }
    case 'activity': {
      const details: Writable<ActivityScheduledEventDetails> = {
        resource: definition.Resource,
        input: parametersText,
        inputDetails: NOT_TRUNCATED,
      };
      if (timeoutSeconds !== undefined) details.timeoutInSeconds = timeoutSeconds;
      if (heartbeatSeconds !== undefined) details.heartbeatInSeconds = heartbeatSeconds;
      macrostep.emit(threadId, 'ActivityScheduled', { activityScheduledEventDetails: details }, options);
      return undefined;
    }
    case 'lambda-invoke':
    case 'service': {
      const { resourceType, resource } = info;
      const details: Writable<TaskScheduledEventDetails> = {
        resourceType,
        resource,
        region: regionOf(identity.executionArn),
        parameters: parametersText,
      };
      if (timeoutSeconds !== undefined) details.timeoutInSeconds = timeoutSeconds;
      if (heartbeatSeconds !== undefined) details.heartbeatInSeconds = heartbeatSeconds;
      macrostep.emit(threadId, 'TaskScheduled', { taskScheduledEventDetails: details }, options);
      macrostep.emit(threadId, 'TaskStarted', { taskStartedEventDetails: { resourceType, resource } });
      return undefined;
    }
  }
}

/** A JSONPath Task whose parameters are its input as it is, and whose limits are literals. */
function passesInputThrough(definition: TaskState): boolean {
  return (
    definition.QueryLanguage !== 'JSONata' &&
    definition.InputPath === undefined &&
    definition.Parameters === undefined &&
    definition.TimeoutSecondsPath === undefined &&
    definition.HeartbeatSecondsPath === undefined
  );
}

function regionOf(arn: string): string {
  return arn.split(':')[3] ?? 'us-east-1';
}

/** JSONata `TimeoutSeconds`/`HeartbeatSeconds`: a literal or an expression yielding a positive integer. */
function jsonataSeconds(
  macrostep: Macrostep,
  threadId: string,
  written: number | string | undefined,
  field: string,
  states: { readonly input: JsonValue },
): number | undefined {
  if (written === undefined) return undefined;
  if (typeof written === 'number') return written;
  const value = evaluateField(macrostep, threadId, written, field, states);
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    throw unexpectedResultType(macrostep.dataContext(threadId), field, written, 'integer', value);
  if (value > MAX_SECONDS)
    throw resultOutOfRange(macrostep.dataContext(threadId), field, written, value, `at most ${MAX_SECONDS} seconds`);
  return value;
}

function resolveSeconds(
  literal: number | string | undefined,
  path: string | undefined,
  field: string,
  input: JsonValue,
  dataContext: DataContext,
): number | undefined {
  if (typeof literal === 'number') return literal;
  if (path === undefined) return undefined;
  const value = selectPath(path, input, dataContext, field);
  if (typeof value === 'number' && Number.isInteger(value) && value > MAX_SECONDS)
    throw new StatesFailure(
      'States.Runtime',
      describeStateFailure(
        dataContext,
        `The ${field} parameter references a value greater than the maximum of ${MAX_SECONDS} seconds: ${path} == ${JSON.stringify(value)}`,
      ),
    );
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  throw new StatesFailure(
    'States.Runtime',
    describeStateFailure(
      dataContext,
      `The ${field} parameter does not reference a positive integer value: ${path} == ${JSON.stringify(value)}`,
    ),
  );
}

type TaskTrigger = Extract<Trigger, { scheduledEventId: number }>;

/**
 * Applies a task trigger to the thread whose active Task scheduled `trigger.scheduledEventId`:
 * records the outcome with the event family of the task's kind, then finishes or fails the state.
 */
export function applyTaskTrigger(
  macrostep: Macrostep,
  threadId: string,
  definition: TaskState,
  trigger: TaskTrigger,
): Work | undefined {
  const task = macrostep.active(threadId)?.task;
  if (task === undefined) return undefined;
  const info = definition.resourceInfo;
  // Task* details begin with these two members, written out in each literal (not spread: V8
  // builds a literal that starts with a spread through a slow runtime path).
  const resourceType = info?.resourceType ?? '';
  const resource = info?.resource ?? '';
  switch (trigger.kind) {
    case 'TaskStarted':
      if (task.kind === 'activity' && !task.started) {
        macrostep.emit(threadId, 'ActivityStarted', {
          activityStartedEventDetails: trigger.workerName !== undefined ? { workerName: trigger.workerName } : {},
        });
      }
      return undefined;
    case 'TaskSubmitted':
      if ((task.waitForTaskToken || isSyncResource(task.resource)) && !task.submitted) {
        macrostep.emit(threadId, 'TaskSubmitted', {
          taskSubmittedEventDetails: { resourceType, resource, output: trigger.output, outputDetails: NOT_TRUNCATED },
        });
      }
      return undefined;
    case 'TaskSucceeded': {
      const output = trigger.output;
      const outputDetails = NOT_TRUNCATED;
      if (task.kind === 'lambda-function')
        macrostep.emit(threadId, 'LambdaFunctionSucceeded', {
          lambdaFunctionSucceededEventDetails: { output, outputDetails },
        });
      else if (task.kind === 'activity')
        macrostep.emit(threadId, 'ActivitySucceeded', { activitySucceededEventDetails: { output, outputDetails } });
      else
        macrostep.emit(threadId, 'TaskSucceeded', {
          taskSucceededEventDetails: { resourceType, resource, output, outputDetails },
        });
      // A result from a handler or a Lambda function is bounded here; SendTaskSuccess refuses one already.
      if (jsonNestsDeeperThan(trigger.output)) {
        const cause = `The task result cannot be processed: ${nestingProblem()}`;
        return failState(macrostep, threadId, definition, new StatesFailure('States.Runtime', cause));
      }
      return finishWithResult(macrostep, threadId, definition, JSON.parse(trigger.output) as JsonValue);
    }
    case 'TaskFailed':
      return handleStateFailure(
        macrostep,
        threadId,
        definition,
        trigger.error,
        trigger.cause,
        (facts) => {
          const { error, cause } = trigger;
          const details = { error, cause };
          const options = { facts };
          if (task.kind === 'lambda-function') {
            if (trigger.stage === 'start')
              macrostep.emit(
                threadId,
                'LambdaFunctionStartFailed',
                { lambdaFunctionStartFailedEventDetails: details },
                options,
              );
            else
              macrostep.emit(threadId, 'LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: details }, options);
          } else if (task.kind === 'activity') {
            macrostep.emit(threadId, 'ActivityFailed', { activityFailedEventDetails: details }, options);
          } else if (trigger.stage === 'start') {
            macrostep.emit(
              threadId,
              'TaskStartFailed',
              { taskStartFailedEventDetails: { resourceType, resource, error, cause } },
              options,
            );
          } else if (trigger.stage === 'submit') {
            macrostep.emit(
              threadId,
              'TaskSubmitFailed',
              { taskSubmitFailedEventDetails: { resourceType, resource, error, cause } },
              options,
            );
          } else {
            macrostep.emit(
              threadId,
              'TaskFailed',
              { taskFailedEventDetails: { resourceType, resource, error, cause } },
              options,
            );
          }
        },
        true,
      );
    case 'TaskTimedOut': {
      const error = trigger.heartbeat ? 'States.HeartbeatTimeout' : 'States.Timeout';
      return handleStateFailure(macrostep, threadId, definition, error, undefined, (facts) => {
        const details = { error };
        const options = { facts };
        if (task.kind === 'lambda-function')
          macrostep.emit(threadId, 'LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: details }, options);
        else if (task.kind === 'activity')
          macrostep.emit(threadId, 'ActivityTimedOut', { activityTimedOutEventDetails: details }, options);
        else
          macrostep.emit(
            threadId,
            'TaskTimedOut',
            { taskTimedOutEventDetails: { resourceType, resource, error } },
            options,
          );
      });
    }
  }
}
