import { isSyncResource, type StateType } from '../asl/index.js';
import { assertNever, setMember, type JsonValue } from '../data/index.js';
import type { EventFacts, RecordedEvent, StateEnteredEventDetails } from '../history/index.js';
import {
  MAIN_THREAD,
  parentThreadId,
  threadIndex,
  type ActiveState,
  type ChildOutcomes,
  type ExecutionState,
  type MapProgress,
  type ParallelProgress,
  type MapRunProgress,
  type PendingTask,
  type TaskKind,
  type ThreadState,
} from './execution-state.js';
import { nextIndexToRun, redrivenState, withRedrivePoint } from './redrive-fold.js';
import { startedMap, startedMapRun, startedParallel } from './started-progress.js';

// The reducer of an execution, written the plain way: every change copies what it changes. The
// engine and decide fold through `evolveInPlace` (evolve-in-place.ts), a fast path that must give
// exactly these states; evolve-equivalence.test.ts checks the two against each other on every
// event type, and decide.property.test.ts on random state machines.

/**
 * Folds one recorded event (the event and its facts) into an execution's state. Pure: reads no
 * clock and mutates nothing, so replaying a history always rebuilds the same state. Unknown
 * threads are created on their first event.
 */
export function evolve(state: ExecutionState, recorded: RecordedEvent): ExecutionState {
  const next = applyEvent(state, recorded);
  // Every event moves lastEventId, whatever else it changes.
  const id = recorded.event.id;
  return next.lastEventId === id ? next : { ...next, lastEventId: id };
}

function applyEvent(state: ExecutionState, recorded: RecordedEvent): ExecutionState {
  const event = recorded.event;
  switch (event.type) {
    case 'ExecutionStarted':
      return startExecution(recorded, event.executionStartedEventDetails);
    case 'ExecutionRedriven':
      return redrivenState(state, { event, facts: recorded.facts });
    case 'ExecutionSucceeded':
      return endExecution(state, recorded, {
        status: 'SUCCEEDED',
        output: event.executionSucceededEventDetails.output,
      });
    case 'ExecutionFailed':
      return endExecution(state, recorded, { status: 'FAILED', ...event.executionFailedEventDetails });
    case 'ExecutionAborted':
      return endExecution(state, recorded, { status: 'ABORTED', ...event.executionAbortedEventDetails });
    case 'ExecutionTimedOut':
      return endExecution(state, recorded, { status: 'TIMED_OUT', ...event.executionTimedOutEventDetails });

    case 'PassStateEntered':
      return enterState(state, recorded, event.stateEnteredEventDetails, 'Pass');
    case 'ChoiceStateEntered':
      return enterState(state, recorded, event.stateEnteredEventDetails, 'Choice');
    case 'WaitStateEntered':
      return enterState(state, recorded, event.stateEnteredEventDetails, 'Wait');
    case 'SucceedStateEntered':
      return enterState(state, recorded, event.stateEnteredEventDetails, 'Succeed');
    case 'FailStateEntered':
      return enterState(state, recorded, event.stateEnteredEventDetails, 'Fail');
    case 'TaskStateEntered':
      return enterState(state, recorded, event.stateEnteredEventDetails, 'Task');
    case 'ParallelStateEntered':
      return enterState(state, recorded, event.stateEnteredEventDetails, 'Parallel');
    case 'MapStateEntered':
      return enterState(state, recorded, event.stateEnteredEventDetails, 'Map');

    case 'PassStateExited':
    case 'ChoiceStateExited':
    case 'WaitStateExited':
    case 'SucceedStateExited':
    case 'TaskStateExited':
    case 'ParallelStateExited':
    case 'MapStateExited': {
      const { output, assignedVariables } = event.stateExitedEventDetails;
      return updateThread(state, recorded, (thread) => assignVariables(leaveState(thread, output), assignedVariables));
    }
    case 'WaitStateAborted':
    case 'TaskStateAborted':
      return updateThread(state, recorded, (thread) => leaveState(thread, thread.lastOutput));
    case 'ParallelStateAborted':
    case 'MapStateAborted':
      return dropChildren(
        updateThread(state, recorded, (thread) => leaveState(thread, thread.lastOutput)),
        recorded,
      );

    case 'LambdaFunctionScheduled': {
      const { resource, input } = event.lambdaFunctionScheduledEventDetails;
      return scheduleTask(state, recorded, pendingTask(recorded, 'lambda-function', resource, input));
    }
    case 'ActivityScheduled': {
      const { resource, input } = event.activityScheduledEventDetails;
      return scheduleTask(state, recorded, pendingTask(recorded, 'activity', resource, input));
    }
    case 'TaskScheduled': {
      const { resourceType, resource, parameters } = event.taskScheduledEventDetails;
      const arn = `arn:aws:states:::${resourceType}:${resource}`;
      return scheduleTask(state, recorded, pendingTask(recorded, taskKindOf(resourceType, resource), arn, parameters));
    }
    case 'LambdaFunctionStarted':
    case 'TaskStarted':
    case 'ActivityStarted':
      return updateTask(state, recorded, (task) => ({ ...task, started: true, heartbeatFrom: event.timestamp }));
    case 'TaskSubmitted':
      return updateTask(state, recorded, (task) =>
        isSyncResource(task.resource)
          ? { ...task, submitted: true, submittedOutput: event.taskSubmittedEventDetails.output }
          : { ...task, submitted: true },
      );
    case 'LambdaFunctionSucceeded':
    case 'ActivitySucceeded':
    case 'TaskSucceeded':
      return updateTask(state, recorded, () => undefined);
    case 'LambdaFunctionScheduleFailed':
    case 'LambdaFunctionStartFailed':
    case 'LambdaFunctionFailed':
    case 'LambdaFunctionTimedOut':
    case 'ActivityScheduleFailed':
    case 'ActivityFailed':
    case 'ActivityTimedOut':
    case 'TaskStartFailed':
    case 'TaskSubmitFailed':
    case 'TaskFailed':
    case 'TaskTimedOut':
      return failAttempt(
        updateTask(state, recorded, () => undefined),
        recorded,
      );

    case 'ParallelStateStarted': {
      const parallel = startedParallel(event.id, recorded.facts.carried);
      return updateActive(state, recorded, (active) => ({ ...active, parallel }));
    }
    case 'ParallelStateSucceeded':
      return dropChildren(
        updateActive(state, recorded, ({ parallel: _done, ...active }) => active),
        recorded,
      );
    case 'ParallelStateFailed':
      return failAttempt(
        dropChildren(
          updateActive(state, recorded, ({ parallel: _done, ...active }) => active),
          recorded,
        ),
        recorded,
      );

    case 'MapStateStarted': {
      const map = startedMap(event.id, recorded.facts.map, recorded.facts.carried);
      return updateActive(state, recorded, (active) => ({ ...active, map }));
    }
    case 'MapStateSucceeded':
      return dropChildren(
        updateActive(state, recorded, ({ map: _done, ...active }) => active),
        recorded,
      );
    case 'MapStateFailed':
      return failAttempt(
        dropChildren(
          updateActive(state, recorded, ({ map: _done, ...active }) => active),
          recorded,
        ),
        recorded,
      );
    case 'MapIterationStarted':
      return updateThread(startIteration(state, recorded), recorded, (thread) => thread);
    case 'MapRunStarted': {
      const mapRun = startedMapRun(recorded);
      return updateActive(state, recorded, (active) => (mapRun === undefined ? active : { ...active, mapRun }));
    }
    case 'MapRunSucceeded':
    case 'MapRunFailed':
    case 'MapRunAborted':
      return updateActive(state, recorded, ({ mapRun: _done, ...active }) => active);
    case 'MapIterationSucceeded':
    case 'MapIterationFailed':
    case 'MapIterationAborted':
    case 'EvaluationFailed':
      return updateThread(state, recorded, (thread) => thread);
    default:
      return assertNever(event);
  }
}

function startExecution(
  recorded: RecordedEvent,
  details: { readonly input: string; readonly roleArn: string },
): ExecutionState {
  const { event, facts } = recorded;
  return {
    status: 'RUNNING',
    ...(facts.execution ? { identity: facts.execution } : {}),
    input: details.input,
    roleArn: details.roleArn,
    startDate: event.timestamp,
    ...(facts.timeoutAt ? { timeoutAt: facts.timeoutAt } : {}),
    lastEventId: event.id,
    // AWS links the first state's entry to no event (previousEventId 0), not to ExecutionStarted.
    threads: { [MAIN_THREAD]: { id: MAIN_THREAD, index: 0, lastEventId: 0, lastOutput: details.input } },
  };
}

function endExecution(state: ExecutionState, recorded: RecordedEvent, fields: Partial<ExecutionState>): ExecutionState {
  return withRedrivePoint({ ...state, ...fields, stopDate: recorded.event.timestamp, threads: {} }, state, recorded);
}

/** Shared by every state entered (frozen): a failed attempt copies it before counting. */
export const NO_RETRY_ATTEMPTS: readonly number[] = Object.freeze([]);

/** The active state a …StateEntered event starts, with a Wait's deadline when the facts hold one. */
function enteredState(recorded: RecordedEvent, details: StateEnteredEventDetails, type: StateType): ActiveState {
  const event = recorded.event;
  const dueAt = recorded.facts.dueAt;
  return {
    name: details.name,
    type,
    input: details.input,
    enteredEventId: event.id,
    enteredTime: event.timestamp,
    retryCount: 0,
    retryAttempts: NO_RETRY_ATTEMPTS,
    ...(dueAt !== undefined ? { waitUntil: dueAt } : {}),
  };
}

function enterState(
  state: ExecutionState,
  recorded: RecordedEvent,
  details: StateEnteredEventDetails,
  type: StateType,
): ExecutionState {
  const active = enteredState(recorded, details, type);
  return updateThread(state, recorded, (thread) => ({ ...thread, active }));
}

/** The thread without its active state; `output` (when given) becomes its last output. */
function leaveState(thread: ThreadState, output: string | undefined): ThreadState {
  const { active: _left, ...rest } = thread;
  const lastOutput = output ?? thread.lastOutput;
  return lastOutput === undefined ? rest : { ...rest, lastOutput };
}

/** A state that leaves with `assignedVariables` sets them in its thread's scope (values are JSON text). */
export function assignVariables(
  thread: ThreadState,
  assigned: Readonly<Record<string, string>> | undefined,
): ThreadState {
  if (assigned === undefined) return thread;
  const variables: Record<string, JsonValue> = { ...thread.variables };
  for (const [name, text] of Object.entries(assigned)) setMember(variables, name, JSON.parse(text) as JsonValue);
  return Object.assign({}, thread, { variables });
}

/** How a TaskScheduled event's resource is invoked. */
export function taskKindOf(resourceType: string, resource: string): TaskKind {
  return resourceType === 'lambda' && resource.startsWith('invoke') ? 'lambda-invoke' : 'service';
}

/** The task a …Scheduled event schedules, with the token, deadline and heartbeat its facts hold. */
function pendingTask(recorded: RecordedEvent, kind: TaskKind, resource: string, input: string): PendingTask {
  const { taskToken, timeoutAt, heartbeatSeconds } = recorded.facts;
  return {
    kind,
    scheduledEventId: recorded.event.id,
    resource,
    input: JSON.parse(input) as JsonValue,
    waitForTaskToken: resource.endsWith('.waitForTaskToken'),
    started: false,
    submitted: false,
    ...(taskToken !== undefined ? { taskToken } : {}),
    ...(timeoutAt !== undefined ? { timeoutAt } : {}),
    ...(heartbeatSeconds !== undefined ? { heartbeatSeconds } : {}),
  };
}

/** A scheduled task ends any retry wait its state was in. */
function scheduleTask(state: ExecutionState, recorded: RecordedEvent, task: PendingTask): ExecutionState {
  return updateActive(state, recorded, ({ retry: _retried, ...active }) => ({ ...active, task }));
}

/** Changes the active state's task; `change` returning undefined means the task is over. */
function updateTask(
  state: ExecutionState,
  recorded: RecordedEvent,
  change: (task: PendingTask) => PendingTask | undefined,
): ExecutionState {
  return updateActive(state, recorded, (active) => {
    if (active.task === undefined) return active;
    const { task, ...rest } = active;
    const changed = change(task);
    return changed === undefined ? rest : { ...rest, task: changed };
  });
}

/** A failed attempt that a Retry entry will run again records when, and counts the attempt. */
function failAttempt(state: ExecutionState, recorded: RecordedEvent): ExecutionState {
  const { dueAt, retrierIndex } = recorded.facts;
  if (dueAt === undefined || retrierIndex === undefined) return state;
  return updateActive(state, recorded, (active) => countAttempt(active, recorded.event.id, dueAt, retrierIndex));
}

/** `active` after a failed attempt that Retry entry `retrierIndex` runs again at `dueAt`. */
export function countAttempt(
  active: ActiveState,
  failedEventId: number,
  dueAt: string,
  retrierIndex: number,
): ActiveState {
  const retryAttempts = [...active.retryAttempts];
  while (retryAttempts.length <= retrierIndex) retryAttempts.push(0);
  retryAttempts[retrierIndex] = (retryAttempts[retrierIndex] ?? 0) + 1;
  return Object.assign({}, active, {
    retryCount: active.retryCount + 1,
    retryAttempts,
    retry: { failedEventId, dueAt },
  });
}

/** A Map iteration starting moves its parent Map on to the next item and counts it as running. */
function startIteration(state: ExecutionState, recorded: RecordedEvent): ExecutionState {
  const parentId = parentThreadId(recorded.facts.thread ?? MAIN_THREAD);
  if (parentId === undefined) return state;
  return updateThreadById(state, parentId, (parent) => {
    const map = parent.active?.map;
    if (parent.active === undefined || map === undefined) return parent;
    const started = { ...map, nextIndex: nextIndexToRun(map.carried, map.nextIndex + 1), running: map.running + 1 };
    return { ...parent, active: { ...parent.active, map: started } };
  });
}

/** A Parallel or Map that ended takes every thread below it along. */
function dropChildren(state: ExecutionState, recorded: RecordedEvent): ExecutionState {
  const prefix = `${recorded.facts.thread ?? MAIN_THREAD}/`;
  const threads = Object.entries(state.threads).filter(([id]) => !id.startsWith(prefix));
  if (threads.length === Object.keys(state.threads).length) return state;
  return { ...state, threads: Object.fromEntries(threads) };
}

function updateActive(
  state: ExecutionState,
  recorded: RecordedEvent,
  change: (active: ActiveState) => ActiveState,
): ExecutionState {
  return updateThread(state, recorded, (thread) =>
    thread.active === undefined ? thread : { ...thread, active: change(thread.active) },
  );
}

/**
 * Applies `change` to the event's thread (creating it on its first event) and moves its
 * `lastEventId`; when the event ends a child thread, the thread goes and its parent takes the outcome.
 */
function updateThread(
  state: ExecutionState,
  recorded: RecordedEvent,
  change: (thread: ThreadState) => ThreadState,
): ExecutionState {
  const { event, facts } = recorded;
  const threadId = facts.thread ?? MAIN_THREAD;
  const existing = state.threads[threadId] ?? {
    id: threadId,
    index: threadIndex(threadId),
    lastEventId: event.previousEventId,
  };
  const changed = { ...change(existing), lastEventId: event.id };
  const threadEnd = facts.threadEnd;
  if (threadEnd === undefined) {
    return { ...state, lastEventId: event.id, threads: { ...state.threads, [threadId]: changed } };
  }
  const { [threadId]: _ended, ...others } = state.threads;
  const withoutChild = { ...state, lastEventId: event.id, threads: others };
  const parentId = parentThreadId(threadId);
  if (parentId === undefined) return withoutChild;
  return updateThreadById(withoutChild, parentId, (parent) =>
    takeChildOutcome(parent, changed.index, recorded, threadEnd),
  );
}

type ThreadEnd = NonNullable<EventFacts['threadEnd']>;

function takeChildOutcome(parent: ThreadState, index: number, recorded: RecordedEvent, end: ThreadEnd): ThreadState {
  const { active } = parent;
  const event = recorded.event;
  if (active?.parallel !== undefined) {
    const parallel = { ...withOutcome(active.parallel, index, end), lastBranchEventId: event.id };
    return { ...parent, active: { ...active, parallel } };
  }
  if (active?.map !== undefined) {
    const counted = event.type === 'MapIterationAborted' ? active.map : withOutcome(active.map, index, end);
    const map = {
      ...counted,
      running: active.map.running - 1,
      linkEventId: event.previousEventId,
      lastIterationEventId: event.id,
    };
    return { ...parent, active: { ...active, map } };
  }
  return parent;
}

/** A child's end counted: its output by index and the success count, or the failure count and the first failure. */
function withOutcome<T extends ChildOutcomes>(outcomes: T, index: number, end: ThreadEnd): T {
  if ('output' in end) {
    return { ...outcomes, outputs: { ...outcomes.outputs, [index]: end.output }, succeeded: outcomes.succeeded + 1 };
  }
  const failure = outcomes.failure ?? { error: end.error, cause: end.cause };
  return { ...outcomes, failed: outcomes.failed + 1, failure };
}

function updateThreadById(
  state: ExecutionState,
  threadId: string,
  change: (thread: ThreadState) => ThreadState,
): ExecutionState {
  const thread = state.threads[threadId];
  if (thread === undefined) return state;
  return { ...state, threads: { ...state.threads, [threadId]: change(thread) } };
}
