import { parseBoundedJson } from '../json/bounded-json.js';
import type { JsonValue } from '../json/json.js';
import {
  expectArgumentCount,
  expectBoolean,
  expectObject,
  expectString,
  intrinsicFailure,
  type IntrinsicImplementation,
} from './intrinsic-arguments.js';

// JSON's own whitespace: an argument of nothing else holds no value.
const JSON_BLANK = /^[ \t\n\r]*$/;

/**
 * `States.StringToJson(string)`: the string parsed as JSON. An empty or blank string gives `null`,
 * as AWS's recorded executions show (intrinsic_functions/test_json_manipulation).
 */
export const statesStringToJson: IntrinsicImplementation = (invocation) => {
  expectArgumentCount(invocation, 1);
  const text = expectString(invocation, 0);
  if (JSON_BLANK.test(text)) return null;
  const parsed = parseBoundedJson(text);
  if (parsed.ok) return parsed.value;
  // JSON.parse's own message names JavaScript internals, not the user's input; a bound's is the user's.
  throw intrinsicFailure(invocation, parsed.reason === 'syntax' ? `'${text}' is not valid JSON` : parsed.problem);
};

/** `States.JsonToString(value)`: the value serialised as compact JSON. */
export const statesJsonToString: IntrinsicImplementation = (invocation) => {
  const [value = null] = expectArgumentCount(invocation, 1);
  return JSON.stringify(value);
};

/**
 * `States.JsonMerge(left, right, false)`: a shallow merge where `right`'s keys win. AWS supports only
 * the shallow mode, so the third argument must be `false`.
 */
export const statesJsonMerge: IntrinsicImplementation = (invocation) => {
  expectArgumentCount(invocation, 3);
  const left = expectObject(invocation, 0);
  const right = expectObject(invocation, 1);
  if (expectBoolean(invocation, 2))
    throw intrinsicFailure(invocation, 'deep merging is not supported; the third argument must be false');
  return { ...left, ...right };
};
