import { isSyncResource, type StateType } from '../asl/index.js';
import { assertNever, type JsonValue } from '../data/index.js';
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
import { assignVariables, countAttempt, NO_RETRY_ATTEMPTS, taskKindOf } from './evolve.js';
import { startedMap, startedMapRun, startedParallel } from './started-progress.js';
import { nextIndexToRun, redrivenState, withRedrivePoint } from './redrive-fold.js';
import { dropChildren, updateActive, updateThread, updateThreadById } from './evolve-in-place-threads.js';
import { adopt, newFoldDraft, withFields, type FoldDraft, type Writable } from './fold-draft.js';

// The fast path behind `evolve`: the same reducer, changing in place the objects its draft created
// instead of copying them once per event. decide, the engine and replay's stateAt fold through it.

/**
 * `evolve`, done in place through a draft: the same state `evolve(state, recorded)` gives, with
 * fewer copies (see `FoldDraft` for what it may change). evolve-equivalence.test.ts checks it against
 * `evolve` event by event on histories holding every event type, and decide.property.test.ts on
 * random state machines; a change to one is a change to both.
 */
export function evolveInPlace(state: ExecutionState, recorded: RecordedEvent, draft: FoldDraft): ExecutionState {
  const next = applyEvent(state, recorded, draft);
  const id = recorded.event.id;
  return next.lastEventId === id ? next : withFields(draft, next, { lastEventId: id });
}

/** Folds `events` into `state` through one private draft: what `evolve` over each gives. */
export function foldEvents(state: ExecutionState, events: Iterable<RecordedEvent>): ExecutionState {
  const draft = newFoldDraft();
  let next = state;
  for (const recorded of events) next = evolveInPlace(next, recorded, draft);
  return next;
}

function applyEvent(state: ExecutionState, recorded: RecordedEvent, draft: FoldDraft): ExecutionState {
  const event = recorded.event;
  switch (event.type) {
    case 'ExecutionStarted': {
      const details = event.executionStartedEventDetails;
      const facts = recorded.facts;
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
    case 'ExecutionRedriven':
      return redrivenState(state, { event, facts: recorded.facts });
    case 'ExecutionSucceeded':
      return end(state, recorded, { status: 'SUCCEEDED', output: event.executionSucceededEventDetails.output }, draft);
    case 'ExecutionFailed':
      return end(state, recorded, { status: 'FAILED', ...event.executionFailedEventDetails }, draft);
    case 'ExecutionAborted':
      return end(state, recorded, { status: 'ABORTED', ...event.executionAbortedEventDetails }, draft);
    case 'ExecutionTimedOut':
      return end(state, recorded, { status: 'TIMED_OUT', ...event.executionTimedOutEventDetails }, draft);

    case 'PassStateEntered':
      return enter(state, recorded, event.stateEnteredEventDetails, 'Pass', draft);
    case 'ChoiceStateEntered':
      return enter(state, recorded, event.stateEnteredEventDetails, 'Choice', draft);
    case 'WaitStateEntered':
      return enter(state, recorded, event.stateEnteredEventDetails, 'Wait', draft);
    case 'SucceedStateEntered':
      return enter(state, recorded, event.stateEnteredEventDetails, 'Succeed', draft);
    case 'FailStateEntered':
      return enter(state, recorded, event.stateEnteredEventDetails, 'Fail', draft);
    case 'TaskStateEntered':
      return enter(state, recorded, event.stateEnteredEventDetails, 'Task', draft);
    case 'ParallelStateEntered':
      return enter(state, recorded, event.stateEnteredEventDetails, 'Parallel', draft);
    case 'MapStateEntered':
      return enter(state, recorded, event.stateEnteredEventDetails, 'Map', draft);

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
        (thread) =>
          assignVariables(
            leave(thread, event.stateExitedEventDetails.output, draft),
            event.stateExitedEventDetails.assignedVariables,
          ),
        draft,
      );
    case 'WaitStateAborted':
    case 'TaskStateAborted':
      return updateThread(state, recorded, (thread) => leave(thread, thread.lastOutput, draft), draft);
    case 'ParallelStateAborted':
    case 'MapStateAborted':
      return dropChildren(
        updateThread(state, recorded, (thread) => leave(thread, thread.lastOutput, draft), draft),
        recorded,
        draft,
      );

    case 'LambdaFunctionScheduled': {
      const details = event.lambdaFunctionScheduledEventDetails;
      return schedule(state, recorded, 'lambda-function', details.resource, details.input, draft);
    }
    case 'ActivityScheduled': {
      const details = event.activityScheduledEventDetails;
      return schedule(state, recorded, 'activity', details.resource, details.input, draft);
    }
    case 'TaskScheduled': {
      const { resourceType, resource, parameters } = event.taskScheduledEventDetails;
      return schedule(
        state,
        recorded,
        taskKindOf(resourceType, resource),
        `arn:aws:states:::${resourceType}:${resource}`,
        parameters,
        draft,
      );
    }
    case 'LambdaFunctionStarted':
    case 'TaskStarted':
    case 'ActivityStarted':
      return updateTask(
        state,
        recorded,
        (task) => withFields(draft, task, { started: true, heartbeatFrom: event.timestamp }),
        draft,
      );
    case 'TaskSubmitted': {
      const output = event.taskSubmittedEventDetails.output;
      return updateTask(
        state,
        recorded,
        (task) =>
          withFields(
            draft,
            task,
            isSyncResource(task.resource) ? { submitted: true, submittedOutput: output } : { submitted: true },
          ),
        draft,
      );
    }
    case 'LambdaFunctionSucceeded':
    case 'ActivitySucceeded':
    case 'TaskSucceeded':
      return updateTask(state, recorded, () => undefined, draft);
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
        updateTask(state, recorded, () => undefined, draft),
        recorded,
        draft,
      );

    case 'ParallelStateStarted':
      return updateActive(
        state,
        recorded,
        (active) => withFields(draft, active, { parallel: startedParallel(event.id, recorded.facts.carried) }),
        draft,
      );
    case 'ParallelStateSucceeded':
      return dropChildren(
        updateActive(state, recorded, ({ parallel: _done, ...active }) => active, draft),
        recorded,
        draft,
      );
    case 'ParallelStateFailed':
      return failAttempt(
        dropChildren(
          updateActive(state, recorded, ({ parallel: _done, ...active }) => active, draft),
          recorded,
          draft,
        ),
        recorded,
        draft,
      );

    case 'MapStateStarted': {
      const map = startedMap(event.id, recorded.facts.map, recorded.facts.carried);
      return updateActive(state, recorded, (active) => withFields(draft, active, { map }), draft);
    }
    case 'MapRunStarted': {
      const mapRun = startedMapRun(recorded);
      return updateActive(
        state,
        recorded,
        (active) => (mapRun === undefined ? active : withFields(draft, active, { mapRun })),
        draft,
      );
    }
    case 'MapRunSucceeded':
    case 'MapRunFailed':
    case 'MapRunAborted':
      return updateActive(state, recorded, ({ mapRun: _done, ...active }) => active, draft);
    case 'MapStateSucceeded':
      return dropChildren(
        updateActive(state, recorded, ({ map: _done, ...active }) => active, draft),
        recorded,
        draft,
      );
    case 'MapStateFailed':
      return failAttempt(
        dropChildren(
          updateActive(state, recorded, ({ map: _done, ...active }) => active, draft),
          recorded,
          draft,
        ),
        recorded,
        draft,
      );
    case 'MapIterationStarted':
      return startIteration(state, recorded, draft);
    case 'MapIterationSucceeded':
    case 'MapIterationFailed':
    case 'MapIterationAborted':
      return updateThread(state, recorded, (thread) => thread, draft);

    case 'EvaluationFailed':
      return updateThread(state, recorded, (thread) => thread, draft);
    default:
      return assertNever(event);
  }
}

function end(
  state: ExecutionState,
  recorded: RecordedEvent,
  fields: Partial<ExecutionState>,
  draft: FoldDraft,
): ExecutionState {
  const ended = Object.assign({}, state, fields, { stopDate: recorded.event.timestamp, threads: {} });
  return adopt(draft, withRedrivePoint(ended, state, recorded));
}

function enter(
  state: ExecutionState,
  recorded: RecordedEvent,
  details: StateEnteredEventDetails,
  type: StateType,
  draft: FoldDraft,
): ExecutionState {
  const event = recorded.event;
  const active: Writable<ActiveState> = {
    name: details.name,
    type,
    input: details.input,
    enteredEventId: event.id,
    enteredTime: event.timestamp,
    retryCount: 0,
    retryAttempts: NO_RETRY_ATTEMPTS,
  };
  const dueAt = recorded.facts.dueAt;
  if (dueAt !== undefined) active.waitUntil = dueAt;
  return updateThread(state, recorded, (thread) => withFields(draft, thread, { active }), draft);
}

/** Every member of `ThreadState`: `leave` copies each but `active` (the compiler checks none is missed). */
const threadMembers = {
  id: true,
  index: true,
  lastEventId: true,
  active: true,
  lastOutput: true,
  variables: true,
} as const satisfies Record<keyof ThreadState, true>;
void threadMembers;

// Built member by member: a rest-destructuring copy was the reducer's single biggest cost.
function leave(thread: ThreadState, output: string | undefined, draft: FoldDraft): ThreadState {
  if (draft.has(thread)) {
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
  return left;
}

function schedule(
  state: ExecutionState,
  recorded: RecordedEvent,
  kind: TaskKind,
  resource: string,
  input: string,
  draft: FoldDraft,
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
  adopt(draft, task);
  return updateActive(
    state,
    recorded,
    (active) => {
      if (active.retry === undefined) return withFields(draft, active, { task });
      const { retry: _retried, ...rest } = active;
      return { ...rest, task };
    },
    draft,
  );
}

function updateTask(
  state: ExecutionState,
  recorded: RecordedEvent,
  change: (task: PendingTask) => PendingTask | undefined,
  draft: FoldDraft,
): ExecutionState {
  return updateActive(
    state,
    recorded,
    (active) => {
      const task = active.task;
      if (task === undefined) return active;
      const changed = change(task);
      if (changed !== undefined) return changed === task ? active : withFields(draft, active, { task: changed });
      if (draft.has(active)) {
        // In place: `task` was the active state's last-added member (scheduling adds it), so deleting it is cheap.
        delete (active as Writable<ActiveState>).task;
        return active;
      }
      const { task: _done, ...rest } = active;
      return rest;
    },
    draft,
  );
}

/** A failed attempt that a Retry entry will run again records when, and counts the attempt. */
function failAttempt(state: ExecutionState, recorded: RecordedEvent, draft: FoldDraft): ExecutionState {
  const { dueAt, retrierIndex } = recorded.facts;
  if (dueAt === undefined || retrierIndex === undefined) return state;
  return updateActive(state, recorded, (active) => countAttempt(active, recorded.event.id, dueAt, retrierIndex), draft);
}

function startIteration(state: ExecutionState, recorded: RecordedEvent, draft: FoldDraft): ExecutionState {
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
            const nextMap = withFields(draft, map, {
              nextIndex: nextIndexToRun(map.carried, map.nextIndex + 1),
              running: map.running + 1,
            });
            return withFields(draft, parent, { active: withFields(draft, active, { map: nextMap }) });
          },
          draft,
        );
  return updateThread(withParent, recorded, (thread) => thread, draft);
}
