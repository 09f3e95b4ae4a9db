import type { StateType } from '../asl/index.js';
import type { JsonValue } from '../data/index.js';
import type { HistoryEvent } from '../history/index.js';
import {
  MAIN_THREAD,
  parentThreadId,
  threadIndex,
  type ActiveState,
  type ChildOutcomes,
  type ExecutionState,
  type PendingTask,
  type TaskKind,
  type ThreadState,
} from './execution-state.js';

/**
 * Folds one event into an execution's state. Pure: reads no clock and mutates nothing, so
 * replaying a history always rebuilds the same state. Unknown threads are created on their first
 * event; an event for a thread that has ended is a corrupt history and throws.
 */
export function evolve(state: ExecutionState, event: HistoryEvent): ExecutionState {
  const next = applyEvent(state, event);
  return next.lastEventId === event.id ? next : { ...next, lastEventId: event.id };
}

function applyEvent(state: ExecutionState, event: HistoryEvent): ExecutionState {
  switch (event.type) {
    case 'ExecutionStarted': {
      const d = event.executionStartedEventDetails;
      const facts = event.statefold;
      return {
        status: 'RUNNING',
        ...(facts?.execution ? { identity: facts.execution } : {}),
        input: d.input,
        roleArn: d.roleArn,
        startDate: event.timestamp,
        ...(facts?.timeoutAt ? { timeoutAt: facts.timeoutAt } : {}),
        lastEventId: event.id,
        // AWS links the first state's entry to no event (previousEventId 0), not to ExecutionStarted.
        threads: { [MAIN_THREAD]: { id: MAIN_THREAD, index: 0, lastEventId: 0, lastOutput: d.input } },
      };
    }
    case 'ExecutionRedriven':
      return { ...state, status: 'RUNNING' };
    case 'ExecutionSucceeded':
      return end(state, event.timestamp, { status: 'SUCCEEDED', output: event.executionSucceededEventDetails.output });
    case 'ExecutionFailed':
      return end(state, event.timestamp, { status: 'FAILED', ...event.executionFailedEventDetails });
    case 'ExecutionAborted':
      return end(state, event.timestamp, { status: 'ABORTED', ...event.executionAbortedEventDetails });
    case 'ExecutionTimedOut':
      return end(state, event.timestamp, { status: 'TIMED_OUT', ...event.executionTimedOutEventDetails });

    case 'PassStateEntered':
      return enter(state, event, 'Pass');
    case 'ChoiceStateEntered':
      return enter(state, event, 'Choice');
    case 'WaitStateEntered':
      return enter(state, event, 'Wait');
    case 'SucceedStateEntered':
      return enter(state, event, 'Succeed');
    case 'FailStateEntered':
      return enter(state, event, 'Fail');
    case 'TaskStateEntered':
      return enter(state, event, 'Task');
    case 'ParallelStateEntered':
      return enter(state, event, 'Parallel');
    case 'MapStateEntered':
      return enter(state, event, 'Map');

    case 'PassStateExited':
    case 'ChoiceStateExited':
    case 'WaitStateExited':
    case 'SucceedStateExited':
    case 'TaskStateExited':
    case 'ParallelStateExited':
    case 'MapStateExited':
      return updateThread(state, event, (t) => assignVariables(leave(t, event.stateExitedEventDetails.output), event.stateExitedEventDetails.assignedVariables));
    case 'WaitStateAborted':
    case 'TaskStateAborted':
      return updateThread(state, event, (t) => leave(t, t.lastOutput));
    case 'ParallelStateAborted':
    case 'MapStateAborted':
      return dropChildren(updateThread(state, event, (t) => leave(t, t.lastOutput)), event);

    case 'LambdaFunctionScheduled': {
      const d = event.lambdaFunctionScheduledEventDetails;
      return schedule(state, event, 'lambda-function', d.resource, d.input);
    }
    case 'ActivityScheduled': {
      const d = event.activityScheduledEventDetails;
      return schedule(state, event, 'activity', d.resource, d.input);
    }
    case 'TaskScheduled': {
      const d = event.taskScheduledEventDetails;
      const kind: TaskKind = d.resourceType === 'lambda' && d.resource.startsWith('invoke') ? 'lambda-invoke' : 'service';
      return schedule(state, event, kind, `arn:aws:states:::${d.resourceType}:${d.resource}`, d.parameters);
    }
    case 'LambdaFunctionStarted':
    case 'TaskStarted':
      return updateTask(state, event, (task) => ({ ...task, started: true, heartbeatFrom: event.timestamp }));
    case 'ActivityStarted':
      return updateTask(state, event, (task) => ({ ...task, started: true, heartbeatFrom: event.timestamp }));
    case 'TaskSubmitted':
      return updateTask(state, event, (task) => ({ ...task, submitted: true }));
    case 'LambdaFunctionSucceeded':
    case 'ActivitySucceeded':
    case 'TaskSucceeded':
      return updateTask(state, event, () => undefined);
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
      return failAttempt(updateTask(state, event, () => undefined), event);

    case 'ParallelStateStarted':
      return updateActive(state, event, (a) => ({
        ...a,
        parallel: { ...noOutcomes, startedEventId: event.id, lastBranchEventId: event.id },
      }));
    case 'ParallelStateSucceeded':
      return dropChildren(updateActive(state, event, ({ parallel: _done, ...a }) => a), event);
    case 'ParallelStateFailed':
      return failAttempt(dropChildren(updateActive(state, event, ({ parallel: _done, ...a }) => a), event), event);

    case 'MapStateStarted': {
      const facts = event.statefold?.map;
      return updateActive(state, event, (a) => ({
        ...a,
        map: {
          ...noOutcomes,
          startedEventId: event.id,
          items: facts?.items ?? [],
          maxConcurrency: facts?.maxConcurrency ?? 0,
          ...(facts?.toleratedFailureCount !== undefined ? { toleratedFailureCount: facts.toleratedFailureCount } : {}),
          ...(facts?.toleratedFailurePercentage !== undefined
            ? { toleratedFailurePercentage: facts.toleratedFailurePercentage }
            : {}),
          nextIndex: 0,
          running: 0,
          linkEventId: event.id,
          lastIterationEventId: event.id,
        },
      }));
    }
    case 'MapRunStarted':
    case 'MapRunSucceeded':
    case 'MapRunFailed':
    case 'MapRunAborted':
      return updateThread(state, event, (t) => t);
    case 'MapStateSucceeded':
      return dropChildren(updateActive(state, event, ({ map: _done, ...a }) => a), event);
    case 'MapStateFailed':
      return failAttempt(dropChildren(updateActive(state, event, ({ map: _done, ...a }) => a), event), event);
    case 'MapIterationStarted':
      return startIteration(state, event);
    case 'MapIterationSucceeded':
    case 'MapIterationFailed':
    case 'MapIterationAborted':
      return updateThread(state, event, (t) => t);

    case 'EvaluationFailed':
      return updateThread(state, event, (t) => t);
    default:
      return assertNever(event);
  }
}

/** Fails loudly on an event type nobody handles: a compile error first, a runtime error on corrupt data. */
export function assertNever(value: never): never {
  throw new TypeError(`Unhandled variant: ${JSON.stringify(value)}`);
}

const noOutcomes: ChildOutcomes = { outputs: {}, succeeded: 0, failed: 0 };

function end(state: ExecutionState, stopDate: string, fields: Partial<ExecutionState>): ExecutionState {
  return { ...state, ...fields, stopDate, threads: {} };
}

function enter(state: ExecutionState, event: HistoryEvent & { stateEnteredEventDetails: { name: string; input: string } }, type: StateType): ExecutionState {
  const d = event.stateEnteredEventDetails;
  const active: ActiveState = {
    name: d.name,
    type,
    input: d.input,
    enteredEventId: event.id,
    enteredTime: event.timestamp,
    retryCount: 0,
    retryAttempts: [],
    ...(event.statefold?.dueAt !== undefined ? { waitUntil: event.statefold.dueAt } : {}),
  };
  return updateThread(state, event, (t) => ({ ...t, active }));
}

function leave(thread: ThreadState, output: string | undefined): ThreadState {
  const { active: _left, ...rest } = thread;
  return output === undefined ? rest : { ...rest, lastOutput: output };
}

/** A state that leaves with `assignedVariables` sets them in its thread's scope (values are JSON text). */
function assignVariables(thread: ThreadState, assigned: Readonly<Record<string, string>> | undefined): ThreadState {
  if (assigned === undefined) return thread;
  const variables: Record<string, JsonValue> = { ...thread.variables };
  for (const [name, text] of Object.entries(assigned)) variables[name] = JSON.parse(text) as JsonValue;
  return { ...thread, variables };
}

function schedule(state: ExecutionState, event: HistoryEvent, kind: TaskKind, resource: string, input: string): ExecutionState {
  const facts = event.statefold;
  const task: PendingTask = {
    kind,
    scheduledEventId: event.id,
    resource,
    input: JSON.parse(input),
    waitForTaskToken: resource.endsWith('.waitForTaskToken'),
    ...(facts?.taskToken !== undefined ? { taskToken: facts.taskToken } : {}),
    ...(facts?.timeoutAt !== undefined ? { timeoutAt: facts.timeoutAt } : {}),
    ...(facts?.heartbeatSeconds !== undefined ? { heartbeatSeconds: facts.heartbeatSeconds } : {}),
    started: false,
    submitted: false,
  };
  return updateActive(state, event, ({ retry: _retried, ...a }) => ({ ...a, task }));
}

function updateTask(
  state: ExecutionState,
  event: HistoryEvent,
  change: (task: PendingTask) => PendingTask | undefined,
): ExecutionState {
  return updateActive(state, event, (a) => {
    if (a.task === undefined) return a;
    const { task, ...rest } = a;
    const changed = change(task);
    return changed === undefined ? rest : { ...rest, task: changed };
  });
}

/** A failed attempt that a Retry entry will run again records when, and counts the attempt. */
function failAttempt(state: ExecutionState, event: HistoryEvent): ExecutionState {
  const facts = event.statefold;
  if (facts?.dueAt === undefined || facts.retrierIndex === undefined) return state;
  const { dueAt, retrierIndex } = facts;
  return updateActive(state, event, (a) => {
    const retryAttempts = [...a.retryAttempts];
    while (retryAttempts.length <= retrierIndex) retryAttempts.push(0);
    retryAttempts[retrierIndex] = (retryAttempts[retrierIndex] ?? 0) + 1;
    return { ...a, retryCount: a.retryCount + 1, retryAttempts, retry: { failedEventId: event.id, dueAt } };
  });
}

function startIteration(state: ExecutionState, event: HistoryEvent): ExecutionState {
  const threadId = event.statefold?.thread ?? MAIN_THREAD;
  const parentId = parentThreadId(threadId);
  const withParent =
    parentId === undefined
      ? state
      : updateThreadById(state, parentId, (parent) =>
          parent.active?.map === undefined
            ? parent
            : {
                ...parent,
                active: {
                  ...parent.active,
                  map: { ...parent.active.map, nextIndex: parent.active.map.nextIndex + 1, running: parent.active.map.running + 1 },
                },
              },
        );
  return updateThread(withParent, event, (t) => t);
}

/** A Parallel or Map that ended takes every thread below it along. */
function dropChildren(state: ExecutionState, event: HistoryEvent): ExecutionState {
  const prefix = `${event.statefold?.thread ?? MAIN_THREAD}/`;
  const threads: Record<string, ThreadState> = {};
  let dropped = false;
  for (const [id, thread] of Object.entries(state.threads)) {
    if (id.startsWith(prefix)) dropped = true;
    else threads[id] = thread;
  }
  return dropped ? { ...state, threads } : state;
}

function updateActive(state: ExecutionState, event: HistoryEvent, change: (active: ActiveState) => ActiveState): ExecutionState {
  return updateThread(state, event, (t) => (t.active === undefined ? t : { ...t, active: change(t.active) }));
}

/**
 * Applies `change` to the event's thread (creating it on its first event), moves its
 * `lastEventId`, and when the event ends a child thread hands the outcome to the parent.
 */
function updateThread(state: ExecutionState, event: HistoryEvent, change: (thread: ThreadState) => ThreadState): ExecutionState {
  const threadId = event.statefold?.thread ?? MAIN_THREAD;
  const existing = state.threads[threadId] ?? { id: threadId, index: threadIndex(threadId), lastEventId: event.previousEventId };
  const changed = { ...change(existing), lastEventId: event.id };
  const threadEnd = event.statefold?.threadEnd;
  if (threadEnd === undefined) return { ...state, lastEventId: event.id, threads: { ...state.threads, [threadId]: changed } };
  const { [threadId]: _ended, ...others } = state.threads;
  const parentId = parentThreadId(threadId);
  const withoutChild = { ...state, lastEventId: event.id, threads: others };
  if (parentId === undefined) return withoutChild;
  return updateThreadById(withoutChild, parentId, (parent) => handChildOutcome(parent, changed, event));
}

function handChildOutcome(parent: ThreadState, child: ThreadState, event: HistoryEvent): ThreadState {
  const active = parent.active;
  const threadEnd = event.statefold?.threadEnd;
  if (active === undefined || threadEnd === undefined) return parent;
  const record = (outcomes: ChildOutcomes): ChildOutcomes =>
    'output' in threadEnd
      ? { ...outcomes, outputs: { ...outcomes.outputs, [child.index]: threadEnd.output }, succeeded: outcomes.succeeded + 1 }
      : {
          ...outcomes,
          failed: outcomes.failed + 1,
          ...(outcomes.failure === undefined ? { failure: { error: threadEnd.error, cause: threadEnd.cause } } : {}),
        };
  if (active.parallel !== undefined) {
    return { ...parent, active: { ...active, parallel: { ...active.parallel, ...record(active.parallel), lastBranchEventId: event.id } } };
  }
  if (active.map !== undefined) {
    const map = active.map;
    const aborted = event.type === 'MapIterationAborted';
    return {
      ...parent,
      active: {
        ...active,
        map: {
          ...map,
          ...(aborted ? {} : record(map)),
          running: map.running - 1,
          linkEventId: event.previousEventId,
          lastIterationEventId: event.id,
        },
      },
    };
  }
  return parent;
}

function updateThreadById(state: ExecutionState, threadId: string, change: (thread: ThreadState) => ThreadState): ExecutionState {
  const thread = state.threads[threadId];
  if (thread === undefined) return state;
  return { ...state, threads: { ...state.threads, [threadId]: change(thread) } };
}
