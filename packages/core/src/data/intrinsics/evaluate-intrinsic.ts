import { StatesFailure } from '../../errors/index.js';
import { assertNever } from '../util/assert-never.js';
import { describeStateFailure, type DataContext } from '../context/data-context.js';
import type { JsonValue } from '../json/json.js';
import { readRequiredPath } from '../jsonpath/read-path.js';
import {
  statesArray,
  statesArrayContains,
  statesArrayGetItem,
  statesArrayLength,
  statesArrayPartition,
  statesArrayRange,
  statesArrayUnique,
} from './array-functions.js';
import { statesBase64Decode, statesBase64Encode, statesHash } from './encoding-functions.js';
import type { IntrinsicImplementation, IntrinsicValue } from './intrinsic-arguments.js';
import { statesJsonMerge, statesJsonToString, statesStringToJson } from './json-functions.js';
import { statesMathAdd, statesMathRandom } from './math-functions.js';
import {
  IntrinsicSyntaxError,
  parseIntrinsic,
  type IntrinsicArgument,
  type IntrinsicCall,
  type IntrinsicFunctionName,
} from './parse-intrinsic.js';
import { statesFormat, statesStringSplit, statesUuid } from './string-functions.js';

// A total map: adding a name to INTRINSIC_FUNCTION_NAMES without an implementation is a compile error.
const IMPLEMENTATIONS: { readonly [Name in IntrinsicFunctionName]: IntrinsicImplementation } = {
  'States.Format': statesFormat,
  'States.StringToJson': statesStringToJson,
  'States.JsonToString': statesJsonToString,
  'States.Array': statesArray,
  'States.ArrayPartition': statesArrayPartition,
  'States.ArrayContains': statesArrayContains,
  'States.ArrayRange': statesArrayRange,
  'States.ArrayGetItem': statesArrayGetItem,
  'States.ArrayLength': statesArrayLength,
  'States.ArrayUnique': statesArrayUnique,
  'States.Base64Encode': statesBase64Encode,
  'States.Base64Decode': statesBase64Decode,
  'States.Hash': statesHash,
  'States.JsonMerge': statesJsonMerge,
  'States.MathRandom': statesMathRandom,
  'States.MathAdd': statesMathAdd,
  'States.StringSplit': statesStringSplit,
  'States.UUID': statesUuid,
};

function evaluateArgument(argument: IntrinsicArgument, input: JsonValue, dataContext: DataContext): IntrinsicValue {
  switch (argument.kind) {
    case 'string':
      return { value: argument.value, raw: argument.raw };
    case 'number':
    case 'boolean':
      return { value: argument.value };
    case 'null':
      return { value: null };
    case 'path':
      return { value: readRequiredPath(argument.path, input, dataContext) };
    case 'call':
      return { value: evaluateIntrinsicCall(argument.call, input, dataContext) };
    default:
      return assertNever(argument);
  }
}

/**
 * Evaluates a parsed intrinsic call against the state input and data context. Pure apart from the
 * injected `dataContext.random`/`dataContext.uuid`. Throws `StatesFailure`: `States.IntrinsicFailure` for a bad
 * argument, `States.Runtime` for a path argument that matches nothing.
 */
export function evaluateIntrinsicCall(call: IntrinsicCall, input: JsonValue, dataContext: DataContext): JsonValue {
  const args = call.arguments.map((argument) => evaluateArgument(argument, input, dataContext));
  return IMPLEMENTATIONS[call.name]({ name: call.name, args, dataContext });
}

/**
 * Parses and evaluates an intrinsic function call such as `States.Format('Hi {}', $.name)`.
 * Throws `StatesFailure` as `evaluateIntrinsicCall` does, and `States.IntrinsicFailure` for bad syntax.
 */
export function evaluateIntrinsic(expression: string, input: JsonValue, dataContext: DataContext): JsonValue {
  let call: IntrinsicCall;
  try {
    call = dataContext.parsers !== undefined ? dataContext.parsers.intrinsic(expression) : parseIntrinsic(expression);
  } catch (error) {
    if (error instanceof IntrinsicSyntaxError)
      throw new StatesFailure('States.IntrinsicFailure', describeStateFailure(dataContext, error.message));
    throw error;
  }
  return evaluateIntrinsicCall(call, input, dataContext);
}
