// Types of workload.mjs (plain JavaScript, so that the child process runs it with node as is).
import type { JsonValue } from '@statefold/core';

export declare const ACCOUNT: string;
export declare const REGION: string;
export declare const ROLE_ARN: string;
export declare const ACTIVITY_NAME: string;
export declare const ACTIVITY_ARN: string;
/** The state machines by workload kind. */
export declare const DEFINITIONS: Readonly<Record<string, JsonValue>>;
/** Executions per workload kind. */
export declare const EXECUTIONS_PER_KIND: number;

export interface PlannedExecution {
  readonly name: string;
  readonly kind: string;
  /** JSON text. */
  readonly input: string;
}

/** Every execution of the workload: its name, kind (= state machine) and input. */
export declare function plannedExecutions(): PlannedExecution[];
/** The state machine ARN of a workload kind. */
export declare function stateMachineArnOf(kind: string): string;
/** The in-process Lambda functions by name. */
export declare function lambdaFunctions(
  sendToken: (token: string, n: number) => Promise<void>,
): Readonly<Record<string, (payload: JsonValue) => unknown>>;

export type ActivityAnswer =
  | { readonly ok: true; readonly output: string }
  | { readonly ok: false; readonly error: string; readonly cause: string };
/** What the activity worker answers for a task's input (JSON text). */
export declare function activityAnswer(input: string): ActivityAnswer;
/** What the callback completer sends with SendTaskSuccess for item `n`. */
export declare function callbackAnswer(n: number): string;
