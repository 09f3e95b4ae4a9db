import { parseDefinition, type StateMachineModel } from '../asl/index.js';
import type { StateMachineRevision } from '../store/index.js';

/**
 * Parses each revision's definition once. Revisions are immutable, so a parsed model never goes
 * stale; the cache lives as long as its `StepFunctions` instance and holds at most `capacity` models.
 */
export class ModelCache {
  readonly #models = new Map<string, StateMachineModel>();

  constructor(private readonly capacity = 1000) {}

  /** The model of `revision`; throws `InvalidDefinition` if its definition no longer parses. */
  modelOf(revision: StateMachineRevision): StateMachineModel {
    const key = `${revision.stateMachineArn}#${revision.revisionId}`;
    const cached = this.#models.get(key);
    if (cached !== undefined) return cached;
    const model = parseDefinition(revision.definition);
    if (this.#models.size >= this.capacity) {
      const oldest = this.#models.keys().next();
      if (oldest.done !== true) this.#models.delete(oldest.value);
    }
    this.#models.set(key, model);
    return model;
  }
}
