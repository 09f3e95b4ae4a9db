import type { Trigger } from '../execution/index.js';

/**
 * What the engine's `onError` is told when it could not run an execution on (decide failed on a
 * trigger, or a stored execution could not be loaded). The engine has then failed the execution
 * with `States.Runtime` when it could; `cause` is the underlying error.
 */
export class ExecutionRunFailed extends Error {
  constructor(
    readonly executionArn: string,
    readonly reason: string,
    options: ErrorOptions,
  ) {
    super(`statefold could not run execution ${executionArn}: ${reason}`, options);
    this.name = 'ExecutionRunFailed';
  }
}

/** One line for an error: its name and message, never a stack. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Where an engine reports failures of background work when its owner gave no `onError`: stderr, one line each. */
export function logEngineError(error: unknown): void {
  process.stderr.write(`${describeError(error)}\n`);
}

/** The trigger that fails an execution the engine cannot run on, with `States.Runtime` and why. */
export function runtimeFailure(reason: string): Trigger {
  return { kind: 'RuntimeFailure', cause: `The execution could not continue because of an internal error: ${reason}` };
}
