import {
  INTERNAL_ERROR_CAUSE,
  type ExecutionIdentity,
  type ExecutionState,
  type ThreadState,
  type Trigger,
} from '../execution/index.js';
import type { RecordedEvent } from '../history/index.js';

/** Where a recorded event's thread is found in the replayed state. */
export interface ThreadLocator {
  /** The replayed thread a recorded event belongs to, if it can be told. */
  find(event: RecordedEvent, state: ExecutionState, test: (thread: ThreadState) => boolean): ThreadState | undefined;
}

/** The outcome of reading a trigger off a recorded event. */
export type DerivedTrigger =
  | { readonly kind: 'trigger'; readonly trigger: Trigger }
  /** The event is one `decide` writes on its own, never the first of a trigger's events. */
  | { readonly kind: 'none' }
  /** A trigger replay cannot reproduce. */
  | { readonly kind: 'unsupported'; readonly reason: string };

const none: DerivedTrigger = { kind: 'none' };

/**
 * Reads the trigger that made the engine write `event` (the first event of one `decide` call): the
 * start, a task's result, a worker picking up an activity, a timer, a stop or the execution's
 * timeout. `event` is `history[position]`; the events after it are read for a stop, which shows up as
 * …Aborted events first.
 */
export function deriveTrigger(
  history: readonly RecordedEvent[],
  position: number,
  state: ExecutionState,
  locator: ThreadLocator,
  identity: ExecutionIdentity,
): DerivedTrigger {
  const recorded = history[position];
  if (recorded === undefined) return none;
  const event = recorded.event;
  const task = (test: (thread: ThreadState) => boolean = () => true): number | undefined =>
    locator.find(recorded, state, (thread) => thread.active?.task !== undefined && test(thread))?.active?.task
      ?.scheduledEventId;
  const onTask = (build: (scheduledEventId: number) => Trigger): DerivedTrigger => {
    const scheduledEventId = task();
    return scheduledEventId === undefined ? none : { kind: 'trigger', trigger: build(scheduledEventId) };
  };
  switch (event.type) {
    case 'ExecutionStarted': {
      const details = event.executionStartedEventDetails;
      return {
        kind: 'trigger',
        trigger: {
          kind: 'Start',
          identity: recorded.facts.execution ?? identity,
          input: details.input,
          roleArn: details.roleArn,
          ...(details.stateMachineVersionArn !== undefined
            ? { stateMachineVersionArn: details.stateMachineVersionArn }
            : {}),
          ...(details.stateMachineAliasArn !== undefined ? { stateMachineAliasArn: details.stateMachineAliasArn } : {}),
          ...startFailure(history[position + 1]),
        },
      };
    }
    case 'WaitStateExited': {
      const wait = locator.find(recorded, state, (thread) => thread.active?.type === 'Wait');
      return wait?.active === undefined
        ? none
        : { kind: 'trigger', trigger: { kind: 'TimerFired', key: wait.active.enteredEventId } };
    }
    case 'LambdaFunctionScheduled':
    case 'ActivityScheduled':
    case 'TaskScheduled':
    case 'ParallelStateStarted':
    case 'MapStateStarted': {
      // After a retry's delay, the state runs again from its scheduling event.
      const retrying = locator.find(recorded, state, (thread) => thread.active?.retry !== undefined);
      const retry = retrying?.active?.retry;
      return retry === undefined
        ? none
        : { kind: 'trigger', trigger: { kind: 'TimerFired', key: retry.failedEventId } };
    }
    case 'ActivityStarted': {
      const workerName = event.activityStartedEventDetails.workerName;
      return onTask((scheduledEventId) => ({
        kind: 'TaskStarted',
        scheduledEventId,
        ...(workerName !== undefined ? { workerName } : {}),
      }));
    }
    case 'TaskSubmitted':
      return onTask((scheduledEventId) => ({
        kind: 'TaskSubmitted',
        scheduledEventId,
        output: event.taskSubmittedEventDetails.output,
      }));
    case 'LambdaFunctionSucceeded':
      return onTask((scheduledEventId) => ({
        kind: 'TaskSucceeded',
        scheduledEventId,
        output: event.lambdaFunctionSucceededEventDetails.output,
      }));
    case 'ActivitySucceeded':
      return onTask((scheduledEventId) => ({
        kind: 'TaskSucceeded',
        scheduledEventId,
        output: event.activitySucceededEventDetails.output,
      }));
    case 'TaskSucceeded':
      return onTask((scheduledEventId) => ({
        kind: 'TaskSucceeded',
        scheduledEventId,
        output: event.taskSucceededEventDetails.output,
      }));
    case 'LambdaFunctionFailed':
      return failed(onTask, event.lambdaFunctionFailedEventDetails);
    case 'ActivityFailed':
      return failed(onTask, event.activityFailedEventDetails);
    case 'TaskFailed':
      return failed(onTask, event.taskFailedEventDetails);
    case 'LambdaFunctionStartFailed':
      return failed(onTask, event.lambdaFunctionStartFailedEventDetails, 'start');
    case 'TaskStartFailed':
      return failed(onTask, event.taskStartFailedEventDetails, 'start');
    case 'TaskSubmitFailed':
      return failed(onTask, event.taskSubmitFailedEventDetails, 'submit');
    case 'LambdaFunctionTimedOut':
      return timedOut(onTask, event.lambdaFunctionTimedOutEventDetails.error);
    case 'ActivityTimedOut':
      return timedOut(onTask, event.activityTimedOutEventDetails.error);
    case 'TaskTimedOut':
      return timedOut(onTask, event.taskTimedOutEventDetails.error);
    case 'WaitStateAborted':
    case 'TaskStateAborted':
    case 'ParallelStateAborted':
    case 'MapStateAborted':
    case 'MapIterationAborted':
    case 'ExecutionAborted':
    case 'ExecutionTimedOut':
      return stopOrTimeout(history, position);
    case 'ExecutionRedriven': {
      const clientToken = recorded.facts.clientToken;
      return { kind: 'trigger', trigger: { kind: 'Redrive', ...(clientToken !== undefined ? { clientToken } : {}) } };
    }
    default:
      return none;
  }
}

function failed(
  onTask: (build: (scheduledEventId: number) => Trigger) => DerivedTrigger,
  details: { readonly error?: string; readonly cause?: string },
  stage?: 'start' | 'submit',
): DerivedTrigger {
  return onTask((scheduledEventId) => ({
    kind: 'TaskFailed',
    scheduledEventId,
    error: details.error ?? '',
    cause: details.cause ?? '',
    ...(stage !== undefined ? { stage } : {}),
  }));
}

function timedOut(
  onTask: (build: (scheduledEventId: number) => Trigger) => DerivedTrigger,
  error: string | undefined,
): DerivedTrigger {
  return onTask((scheduledEventId) => ({
    kind: 'TaskTimedOut',
    scheduledEventId,
    heartbeat: error === 'States.HeartbeatTimeout',
  }));
}

// Aborting an execution (StopExecution or its timeout) writes the …Aborted events of whatever was
// running, innermost first, then ExecutionAborted / ExecutionTimedOut: the end says which it was.
// A start the engine could not run: it failed at once with its internal error (engine.startExecution).
function startFailure(next: RecordedEvent | undefined): { readonly runtimeFailure?: string } {
  if (next?.event.type !== 'ExecutionFailed') return {};
  const { error, cause } = next.event.executionFailedEventDetails;
  return error === 'States.Runtime' && cause?.startsWith(INTERNAL_ERROR_CAUSE) === true
    ? { runtimeFailure: cause }
    : {};
}

function stopOrTimeout(history: readonly RecordedEvent[], from: number): DerivedTrigger {
  for (let position = from; position < history.length; position++) {
    const event = history[position]?.event;
    if (event === undefined) break;
    if (event.type === 'ExecutionAborted') {
      const { error, cause } = event.executionAbortedEventDetails;
      return {
        kind: 'trigger',
        trigger: {
          kind: 'StopRequested',
          ...(error !== undefined ? { error } : {}),
          ...(cause !== undefined ? { cause } : {}),
        },
      };
    }
    if (event.type === 'ExecutionTimedOut') return { kind: 'trigger', trigger: { kind: 'ExecutionTimedOut' } };
    // The engine failed an execution it could not run on (a RuntimeFailure trigger).
    if (
      event.type === 'ExecutionFailed' &&
      position > from &&
      event.executionFailedEventDetails.error === 'States.Runtime'
    )
      return {
        kind: 'trigger',
        trigger: { kind: 'RuntimeFailure', cause: event.executionFailedEventDetails.cause ?? '' },
      };
    if (!event.type.endsWith('Aborted')) break;
  }
  return none;
}
