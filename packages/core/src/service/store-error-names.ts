import type { ExecutionAlreadyStored, InvalidStoreCursor, RecordAlreadyStored } from '../store/index.js';

/** The Store port errors the service translates, by their `name`. */
export interface TranslatedStoreErrors {
  readonly ExecutionAlreadyStored: ExecutionAlreadyStored;
  readonly InvalidStoreCursor: InvalidStoreCursor;
  readonly RecordAlreadyStored: RecordAlreadyStored;
}

/**
 * True when `error` is the Store port error called `name`. Matched by name rather than
 * `instanceof`: a store package may load its own copy of core (its dist while the service runs
 * from source, or two installed versions), and its error classes are then not this core's.
 */
export function isStoreError<N extends keyof TranslatedStoreErrors>(
  error: unknown,
  name: N,
): error is TranslatedStoreErrors[N] {
  return error instanceof Error && error.name === name;
}
