import type { StateType } from '../asl/index.js';
import { assertNever, setMember, type JsonValue } from '../data/index.js';
import type { RecordedEvent, StateEnteredEventDetails } from '../history/index.js';
import {
  MAIN_THREAD,
  parentThreadId,
  type ActiveState,
  type ExecutionState,
  type PendingTask,
  type TaskKind,
  type ThreadState,
} from './execution-state.js';
import { newFoldDraft, own, withFields, type FoldDraft, type Owned, type Writable } from './fold-draft.js';
import { dropChildren, updateActive, updateThread, updateThreadById } from './evolve-threads.js';

/**
 * Folds one recorded event (the event and its facts) into an execution's state. Pure: reads no
 * clock and mutates nothing, so replaying a history always rebuilds the same state. Unknown
 * threads are created on their first event; an event for a thread that has ended is a corrupt
 * history and throws.
 */
export function evolve(state: ExecutionState, recorded: RecordedEvent): ExecutionState {
  return evolveWith(state, recorded, undefined);
}

/** `evolve` through a draft: same result, fewer copies (see `FoldDraft`). */
export function evolveDraft(state: ExecutionState, recorded: RecordedEvent, draft: FoldDraft): ExecutionState {
  return evolveWith(state, recorded, draft);
}

/** Folds `events` into `state` through one private draft: what `evolve` over each gives. */
export function foldEvents(state: ExecutionState, events: Iterable<RecordedEvent>): ExecutionState {
  const draft = newFoldDraft();
  let next = state;
  for (const recorded of events) next = evolveWith(next, recorded, draft);
  return next;
}

function evolveWith(state: ExecutionState, recorded: RecordedEvent, owned: Owned): ExecutionState {
  const next = applyEvent(state, recorded, owned);
  const id = recorded.event.id;
  return next.lastEventId === id ? next : withFields(owned, next, { lastEventId: id });
}

function applyEvent(state: ExecutionState, recorded: RecordedEvent, owned: Owned): ExecutionState {
  const event = recorded.event;
  switch (event.type) {
    case 'ExecutionStarted': {
      const d = event.executionStartedEventDetails;
      const facts = recorded.facts;
      return {
        status: 'RUNNING',
        ...(facts.execution ? { identity: facts.execution } : {}),
        input: d.input,
        roleArn: d.roleArn,
        startDate: event.timestamp,
        ...(facts.timeoutAt ? { timeoutAt: facts.timeoutAt } : {}),
        lastEventId: event.id,
        // AWS links the first state's entry to no event (previousEventId 0), not to ExecutionStarted.
        threads: { [MAIN_THREAD]: { id: MAIN_THREAD, index: 0, lastEventId: 0, lastOutput: d.input } },
      };
    }
    case 'ExecutionRedriven':
      return withFields(owned, state, { status: 'RUNNING' });
    case 'ExecutionSucceeded':
      return end(
        state,
        event.timestamp,
        { status: 'SUCCEEDED', output: event.executionSucceededEventDetails.output },
        owned,
      );
    case 'ExecutionFailed':
      return end(state, event.timestamp, { status: 'FAILED', ...event.executionFailedEventDetails }, owned);
    case 'ExecutionAborted':
      return end(state, event.timestamp, { status: 'ABORTED', ...event.executionAbortedEventDetails }, owned);
    case 'ExecutionTimedOut':
      return end(state, event.timestamp, { status: 'TIMED_OUT', ...event.executionTimedOutEventDetails }, owned);

    case 'PassStateEntered':
      return enter(state, recorded, event.stateEnteredEventDetails, 'Pass', owned);
    case 'ChoiceStateEntered':
      return enter(state, recorded, event.stateEnteredEventDetails, 'Choice', owned);
    case 'WaitStateEntered':
      return enter(state, recorded, event.stateEnteredEventDetails, 'Wait', owned);
    case 'SucceedStateEntered':
      return enter(state, recorded, event.stateEnteredEventDetails, 'Succeed', owned);
    case 'FailStateEntered':
      return enter(state, recorded, event.stateEnteredEventDetails, 'Fail', owned);
    case 'TaskStateEntered':
      return enter(state, recorded, event.stateEnteredEventDetails, 'Task', owned);
    case 'ParallelStateEntered':
      return enter(state, recorded, event.stateEnteredEventDetails, 'Parallel', owned);
    case 'MapStateEntered':
      return enter(state, recorded, event.stateEnteredEventDetails, 'Map', owned);

    case 'PassStateExited':
    case 'ChoiceStateExited':
    case 'WaitStateExited':
    case 'SucceedStateExited':
    case 'TaskStateExited':
    case 'ParallelStateExited':
    case 'MapStateExited':
      return updateThread(
        state,
        recorded,
        (t) =>
          assignVariables(
            leave(t, event.stateExitedEventDetails.output, owned),
            event.stateExitedEventDetails.assignedVariables,
          ),
        owned,
      );
    case 'WaitStateAborted':
    case 'TaskStateAborted':
      return updateThread(state, recorded, (t) => leave(t, t.lastOutput, owned), owned);
    case 'ParallelStateAborted':
    case 'MapStateAborted':
      return dropChildren(
        updateThread(state, recorded, (t) => leave(t, t.lastOutput, owned), owned),
        recorded,
        owned,
      );

    case 'LambdaFunctionScheduled': {
      const d = event.lambdaFunctionScheduledEventDetails;
      return schedule(state, recorded, 'lambda-function', d.resource, d.input, owned);
    }
    case 'ActivityScheduled': {
      const d = event.activityScheduledEventDetails;
      return schedule(state, recorded, 'activity', d.resource, d.input, owned);
    }
    case 'TaskScheduled': {
      const d = event.taskScheduledEventDetails;
      const kind: TaskKind =
        d.resourceType === 'lambda' && d.resource.startsWith('invoke') ? 'lambda-invoke' : 'service';
      return schedule(state, recorded, kind, `arn:aws:states:::${d.resourceType}:${d.resource}`, d.parameters, owned);
    }
    case 'LambdaFunctionStarted':
    case 'TaskStarted':
    case 'ActivityStarted':
      return updateTask(
        state,
        recorded,
        (task) => withFields(owned, task, { started: true, heartbeatFrom: event.timestamp }),
        owned,
      );
    case 'TaskSubmitted':
      return updateTask(state, recorded, (task) => withFields(owned, task, { submitted: true }), owned);
    case 'LambdaFunctionSucceeded':
    case 'ActivitySucceeded':
    case 'TaskSucceeded':
      return updateTask(state, recorded, () => undefined, owned);
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
        updateTask(state, recorded, () => undefined, owned),
        recorded,
        owned,
      );

    case 'ParallelStateStarted':
      return updateActive(
        state,
        recorded,
        (a) =>
          withFields(owned, a, {
            parallel: { outputs: {}, succeeded: 0, failed: 0, startedEventId: event.id, lastBranchEventId: event.id },
          }),
        owned,
      );
    case 'ParallelStateSucceeded':
      return dropChildren(
        updateActive(state, recorded, ({ parallel: _done, ...a }) => a, owned),
        recorded,
        owned,
      );
    case 'ParallelStateFailed':
      return failAttempt(
        dropChildren(
          updateActive(state, recorded, ({ parallel: _done, ...a }) => a, owned),
          recorded,
          owned,
        ),
        recorded,
        owned,
      );

    case 'MapStateStarted': {
      const facts = recorded.facts.map;
      return updateActive(
        state,
        recorded,
        (a) =>
          withFields(owned, a, {
            map: {
              outputs: {},
              succeeded: 0,
              failed: 0,
              startedEventId: event.id,
              items: facts?.items ?? [],
              maxConcurrency: facts?.maxConcurrency ?? 0,
              ...(facts?.toleratedFailureCount !== undefined
                ? { toleratedFailureCount: facts.toleratedFailureCount }
                : {}),
              ...(facts?.toleratedFailurePercentage !== undefined
                ? { toleratedFailurePercentage: facts.toleratedFailurePercentage }
                : {}),
              nextIndex: 0,
              running: 0,
              linkEventId: event.id,
              lastIterationEventId: event.id,
            },
          }),
        owned,
      );
    }
    case 'MapRunStarted':
    case 'MapRunSucceeded':
    case 'MapRunFailed':
    case 'MapRunAborted':
      return updateThread(state, recorded, (t) => t, owned);
    case 'MapStateSucceeded':
      return dropChildren(
        updateActive(state, recorded, ({ map: _done, ...a }) => a, owned),
        recorded,
        owned,
      );
    case 'MapStateFailed':
      return failAttempt(
        dropChildren(
          updateActive(state, recorded, ({ map: _done, ...a }) => a, owned),
          recorded,
          owned,
        ),
        recorded,
        owned,
      );
    case 'MapIterationStarted':
      return startIteration(state, recorded, owned);
    case 'MapIterationSucceeded':
    case 'MapIterationFailed':
    case 'MapIterationAborted':
      return updateThread(state, recorded, (t) => t, owned);

    case 'EvaluationFailed':
      return updateThread(state, recorded, (t) => t, owned);
    default:
      return assertNever(event);
  }
}

// Shared by every state entered: failAttempt copies it before counting an attempt.
const NO_RETRY_ATTEMPTS: readonly number[] = Object.freeze([]);

function end(state: ExecutionState, stopDate: string, fields: Partial<ExecutionState>, owned: Owned): ExecutionState {
  return own(owned, Object.assign({}, state, fields, { stopDate, threads: {} }));
}

function enter(
  state: ExecutionState,
  recorded: RecordedEvent,
  d: StateEnteredEventDetails,
  type: StateType,
  owned: Owned,
): ExecutionState {
  const event = recorded.event;
  const active: Writable<ActiveState> = {
    name: d.name,
    type,
    input: d.input,
    enteredEventId: event.id,
    enteredTime: event.timestamp,
    retryCount: 0,
    retryAttempts: NO_RETRY_ATTEMPTS,
  };
  const dueAt = recorded.facts.dueAt;
  if (dueAt !== undefined) active.waitUntil = dueAt;
  return updateThread(state, recorded, (t) => withFields(owned, t, { active }), owned);
}

/** Every member of `ThreadState`: `leave` copies each but `active` (the compiler checks none is missed). */
const threadMembers = {
  id: true,
  index: true,
  lastEventId: true,
  active: true,
  lastOutput: true,
  variables: true,
  outcome: true,
} as const satisfies Record<keyof ThreadState, true>;
void threadMembers;

// Built member by member: a rest-destructuring copy was the reducer's single biggest cost.
function leave(thread: ThreadState, output: string | undefined, owned: Owned): ThreadState {
  if (owned?.has(thread) === true) {
    // In place: `active` was the thread's last-added member (entering adds it), so deleting it is cheap.
    const left = thread as Writable<ThreadState>;
    delete left.active;
    if (output !== undefined) left.lastOutput = output;
    return left;
  }
  const left: Writable<ThreadState> = { id: thread.id, index: thread.index, lastEventId: thread.lastEventId };
  const lastOutput = output ?? thread.lastOutput;
  if (lastOutput !== undefined) left.lastOutput = lastOutput;
  if (thread.variables !== undefined) left.variables = thread.variables;
  if (thread.outcome !== undefined) left.outcome = thread.outcome;
  return left;
}

/** A state that leaves with `assignedVariables` sets them in its thread's scope (values are JSON text). */
function assignVariables(thread: ThreadState, assigned: Readonly<Record<string, string>> | undefined): ThreadState {
  if (assigned === undefined) return thread;
  const variables: Record<string, JsonValue> = { ...thread.variables };
  for (const [name, text] of Object.entries(assigned)) setMember(variables, name, JSON.parse(text) as JsonValue);
  return Object.assign({}, thread, { variables });
}

function schedule(
  state: ExecutionState,
  recorded: RecordedEvent,
  kind: TaskKind,
  resource: string,
  input: string,
  owned: Owned,
): ExecutionState {
  const facts = recorded.facts;
  // Built by assignment rather than spreads: every Task step schedules one.
  const task: Writable<PendingTask> = {
    kind,
    scheduledEventId: recorded.event.id,
    resource,
    input: JSON.parse(input) as JsonValue,
    waitForTaskToken: resource.endsWith('.waitForTaskToken'),
    started: false,
    submitted: false,
  };
  if (facts.taskToken !== undefined) task.taskToken = facts.taskToken;
  if (facts.timeoutAt !== undefined) task.timeoutAt = facts.timeoutAt;
  if (facts.heartbeatSeconds !== undefined) task.heartbeatSeconds = facts.heartbeatSeconds;
  own(owned, task);
  return updateActive(
    state,
    recorded,
    (a) => {
      if (a.retry === undefined) return withFields(owned, a, { task });
      const { retry: _retried, ...rest } = a;
      return { ...rest, task };
    },
    owned,
  );
}

function updateTask(
  state: ExecutionState,
  recorded: RecordedEvent,
  change: (task: PendingTask) => PendingTask | undefined,
  owned: Owned,
): ExecutionState {
  return updateActive(
    state,
    recorded,
    (a) => {
      const task = a.task;
      if (task === undefined) return a;
      const changed = change(task);
      if (changed !== undefined) return changed === task ? a : withFields(owned, a, { task: changed });
      if (owned?.has(a) === true) {
        // In place: `task` was the active state's last-added member (scheduling adds it), so deleting it is cheap.
        delete (a as Writable<ActiveState>).task;
        return a;
      }
      const { task: _done, ...rest } = a;
      return rest;
    },
    owned,
  );
}

/** A failed attempt that a Retry entry will run again records when, and counts the attempt. */
function failAttempt(state: ExecutionState, recorded: RecordedEvent, owned: Owned): ExecutionState {
  const { dueAt, retrierIndex } = recorded.facts;
  if (dueAt === undefined || retrierIndex === undefined) return state;
  return updateActive(
    state,
    recorded,
    (a) => {
      const retryAttempts = [...a.retryAttempts];
      while (retryAttempts.length <= retrierIndex) retryAttempts.push(0);
      retryAttempts[retrierIndex] = (retryAttempts[retrierIndex] ?? 0) + 1;
      return Object.assign({}, a, {
        retryCount: a.retryCount + 1,
        retryAttempts,
        retry: { failedEventId: recorded.event.id, dueAt },
      });
    },
    owned,
  );
}

function startIteration(state: ExecutionState, recorded: RecordedEvent, owned: Owned): ExecutionState {
  const threadId = recorded.facts.thread ?? MAIN_THREAD;
  const parentId = parentThreadId(threadId);
  const withParent =
    parentId === undefined
      ? state
      : updateThreadById(
          state,
          parentId,
          (parent) => {
            const active = parent.active;
            const map = active?.map;
            if (active === undefined || map === undefined) return parent;
            const nextMap = withFields(owned, map, { nextIndex: map.nextIndex + 1, running: map.running + 1 });
            return withFields(owned, parent, { active: withFields(owned, active, { map: nextMap }) });
          },
          owned,
        );
  return updateThread(withParent, recorded, (t) => t, owned);
}
