import { INTERNAL_ERROR_CAUSE, type Trigger } from '../execution/index.js';
import { NO_FACTS, type HistoryEvent } from '../history/index.js';
import type { Store } from '../store/index.js';

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

/** The trigger that fails an execution the engine could not run on, with `reason` in its cause. */
export function runtimeFailure(reason: string): Extract<Trigger, { kind: 'RuntimeFailure' }> {
  return { kind: 'RuntimeFailure', cause: `${INTERNAL_ERROR_CAUSE}${reason}` };
}

/**
 * Ends a RUNNING execution whose history cannot be folded: an `ExecutionFailed` (`States.Runtime`,
 * `cause`) appended after its last event, read from the summary row alone. Effectful (one append).
 */
export async function appendRuntimeFailure(
  store: Store,
  executionArn: string,
  cause: string,
  now: Date,
): Promise<void> {
  const summary = await store.getExecution(executionArn);
  if (summary === undefined || summary.status !== 'RUNNING') return;
  const timestamp = now.toISOString();
  const id = summary.lastEventId + 1;
  const event: HistoryEvent = {
    id,
    previousEventId: summary.lastEventId,
    timestamp,
    type: 'ExecutionFailed',
    executionFailedEventDetails: { error: 'States.Runtime', cause },
  };
  await store.append(executionArn, summary.lastEventId, [{ event, facts: NO_FACTS }], {
    ...summary,
    status: 'FAILED',
    stopDate: timestamp,
    error: 'States.Runtime',
    cause,
    lastEventId: id,
  });
}
