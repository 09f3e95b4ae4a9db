import type { JsonValue } from '../data/index.js';
import type { FieldReader } from './field-reader.js';
import type { QueryLanguage, StateScope } from './model.js';

/**
 * Reads a nested scope (a Parallel branch, a Map processor) in the enclosing state's language.
 * `isItemProcessor` allows the `ProcessorConfig` field, which the caller reads.
 */
export type ScopeReader = (
  raw: JsonValue,
  location: string,
  language: QueryLanguage,
  isItemProcessor: boolean,
) => StateScope | undefined;

/** What a state's reader is given: its fields, its effective language, and the scope reader. */
export interface StateContext {
  readonly reader: FieldReader;
  readonly language: QueryLanguage;
  readonly readScope: ScopeReader;
}
