export { isJsonObject, jsonTypeName, setMember, type JsonObject, type JsonValue } from './json.js';
export { describeStateFailure, type DataContext, type EvaluatedState } from './data-context.js';
export { jsonEquals } from './json-equals.js';
export { isJsonArray } from './is-json-array.js';
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
} from './json-path.js';
export { queryJsonPath } from './query-json-path.js';
export { readPath, readRequiredPath, type PathLookup } from './paths.js';
export { applyInputPath, applyOutputPath, selectPath } from './input-output-paths.js';
export { applyResultPath } from './result-path.js';
export { resolvePayloadTemplate, type PayloadTemplateField } from './payload-template.js';
export { createContextObject, type ContextObjectParts } from './context-object.js';
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
export { compareInstants, isTimestamp, parseTimestamp, type PreciseInstant } from './timestamp.js';
export { TimestampFormatter } from './format-timestamp.js';
export { createTextParsers, type TextParsers } from './text-memo.js';
export {
  JsonataRuntime,
  QueryEvaluationFailure,
  containsExpression,
  createJsonataRuntime,
  evaluateJsonata,
  unexpectedResultType,
  type JsonataEnv,
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
export { assertNever } from './assert-never.js';
