export { isJsonObject, jsonTypeName, setMember, type JsonObject, type JsonValue } from './json/json.js';
export { jsonEquals } from './json/json-equals.js';
export {
  MAX_JSON_DEPTH,
  jsonBoundsProblem,
  jsonNestsDeeperThan,
  nestingProblem,
  parseBoundedJson,
  type BoundedJson,
} from './json/bounded-json.js';
export { isJsonArray } from './json/is-json-array.js';
export { describeStateFailure, type DataContext, type EvaluatedState } from './context/data-context.js';
export { createContextObject, type ContextObjectParts } from './context/context-object.js';
export {
  JsonPathSyntaxError,
  isJsonPath,
  isReferencePath,
  normalizeJsonPath,
  parseJsonPath,
  type JsonPath,
  type JsonPathRoot,
  type JsonPathSegment,
  PATH_FUNCTIONS,
  type PathFunctionName,
} from './jsonpath/json-path.js';
export { queryJsonPath } from './jsonpath/query-json-path.js';
export { readPath, readRequiredPath, type PathLookup } from './jsonpath/read-path.js';
export { applyInputPath, applyOutputPath, selectPath } from './payload/input-output-paths.js';
export { applyResultPath } from './payload/result-path.js';
export { parsePathFloat, parsePathInteger, parsePathLong, pathValueText } from './payload/numeric-path-value.js';
export { readFieldPath, resolvePayloadTemplate, type PayloadTemplateField } from './payload/payload-template.js';
export { evaluateIntrinsic, evaluateIntrinsicCall } from './intrinsics/evaluate-intrinsic.js';
export {
  INTRINSIC_FUNCTION_NAMES,
  IntrinsicSyntaxError,
  MAX_INTRINSIC_NESTING,
  looksLikeIntrinsic,
  parseIntrinsic,
  type IntrinsicArgument,
  type IntrinsicCall,
  type IntrinsicFunctionName,
} from './intrinsics/parse-intrinsic.js';
export { TimestampFormatter } from './time/format-timestamp.js';
export { createTextParsers, type TextParsers } from './context/text-parsers.js';
export {
  JsonataEvaluations,
  JsonataPending,
  JsonataRuntime,
  QueryEvaluationFailure,
  containsExpression,
  createJsonataRuntime,
  evaluateJsonata,
  resultOutOfRange,
  unexpectedResultType,
  type JsonataEnv,
  type JsonataLimits,
  type JsonataStates,
} from './jsonata/index.js';
export {
  MAX_ASSIGN_BYTES,
  MAX_TOTAL_VARIABLE_BYTES,
  MAX_VARIABLE_BYTES,
  evaluateAssign,
  serializeAssignedVariables,
  type AssignSource,
} from './variables/index.js';
export { compareInstants, isTimestamp, parseTimestamp, type PreciseInstant } from './time/timestamp.js';
export { assertNever } from './util/assert-never.js';
export { deepFreeze } from './util/deep-freeze.js';
