import { parseIntrinsic, type IntrinsicCall } from '../intrinsics/parse-intrinsic.js';
import { parseJsonPath, type JsonPath } from '../jsonpath/json-path.js';
import { memoizeText } from '../util/text-memo.js';

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
