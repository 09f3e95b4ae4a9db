export {
  containsExpression,
  createJsonataRuntime,
  evaluateJsonata,
  unexpectedResultType,
  type JsonataEnv,
  type JsonataStates,
} from './evaluate-jsonata.js';
export { QueryEvaluationFailure } from './query-evaluation-failure.js';
export {
  AWS_FUNCTION_SIGNATURES,
  MAX_RANGE_LENGTH,
  createAwsFunctions,
  hash,
  parse,
  partition,
  range,
  seededRandom,
} from './aws-functions.js';
export {
  JsonataFunctionError,
  JsonataRuntime,
  JsonataTimeout,
  type JsonataFailureDetails,
  type JsonataFunction,
  type JsonataOutcome,
  type JsonataRequest,
} from './jsonata-runtime.js';
