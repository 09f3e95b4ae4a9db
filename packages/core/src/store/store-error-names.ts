import type { InvalidStoreCursor, LeaseLost } from './store-errors.js';
import type { AppendConflict, ExecutionAlreadyStored, RecordAlreadyStored } from './store.js';

/** The Store port errors callers act on, by their `name`. */
export interface StorePortErrors {
  readonly AppendConflict: AppendConflict;
  readonly ExecutionAlreadyStored: ExecutionAlreadyStored;
  readonly InvalidStoreCursor: InvalidStoreCursor;
  readonly LeaseLost: LeaseLost;
  readonly RecordAlreadyStored: RecordAlreadyStored;
}

/**
 * True when `error` is the Store port error called `name`. Matched by name rather than
 * `instanceof`: a store package may load its own copy of core (its dist while the service runs
 * from source, or two installed versions), and its error classes are then not this core's.
 */
export function isStoreError<N extends keyof StorePortErrors>(error: unknown, name: N): error is StorePortErrors[N] {
  return error instanceof Error && error.name === name;
}
