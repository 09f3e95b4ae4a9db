import { parseDefinition, type StateMachineModel } from '../asl/index.js';
import type { Store } from '../store/index.js';

/**
 * The parsed model of each state machine revision the engine runs: kept from StartExecution,
 * or read from the store and parsed once when an execution is loaded (recovery, another writer).
 */
export class RevisionModels {
  readonly #store: Store;
  readonly #models = new Map<string, StateMachineModel>();

  constructor(store: Store) {
    this.#store = store;
  }

  /** Remembers the model a StartExecution parsed, so loading its executions parses nothing. */
  remember(stateMachineArn: string, revisionId: string, model: StateMachineModel): void {
    this.#models.set(modelKey(stateMachineArn, revisionId), model);
  }

  /** The revision's model; throws when the store no longer has the revision. */
  async get(stateMachineArn: string, revisionId: string): Promise<StateMachineModel> {
    const key = modelKey(stateMachineArn, revisionId);
    const cached = this.#models.get(key);
    if (cached !== undefined) return cached;
    const revision = await this.#store.getStateMachineRevision(stateMachineArn, revisionId);
    if (revision === undefined) throw new Error(`The stored revision ${revisionId} of ${stateMachineArn} is missing`);
    const model = parseDefinition(revision.definition);
    this.#models.set(key, model);
    return model;
  }
}

function modelKey(stateMachineArn: string, revisionId: string): string {
  return `${stateMachineArn}#${revisionId}`;
}
