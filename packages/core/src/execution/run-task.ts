import type { TaskState } from '../asl/index.js';
import {
  applyInputPath,
  describeStateFailure,
  resolvePayloadTemplate,
  selectPath,
  unexpectedResultType,
  type DataContext,
  type JsonValue,
} from '../data/index.js';
import { evaluateField } from './data-flow.js';
import { StatesFailure } from '../errors/index.js';
import type {
  ActivityScheduledEventDetails,
  LambdaFunctionScheduledEventDetails,
  EventFacts,
  TaskScheduledEventDetails,
} from '../history/index.js';
import {
  emitEntered,
  finishWithResult,
  guardState,
  handleStateFailure,
  isSerializedOutput,
  NOT_TRUNCATED,
  serializeOutput,
} from './state-flow.js';
import type { Writable } from './fold-draft.js';
import type { Stepper, Work } from './stepper.js';
import { createTaskToken } from './task-token.js';
import type { Trigger } from './trigger.js';

/** Task: enters, then schedules its work and blocks until a task trigger arrives. */
export function runTask(s: Stepper, threadId: string, def: TaskState, name: string, input: string): Work | undefined {
  emitEntered(s, threadId, def, name, input);
  return guardState(s, threadId, def, () => scheduleTask(s, threadId, def));
}

/** Schedules (or, after a retry delay, schedules again) the thread's active Task. */
export function scheduleTask(s: Stepper, threadId: string, def: TaskState): Work | undefined {
  const active = s.active(threadId);
  const identity = s.state.identity;
  if (active === undefined || identity === undefined) return undefined;
  const info = def.resourceInfo;
  const baseContext = s.dataContext(threadId);
  if (info === undefined) {
    throw new StatesFailure(
      'States.Runtime',
      describeStateFailure(baseContext, `Unsupported Task resource: '${def.Resource}'`),
    );
  }
  const scheduledEventId = s.nextEventId;
  const needsToken = info.kind === 'activity' || info.waitForTaskToken;
  const taskToken = needsToken
    ? createTaskToken({ executionArn: identity.executionArn, scheduledEventId }, s.env.uuid())
    : undefined;
  const dc = taskToken !== undefined ? s.dataContext(threadId, { taskToken }) : baseContext;
  let parametersText: string;
  let timeoutSeconds: number | undefined;
  let heartbeatSeconds: number | undefined;
  if (def.QueryLanguage === 'JSONata') {
    const raw = JSON.parse(active.input) as JsonValue;
    const states = { input: raw };
    const extra = taskToken !== undefined ? { taskToken } : {};
    const parameters =
      def.Arguments !== undefined ? evaluateField(s, threadId, def.Arguments, 'Arguments', states, extra) : raw;
    timeoutSeconds = jsonataSeconds(s, threadId, def.TimeoutSeconds, 'TimeoutSeconds', states);
    heartbeatSeconds = jsonataSeconds(s, threadId, def.HeartbeatSeconds, 'HeartbeatSeconds', states);
    parametersText = serializeOutput(s, threadId, parameters);
  } else if (passesInputThrough(def) && isSerializedOutput(s, active.input)) {
    // The input is the text this macrostep just serialized: parsing and serializing it again would give it back.
    parametersText = active.input;
    timeoutSeconds = typeof def.TimeoutSeconds === 'number' ? def.TimeoutSeconds : undefined;
    heartbeatSeconds = typeof def.HeartbeatSeconds === 'number' ? def.HeartbeatSeconds : undefined;
  } else {
    const effective = applyInputPath(def.InputPath, JSON.parse(active.input) as JsonValue, dc);
    const parameters =
      def.Parameters !== undefined ? resolvePayloadTemplate(def.Parameters, effective, dc, 'Parameters') : effective;
    timeoutSeconds = resolveSeconds(def.TimeoutSeconds, def.TimeoutSecondsPath, 'TimeoutSecondsPath', effective, dc);
    heartbeatSeconds = resolveSeconds(
      def.HeartbeatSeconds,
      def.HeartbeatSecondsPath,
      'HeartbeatSecondsPath',
      effective,
      dc,
    );
    parametersText = serializeOutput(s, threadId, parameters);
  }
  // Built by assignment (every Task step builds these): members in AWS's order, absent ones left out.
  const facts: Writable<Omit<EventFacts, 'thread' | 'draws'>> = {};
  if (taskToken !== undefined) facts.taskToken = taskToken;
  if (timeoutSeconds !== undefined) facts.timeoutAt = s.formatTimestamp(s.env.now.getTime() + timeoutSeconds * 1000);
  if (heartbeatSeconds !== undefined) facts.heartbeatSeconds = heartbeatSeconds;
  const options = { facts };
  switch (info.kind) {
    case 'lambda-function': {
      const details: Writable<LambdaFunctionScheduledEventDetails> = {
        resource: def.Resource,
        input: parametersText,
        inputDetails: NOT_TRUNCATED,
      };
      if (timeoutSeconds !== undefined) details.timeoutInSeconds = timeoutSeconds;
      s.emit(threadId, 'LambdaFunctionScheduled', { lambdaFunctionScheduledEventDetails: details }, options);
      s.emit(threadId, 'LambdaFunctionStarted', {});
      return undefined;
    }
    case 'activity': {
      const details: Writable<ActivityScheduledEventDetails> = {
        resource: def.Resource,
        input: parametersText,
        inputDetails: NOT_TRUNCATED,
      };
      if (timeoutSeconds !== undefined) details.timeoutInSeconds = timeoutSeconds;
      if (heartbeatSeconds !== undefined) details.heartbeatInSeconds = heartbeatSeconds;
      s.emit(threadId, 'ActivityScheduled', { activityScheduledEventDetails: details }, options);
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
      s.emit(threadId, 'TaskScheduled', { taskScheduledEventDetails: details }, options);
      s.emit(threadId, 'TaskStarted', { taskStartedEventDetails: { resourceType, resource } });
      return undefined;
    }
  }
}

/** A JSONPath Task whose parameters are its input as it is, and whose limits are literals. */
function passesInputThrough(def: TaskState): boolean {
  return (
    def.QueryLanguage !== 'JSONata' &&
    def.InputPath === undefined &&
    def.Parameters === undefined &&
    def.TimeoutSecondsPath === undefined &&
    def.HeartbeatSecondsPath === undefined
  );
}

function regionOf(arn: string): string {
  return arn.split(':')[3] ?? 'us-east-1';
}

/** JSONata `TimeoutSeconds`/`HeartbeatSeconds`: a literal or an expression yielding a positive integer. */
function jsonataSeconds(
  s: Stepper,
  threadId: string,
  written: number | string | undefined,
  field: string,
  states: { readonly input: JsonValue },
): number | undefined {
  if (written === undefined) return undefined;
  if (typeof written === 'number') return written;
  const value = evaluateField(s, threadId, written, field, states);
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    throw unexpectedResultType(s.dataContext(threadId), field, written, 'integer', value);
  return value;
}

function resolveSeconds(
  literal: number | string | undefined,
  path: string | undefined,
  field: string,
  input: JsonValue,
  dc: DataContext,
): number | undefined {
  if (typeof literal === 'number') return literal;
  if (path === undefined) return undefined;
  const value = selectPath(path, input, dc, field);
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  throw new StatesFailure(
    'States.Runtime',
    describeStateFailure(
      dc,
      `The ${field} parameter does not reference a positive integer value: ${path} == ${JSON.stringify(value)}`,
    ),
  );
}

type TaskTrigger = Extract<Trigger, { scheduledEventId: number }>;

/**
 * Applies a task trigger to the thread whose active Task scheduled `trigger.scheduledEventId`:
 * records the outcome with the event family of the task's kind, then finishes or fails the state.
 */
export function applyTaskTrigger(s: Stepper, threadId: string, def: TaskState, trigger: TaskTrigger): Work | undefined {
  const task = s.active(threadId)?.task;
  if (task === undefined) return undefined;
  const info = def.resourceInfo;
  // Task* details begin with these two members, written out in each literal (not spread: V8
  // builds a literal that starts with a spread through a slow runtime path).
  const resourceType = info?.resourceType ?? '';
  const resource = info?.resource ?? '';
  switch (trigger.kind) {
    case 'TaskStarted':
      if (task.kind === 'activity' && !task.started) {
        s.emit(threadId, 'ActivityStarted', {
          activityStartedEventDetails: trigger.workerName !== undefined ? { workerName: trigger.workerName } : {},
        });
      }
      return undefined;
    case 'TaskSubmitted':
      if (task.waitForTaskToken && !task.submitted) {
        s.emit(threadId, 'TaskSubmitted', {
          taskSubmittedEventDetails: { resourceType, resource, output: trigger.output, outputDetails: NOT_TRUNCATED },
        });
      }
      return undefined;
    case 'TaskSucceeded': {
      const output = trigger.output;
      const outputDetails = NOT_TRUNCATED;
      if (task.kind === 'lambda-function')
        s.emit(threadId, 'LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: { output, outputDetails } });
      else if (task.kind === 'activity')
        s.emit(threadId, 'ActivitySucceeded', { activitySucceededEventDetails: { output, outputDetails } });
      else
        s.emit(threadId, 'TaskSucceeded', {
          taskSucceededEventDetails: { resourceType, resource, output, outputDetails },
        });
      return finishWithResult(s, threadId, def, JSON.parse(trigger.output) as JsonValue);
    }
    case 'TaskFailed':
      return handleStateFailure(s, threadId, def, trigger.error, trigger.cause, (facts) => {
        const { error, cause } = trigger;
        const details = { error, cause };
        const options = { facts };
        if (task.kind === 'lambda-function') {
          if (trigger.stage === 'start')
            s.emit(threadId, 'LambdaFunctionStartFailed', { lambdaFunctionStartFailedEventDetails: details }, options);
          else s.emit(threadId, 'LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: details }, options);
        } else if (task.kind === 'activity') {
          s.emit(threadId, 'ActivityFailed', { activityFailedEventDetails: details }, options);
        } else if (trigger.stage === 'start') {
          s.emit(
            threadId,
            'TaskStartFailed',
            { taskStartFailedEventDetails: { resourceType, resource, error, cause } },
            options,
          );
        } else if (trigger.stage === 'submit') {
          s.emit(
            threadId,
            'TaskSubmitFailed',
            { taskSubmitFailedEventDetails: { resourceType, resource, error, cause } },
            options,
          );
        } else {
          s.emit(threadId, 'TaskFailed', { taskFailedEventDetails: { resourceType, resource, error, cause } }, options);
        }
      });
    case 'TaskTimedOut': {
      const error = trigger.heartbeat ? 'States.HeartbeatTimeout' : 'States.Timeout';
      return handleStateFailure(s, threadId, def, error, undefined, (facts) => {
        const details = { error };
        const options = { facts };
        if (task.kind === 'lambda-function')
          s.emit(threadId, 'LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: details }, options);
        else if (task.kind === 'activity')
          s.emit(threadId, 'ActivityTimedOut', { activityTimedOutEventDetails: details }, options);
        else s.emit(threadId, 'TaskTimedOut', { taskTimedOutEventDetails: { resourceType, resource, error } }, options);
      });
    }
  }
}
