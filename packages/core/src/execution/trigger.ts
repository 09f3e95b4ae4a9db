import type { ExecutionIdentity } from './execution-state.js';

/**
 * One thing that happened to an execution, which `decide` turns into new events. Task triggers
 * name the effect by the id of the event that scheduled it, so a late or repeated trigger for an
 * effect that is no longer pending is recognised and ignored.
 */
export type Trigger =
  | {
      readonly kind: 'Start';
      readonly identity: ExecutionIdentity;
      /** JSON text. */
      readonly input: string;
      readonly roleArn: string;
      readonly stateMachineVersionArn?: string;
      readonly stateMachineAliasArn?: string;
      /**
       * Set by the engine when decide itself failed on this start: the execution starts and fails
       * at once with `States.Runtime` and this cause, so StartExecution still answers with it.
       */
      readonly runtimeFailure?: string;
    }
  /** A Wait's deadline or a retry's delay has passed; `key` is the entered / failed event's id. */
  | { readonly kind: 'TimerFired'; readonly key: number }
  /** An activity worker took the task (GetActivityTask). */
  | { readonly kind: 'TaskStarted'; readonly scheduledEventId: number; readonly workerName?: string }
  /** A `.waitForTaskToken` or `.sync` call returned; the task now waits for its token or its job's end. */
  | { readonly kind: 'TaskSubmitted'; readonly scheduledEventId: number; readonly output: string }
  /** The task returned a result (JSON text). */
  | { readonly kind: 'TaskSucceeded'; readonly scheduledEventId: number; readonly output: string }
  /**
   * The task failed. `stage` says where: `start` when the integration could not be invoked at all
   * (LambdaFunctionStartFailed / TaskStartFailed), `submit` when a callback's call failed.
   */
  | {
      readonly kind: 'TaskFailed';
      readonly scheduledEventId: number;
      readonly error: string;
      readonly cause: string;
      readonly stage?: 'start' | 'submit';
    }
  /** The task's TimeoutSeconds or HeartbeatSeconds ran out. */
  | { readonly kind: 'TaskTimedOut'; readonly scheduledEventId: number; readonly heartbeat: boolean }
  /**
   * A Distributed Map's Map Run ended: every child succeeded (their outputs, JSON text, in input
   * order), or the failures passed what it tolerates, or it could not run (`error`/`cause`).
   */
  | {
      readonly kind: 'MapRunEnded';
      readonly mapRunStartedEventId: number;
      readonly outcome: { readonly outputs: readonly string[] } | { readonly error: string; readonly cause: string };
    }
  /** StopExecution. */
  | { readonly kind: 'StopRequested'; readonly error?: string; readonly cause?: string }
  /** The execution's own TimeoutSeconds ran out. */
  | { readonly kind: 'ExecutionTimedOut' }
  /**
   * The engine could not run the execution on (decide itself failed on it): it fails with
   * `States.Runtime` and `cause`, as AWS fails an execution it cannot continue.
   */
  | { readonly kind: 'RuntimeFailure'; readonly cause: string }
  /** RedriveExecution: re-enter the state an unsuccessful execution ended in. */
  | { readonly kind: 'Redrive'; readonly clientToken?: string };

/**
 * How the cause of a `RuntimeFailure` (or a start's `runtimeFailure`) begins; the reason follows.
 * Replay reads it back to tell the engine's failure of a start from any other.
 */
export const INTERNAL_ERROR_CAUSE = 'The execution could not continue because of an internal error: ';

/** The kinds of trigger. */
export type TriggerKind = Trigger['kind'];
