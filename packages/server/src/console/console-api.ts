import {
  exportExecutionLines,
  HistoryIndex,
  replayHistory,
  validateDefinition,
  verifyChain,
  type ChainVerification,
  type Divergence,
  type ExecutionSnapshot,
  type ExecutionSummary,
  type RecordedEvent,
  type DefinitionProblem,
  type Store,
} from '@statefold/core';

/** An execution as the console's execution page opens it: its record, its definition and every event. */
export interface ConsoleExecution {
  readonly execution: ExecutionSummary;
  /** The definition the execution ran (the revision it started on). */
  readonly definition?: string;
  readonly events: readonly RecordedEvent[];
}

/** What a what-if replay against an edited definition found. */
export type WhatIfOutcome =
  /** The edited definition is not valid: its problems, each with its JSON Pointer location where it has one. */
  | { readonly kind: 'invalid'; readonly problems: readonly DefinitionProblem[] }
  | {
      readonly kind: 'replayed';
      readonly matchedEvents: number;
      readonly recordedEvents: number;
      readonly divergence?: Divergence;
    };

/** Raised for a request the console API cannot answer: an unknown execution, a bad event id. */
export class ConsoleRequestError extends Error {
  constructor(
    readonly status: 400 | 404,
    /** The AWS error name the answer carries as `__type`. */
    readonly code: 'ValidationException' | 'ExecutionDoesNotExist',
    message: string,
  ) {
    super(message);
    this.name = 'ConsoleRequestError';
  }
}

// The state at an event is computed from an index of checkpoints over the history; the execution
// page asks for many events of one execution, so the last few indexes are kept.
const CACHED_INDEXES = 8;

/**
 * The read-only views the console needs beyond the Step Functions API: a whole history at once,
 * the state at any event, a what-if replay, the audit chain and an export. Everything is computed
 * from the store's events, as the CLI's `inspect`, `replay`, `verify` and `export` do.
 */
export class ConsoleApi {
  readonly #store: Store;
  readonly #indexes = new Map<string, HistoryIndex>();

  constructor(store: Store) {
    this.#store = store;
  }

  /**
   * The execution, its definition and its events; with `afterEventId`, only the events after that
   * one (a page following a running execution asks for what is new).
   */
  async execution(executionArn: string, afterEventId = 0): Promise<ConsoleExecution> {
    const execution = await this.#summary(executionArn);
    const revision = await this.#store.getStateMachineRevision(
      execution.stateMachineArn,
      execution.stateMachineRevisionId,
    );
    const events = await this.#store.readEvents(executionArn, afterEventId > 0 ? { after: afterEventId } : undefined);
    return { execution, ...(revision !== undefined ? { definition: revision.definition } : {}), events };
  }

  async stateAt(executionArn: string, eventId: number): Promise<ExecutionSnapshot> {
    const execution = await this.#summary(executionArn);
    if (!Number.isInteger(eventId) || eventId < 0 || eventId > execution.lastEventId) {
      throw new ConsoleRequestError(
        400,
        'ValidationException',
        `Event ${eventId} is not in the execution (its events are 1 to ${execution.lastEventId}).`,
      );
    }
    const key = `${executionArn}#${execution.lastEventId}`;
    let index = this.#indexes.get(key);
    if (index === undefined) {
      index = new HistoryIndex(await this.#store.readEvents(executionArn));
      this.#indexes.set(key, index);
      if (this.#indexes.size > CACHED_INDEXES) this.#indexes.delete(this.#indexes.keys().next().value as string);
    }
    return index.stateAt(eventId);
  }

  async whatIf(executionArn: string, definition: string): Promise<WhatIfOutcome> {
    await this.#summary(executionArn);
    const validation = validateDefinition(definition);
    if (validation.kind === 'invalid') return { kind: 'invalid', problems: validation.problems };
    const report = replayHistory(validation.model, await this.#store.readEvents(executionArn));
    return {
      kind: 'replayed',
      matchedEvents: report.matchedEvents,
      recordedEvents: report.recordedEvents,
      ...(report.divergence !== undefined ? { divergence: report.divergence } : {}),
    };
  }

  async verify(executionArn: string): Promise<ChainVerification> {
    const execution = await this.#summary(executionArn);
    const read = this.#store.readStoredEvents?.bind(this.#store);
    if (read === undefined)
      throw new ConsoleRequestError(400, 'ValidationException', 'This store keeps no audit hashes.');
    return verifyChain(executionArn, await read(executionArn), execution.lastEventId);
  }

  /** The execution as JSON Lines, as `statefold export` writes it. */
  async exportLines(executionArn: string): Promise<string> {
    const execution = await this.#summary(executionArn);
    const read = this.#store.readStoredEvents?.bind(this.#store);
    if (read === undefined)
      throw new ConsoleRequestError(400, 'ValidationException', 'This store keeps no audit hashes.');
    const revision = await this.#store.getStateMachineRevision(
      execution.stateMachineArn,
      execution.stateMachineRevisionId,
    );
    return `${exportExecutionLines(execution, revision, await read(executionArn)).join('\n')}\n`;
  }

  async #summary(executionArn: string): Promise<ExecutionSummary> {
    const execution = await this.#store.getExecution(executionArn);
    if (execution === undefined)
      throw new ConsoleRequestError(404, 'ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }
}
