import { parseIntrinsic, type IntrinsicCall } from './intrinsics/parse-intrinsic.js';
import { parseJsonPath, type JsonPath } from './json-path.js';

/**
 * Remembers what a pure parse gave for each text, so that a path or intrinsic call in a state
 * that runs a million times is parsed once, not on every run. Bounded: past `limit` distinct
 * texts (definitions made on the fly, say) it starts afresh. Only results are remembered — a
 * text that fails to parse fails again, with the same error, each time. Callers must treat the
 * results as immutable: they are shared.
 */
export function memoizeText<T>(parse: (text: string) => T, limit = 10_000): (text: string) => T {
  let cache = new Map<string, T>();
  return (text) => {
    const known = cache.get(text);
    if (known !== undefined) return known;
    const parsed = parse(text);
    if (cache.size >= limit) cache = new Map();
    cache.set(text, parsed);
    return parsed;
  };
}

/**
 * The JSONPath and intrinsic-call parsers, each remembering what it gave per text (`memoizeText`).
 * Their owner (the engine's decide runtime) keeps them as long as it lives and hands them to every
 * data context, so that the memory outlives one decide.
 */
export interface TextParsers {
  readonly jsonPath: (text: string) => JsonPath;
  readonly intrinsic: (text: string) => IntrinsicCall;
}

/** New memoizing parsers, remembering nothing yet. */
export function createTextParsers(): TextParsers {
  return { jsonPath: memoizeText(parseJsonPath), intrinsic: memoizeText(parseIntrinsic) };
}
