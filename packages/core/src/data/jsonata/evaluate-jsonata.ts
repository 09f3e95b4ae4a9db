import { describeStateFailure, type DataContext } from '../context/data-context.js';
import { jsonTypeName, type JsonObject, type JsonValue } from '../json/json.js';
import { AWS_FUNCTION_SIGNATURES, createAwsFunctions } from './aws-functions.js';
import { JsonataRuntime, JsonataTimeout, type JsonataFailureDetails } from './jsonata-runtime.js';
import { QueryEvaluationFailure } from './query-evaluation-failure.js';

/** What `$states` holds besides the context object: the state's input, and its result or error output when known. */
export interface JsonataStates {
  readonly input: JsonValue;
  readonly result?: JsonValue;
  readonly errorOutput?: JsonValue;
}

// One worker per process, started on first use: compiling and evaluating JSONata is the same
// work for every definition, and the worker's cache is keyed by the expression text.
const runtime = new JsonataRuntime(AWS_FUNCTION_SIGNATURES);

/**
 * Resolves a JSONata-state field: every `{% … %}` string in `template`, at any depth, is replaced by
 * the value of its expression; everything else is kept as written. Expressions read `$states`
 * (`input`, `context`, `result`, `errorOutput`) and the workflow variables of `dc`; `$now()` and
 * `$millis()` give `now`, and `$random()`/`$uuid()` draw from `dc`. Pure apart from that randomness.
 * Throws `QueryEvaluationFailure` (`States.QueryEvaluationError`, AWS's causes) when an expression
 * fails or returns nothing.
 */
export function evaluateJsonata(
  template: JsonValue,
  field: string,
  states: JsonataStates,
  dc: DataContext,
  now: string,
): JsonValue {
  if (!containsExpression(template)) return template;
  const statesValue: JsonObject = {
    input: states.input,
    context: dc.context,
    ...(states.result !== undefined ? { result: states.result } : {}),
    ...(states.errorOutput !== undefined ? { errorOutput: states.errorOutput } : {}),
  };
  let outcome;
  try {
    outcome = runtime.evaluate({
      template,
      field,
      states: statesValue,
      variables: dc.variables,
      nowMillis: Date.parse(now),
      functions: createAwsFunctions({ random: dc.random, uuid: dc.uuid }),
    });
  } catch (error) {
    if (!(error instanceof JsonataTimeout)) throw error;
    throw new QueryEvaluationFailure(
      describeStateFailure(
        dc,
        `The JSONata expression specified for the field '${field}' did not finish evaluating in time.`,
      ),
      field,
    );
  }
  if (outcome.ok) return outcome.value;
  throw new QueryEvaluationFailure(
    describeStateFailure(dc, describeJsonataFailure(outcome.failure)),
    outcome.failure.field,
  );
}

/** AWS's sentence for a failed expression. */
function describeJsonataFailure(failure: JsonataFailureDetails): string {
  const subject = `The JSONata expression '${failure.expression}' specified for the field '${failure.field}'`;
  if (failure.kind === 'undefined') return `${subject} returned nothing (undefined).`;
  const message = failure.message ?? '';
  return failure.code !== undefined
    ? `${subject} threw an error during evaluation. ${failure.code}: ${message}`
    : `${subject} threw an error during evaluation: ${message}`;
}

/** True when `value` holds a `{% … %}` string anywhere. */
export function containsExpression(value: JsonValue): boolean {
  if (typeof value === 'string') return value.length >= 4 && value.startsWith('{%') && value.endsWith('%}');
  if (Array.isArray(value)) return value.some(containsExpression);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsExpression);
  return false;
}

/**
 * Fails as AWS does when a field's expression returned a value of the wrong type:
 * `The JSONata expression '…' specified for the field '…' returned an unexpected result type.
 * Expected 'array', but was 'object' for value: {…}`. `expression` is the field's value as written.
 */
export function unexpectedResultType(
  dc: DataContext,
  field: string,
  written: JsonValue,
  expected: string,
  value: JsonValue,
): QueryEvaluationFailure {
  const expression =
    typeof written === 'string' && containsExpression(written) ? written.slice(2, -2).trim() : JSON.stringify(written);
  return new QueryEvaluationFailure(
    describeStateFailure(
      dc,
      `The JSONata expression '${expression}' specified for the field '${field}' returned an unexpected result type. Expected '${expected}', but was '${jsonTypeName(value)}' for value: ${JSON.stringify(value)}`,
    ),
    field,
  );
}
