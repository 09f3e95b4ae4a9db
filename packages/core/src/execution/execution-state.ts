import type { StateType, TaskKind } from '../asl/index.js';
import type { JsonValue } from '../data/index.js';
import type { EventFacts, ExecutionStatus } from '../history/index.js';

// The folded state of one execution: everything anyone asks about it, rebuilt from its events
// alone (`events.reduce(evolve, initialExecutionState)`). Plain, immutable data.

/** The main thread's id. Parallel branches and Map iterations get `${parent}/${startedEventId}.${index}`. */
export const MAIN_THREAD = '';

/** Who the execution is: the context object's `Execution`/`StateMachine` parts. */
export type ExecutionIdentity = NonNullable<EventFacts['execution']>;

export type { TaskKind };

/** A task that has been scheduled and not yet finished. */
export interface PendingTask {
  readonly kind: TaskKind;
  /** The id of the …Scheduled event: the key of this effect everywhere. */
  readonly scheduledEventId: number;
  /** The Resource as written (or the activity ARN). */
  readonly resource: string;
  /** The effective input (Lambda payload / service parameters / activity input). */
  readonly input: JsonValue;
  /** `.waitForTaskToken`: completed by SendTaskSuccess/Failure, not by the integration's answer. */
  readonly waitForTaskToken: boolean;
  readonly taskToken?: string;
  readonly timeoutAt?: string;
  readonly heartbeatSeconds?: number;
  /** When the last heartbeat (or the start) was recorded; the heartbeat deadline counts from here. */
  readonly heartbeatFrom?: string;
  /** Started (LambdaFunctionStarted, TaskStarted, ActivityStarted) — a worker or invocation holds it. */
  readonly started: boolean;
  /**
   * The integration call returned (TaskSubmitted): only the token can finish a `.waitForTaskToken`
   * task now, and only the job's end a `.sync` one.
   */
  readonly submitted: boolean;
  /**
   * A submitted `.sync` task: what the call that started the job answered (JSON text), from which
   * the wait for the job's end is re-armed — after a restart too.
   */
  readonly submittedOutput?: string;
}

/** What a child thread left behind for its parent: each output (JSON text) by index, and any failure. */
export interface ChildOutcomes {
  readonly outputs: Readonly<Record<number, string>>;
  readonly succeeded: number;
  readonly failed: number;
  /** The first failure among the children. */
  readonly failure?: { readonly error: string; readonly cause: string };
}

/** A Parallel state whose branches run. */
export interface ParallelProgress extends ChildOutcomes {
  readonly startedEventId: number;
  /** The last event that ended a branch: where ParallelStateSucceeded/Failed link. */
  readonly lastBranchEventId: number;
}

/** A Map state whose iterations run. */
export interface MapProgress extends ChildOutcomes {
  readonly startedEventId: number;
  readonly items: readonly JsonValue[];
  readonly maxConcurrency: number;
  readonly toleratedFailureCount?: number;
  readonly toleratedFailurePercentage?: number;
  /** Index of the next iteration to start. */
  readonly nextIndex: number;
  readonly running: number;
  /** Outputs a redrive carried over from the failed attempt, by index: those iterations do not run again. */
  readonly carried?: Readonly<Record<number, string>>;
  /** Where the next MapIterationStarted links: the last event of the iteration that ended last. */
  readonly linkEventId: number;
  /** The last MapIteration{Succeeded,Failed} event: where MapStateSucceeded links. */
  readonly lastIterationEventId: number;
}

/**
 * A Distributed Map's Map Run, from MapRunStarted until it ends: child executions (which the engine
 * starts, one per input) run it, and a `MapRunEnded` trigger brings their outcome back.
 */
export interface MapRunProgress extends NonNullable<EventFacts['mapRun']> {
  /** The MapRunStarted event's id: the key of this effect. */
  readonly startedEventId: number;
  readonly mapRunArn: string;
  readonly startDate: string;
}

/** The state a thread is in, from its …StateEntered event until it leaves. */
export interface ActiveState {
  readonly name: string;
  readonly type: StateType;
  /** The state's raw input, JSON text, as recorded in …StateEntered. */
  readonly input: string;
  readonly enteredEventId: number;
  readonly enteredTime: string;
  /** `$$.State.RetryCount`: retries so far in this state. */
  readonly retryCount: number;
  /** Attempts used per Retry entry (by index). */
  readonly retryAttempts: readonly number[];
  /** A Wait state's deadline. */
  readonly waitUntil?: string;
  /** A failed attempt waiting for its retry: the failure event's id is the timer's key. */
  readonly retry?: { readonly failedEventId: number; readonly dueAt: string };
  readonly task?: PendingTask;
  readonly parallel?: ParallelProgress;
  readonly map?: MapProgress;
  readonly mapRun?: MapRunProgress;
}

/** One line of execution: the main thread, a Parallel branch or a Map iteration. */
export interface ThreadState {
  readonly id: string;
  /** Branch or iteration index within its parent; 0 for the main thread. */
  readonly index: number;
  /** The last event this thread appended: the next event's `previousEventId`. */
  readonly lastEventId: number;
  readonly active?: ActiveState;
  /** The output of the state it last left, JSON text (input of the next one). */
  readonly lastOutput?: string;
  /**
   * The workflow variables this thread's own scope has assigned, folded from `assignedVariables`.
   * A branch or iteration also reads its ancestors' (see `visibleVariables`); its own die with it.
   */
  readonly variables?: Readonly<Record<string, JsonValue>>;
}

/**
 * Where RedriveExecution re-enters an execution that ended unsuccessfully: the main thread's state,
 * its input, the outputs its Parallel branches or Map iterations had produced (not run again) and
 * the main thread's variables.
 */
export interface RedrivePoint {
  readonly state: string;
  readonly input: string;
  readonly outputs?: Readonly<Record<number, string>>;
  readonly variables?: Readonly<Record<string, JsonValue>>;
}

/** A RedriveExecution `clientToken` that redrove the execution, and when (its idempotency window). */
export interface RedriveToken {
  readonly clientToken: string;
  readonly redriveDate: string;
}

/** Everything known about one execution after some prefix of its history. */
export interface ExecutionState {
  readonly status: ExecutionStatus | 'NOT_STARTED';
  readonly identity?: ExecutionIdentity;
  readonly input?: string;
  readonly roleArn?: string;
  readonly startDate?: string;
  readonly stopDate?: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  /** The execution's own TimeoutSeconds deadline. */
  readonly timeoutAt?: string;
  readonly lastEventId: number;
  /** How often the execution was redriven (ExecutionRedriven events); absent before the first. */
  readonly redriveCount?: number;
  /** When it was last redriven. */
  readonly redriveDate?: string;
  /** Present once it ended FAILED, ABORTED or TIMED_OUT with a state to re-enter. */
  readonly redrivePoint?: RedrivePoint;
  /** The `clientToken`s of the last redrives (newest last, at most ten, as AWS remembers them). */
  readonly redriveTokens?: readonly RedriveToken[];
  /** Live threads by id (ended child threads are removed once their parent has taken their outcome). */
  readonly threads: Readonly<Record<string, ThreadState>>;
}

/** The state before the first event. */
export const initialExecutionState: ExecutionState = Object.freeze({
  status: 'NOT_STARTED',
  lastEventId: 0,
  threads: Object.freeze({}),
});

/** The parent of a child thread id (`a/3.1` → `a`), or undefined for the main thread. */
export function parentThreadId(threadId: string): string | undefined {
  if (threadId === MAIN_THREAD) return undefined;
  const slash = threadId.lastIndexOf('/');
  return threadId.slice(0, slash);
}

/** The id of a child thread of `parentId` started by event `startedEventId`. */
export function childThreadId(parentId: string, startedEventId: number, index: number): string {
  return `${parentId}/${startedEventId}.${index}`;
}

/** The branch or iteration index encoded in a child thread id. */
export function threadIndex(threadId: string): number {
  if (threadId === MAIN_THREAD) return 0;
  const dot = threadId.lastIndexOf('.');
  return Number(threadId.slice(dot + 1));
}

/**
 * The variables a thread reads: the main thread's, then each enclosing branch's or iteration's, then
 * its own (an inner assignment shadows an outer one without changing it). Pure.
 */
export function visibleVariables(state: ExecutionState, threadId: string): Readonly<Record<string, JsonValue>> {
  const own = state.threads[threadId]?.variables ?? {};
  const parentId = parentThreadId(threadId);
  return parentId === undefined ? own : { ...visibleVariables(state, parentId), ...own };
}

/** True once the execution has ended: it accepts no trigger any more. */
export function isTerminal(state: ExecutionState): boolean {
  return state.status !== 'RUNNING' && state.status !== 'NOT_STARTED';
}

/**
 * The state with the thread's active state having already made `retryCount` retries with each of
 * its retriers (TestState's `retrierRetryCount`); the state itself when no count is given. Pure.
 */
export function withRetryAttempts(
  state: ExecutionState,
  threadId: string,
  retryCount: number | undefined,
): ExecutionState {
  const thread = state.threads[threadId];
  const active = thread?.active;
  if (retryCount === undefined || thread === undefined || active === undefined) return state;
  // One count per retrier: a state has at most as many retriers as its Retry field lists.
  const retryAttempts = new Array<number>(Math.max(active.retryAttempts.length, 100)).fill(retryCount);
  return {
    ...state,
    threads: { ...state.threads, [threadId]: { ...thread, active: { ...active, retryAttempts, retryCount } } },
  };
}
