export {
  containsExpression,
  createJsonataRuntime,
  evaluateJsonata,
  resultOutOfRange,
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
  type JsonataFunction,
  type JsonataLimits,
  type JsonataRequest,
} from './jsonata-runtime.js';
export {
  JsonataEvaluations,
  JsonataPending,
  type JsonataCall,
  type JsonataFailureDetails,
  type JsonataOutcome,
} from './jsonata-evaluations.js';
