import type { Observable } from 'rxjs';
import type { StateMachineModel } from '../asl/index.js';
import type { RecordedEvent } from '../history/index.js';
import type { ExecutionSummary, MapRunRecord, StateMachineRecord, StateMachineRevision } from '../store/index.js';

/** Everything the engine needs to start one execution; the service has validated it all. */
export interface StartExecutionRequest {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachine: StateMachineRecord;
  readonly revision: StateMachineRevision;
  readonly model: StateMachineModel;
  /** JSON text, already validated. */
  readonly input: string;
  readonly traceHeader?: string;
  /** The version started (directly, or chosen by `stateMachineAliasArn`'s routing). */
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
  /** The mock configuration's test case whose mocked responses answer its Task states (`stateMachineArn#TestCase`). */
  readonly testCase?: string;
  /** A Distributed Map's child execution: the Map Run that starts it. */
  readonly mapRunArn?: string;
}

/** A task handed to an activity worker by GetActivityTask. */
export interface ActivityTask {
  readonly taskToken: string;
  /** JSON text. */
  readonly input: string;
}

/** An appended event (with its facts) and the execution it belongs to. */
export interface AppendedEvent extends RecordedEvent {
  readonly executionArn: string;
}

/**
 * What the service asks of the engine: the operations that change executions. Reads
 * (DescribeExecution, GetExecutionHistory, ListExecutions) go to the store directly.
 */
export interface ExecutionEngine {
  /** Appends ExecutionStarted and runs the first macrostep. Rejects with `ExecutionAlreadyStored` on a taken ARN. */
  startExecution(request: StartExecutionRequest): Promise<ExecutionSummary>;
  /** Aborts a RUNNING execution (ABORTED, pending work aborted); throws `ExecutionDoesNotExist`. Returns the summary after. */
  stopExecution(
    executionArn: string,
    details: { readonly error?: string; readonly cause?: string },
  ): Promise<ExecutionSummary>;
  /**
   * RedriveExecution: re-enters the state an unsuccessful execution ended in (ExecutionRedriven).
   * A `clientToken` that redrove it within the last 15 minutes (one of its last ten) answers that
   * redrive again instead. Throws `ExecutionDoesNotExist`, or `ExecutionNotRedrivable` with AWS's
   * reason. Returns the summary after.
   */
  redriveExecution(executionArn: string, clientToken?: string): Promise<ExecutionSummary>;
  /** Completes the task that issued `taskToken`; throws `InvalidToken`, `TaskDoesNotExist` or `TaskTimedOut` as AWS does. */
  sendTaskSuccess(taskToken: string, output: string): Promise<void>;
  sendTaskFailure(taskToken: string, details: { readonly error?: string; readonly cause?: string }): Promise<void>;
  sendTaskHeartbeat(taskToken: string): Promise<void>;
  /**
   * Waits up to `waitMs` for a task of the activity, hands it to this worker (ActivityStarted
   * records `workerName`) and returns it; `undefined` when none came or `signal` aborted.
   */
  getActivityTask(
    activityArn: string,
    options: { readonly workerName?: string; readonly waitMs: number; readonly signal?: AbortSignal },
  ): Promise<ActivityTask | undefined>;
  /** UpdateMapRun stored new limits: a Map Run this engine drives applies them from now on. */
  updateMapRun(record: MapRunRecord): void;
  /** Every appended event, as it is appended. */
  readonly events$: Observable<AppendedEvent>;
  /** One execution's events (with their facts) as they are appended (live tails, tests awaiting an outcome). */
  executionEvents$(executionArn: string): Observable<RecordedEvent>;
  /**
   * Resumes every RUNNING execution in the store: re-arms timers, re-offers activity tasks,
   * re-invokes tasks. Resolves with how many executions it resumed (for the server's start line).
   */
  recover(): Promise<number>;
  /** Cancels timers and in-flight work; waiting polls return `undefined`. Does not close the store. */
  close(): Promise<void>;
}
