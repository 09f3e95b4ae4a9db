import { describeStateFailure, type DataContext } from '../context/data-context.js';
import { jsonTypeName, type JsonObject, type JsonValue } from '../json/json.js';
import { AWS_FUNCTION_SIGNATURES, createAwsFunctions } from './aws-functions.js';
import { StatesFailure } from '../../errors/index.js';
import type { JsonataEvaluations, JsonataFailureDetails } from './jsonata-evaluations.js';
import { JsonataRuntime, JsonataTimeout, type JsonataLimits } from './jsonata-runtime.js';
import { QueryEvaluationFailure } from './query-evaluation-failure.js';

/** What `$states` holds besides the context object: the state's input, and its result or error output when known. */
export interface JsonataStates {
  readonly input: JsonValue;
  readonly result?: JsonValue;
  readonly errorOutput?: JsonValue;
}

/** What a JSONata evaluation takes from its caller besides the data: the runtime that evaluates, and the time. */
export interface JsonataEnv {
  /** The owner's runtime (one per engine, see `createJsonataRuntime`): its worker is shared by every evaluation. */
  readonly runtime: JsonataRuntime;
  /** What `$now()` and `$millis()` give: the timestamp of the decide that evaluates. */
  readonly now: string;
  /** The answers of evaluations handed off by earlier runs of this decide (see `JsonataEvaluations`). */
  readonly evaluations?: JsonataEvaluations;
}

/**
 * A JSONata runtime with Step Functions' functions ($partition, $range, $hash, $random, $uuid,
 * $parse) registered. Its worker thread starts on the first evaluation and never keeps the process
 * alive; `close` stops it. One per engine: compiling and evaluating JSONata is the same work for
 * every definition, and the worker compiles each distinct expression text once.
 */
export function createJsonataRuntime(limits: JsonataLimits = {}): JsonataRuntime {
  return new JsonataRuntime(AWS_FUNCTION_SIGNATURES, limits);
}

/**
 * Resolves a JSONata-state field: every `{% … %}` string in `template`, at any depth, is replaced by
 * the value of its expression; everything else is kept as written. Expressions read `$states`
 * (`input`, `context`, `result`, `errorOutput`) and the workflow variables of `dataContext`; `$now()` and
 * `$millis()` give `env.now`, and `$random()`/`$uuid()` draw from `dataContext`. Pure apart from that
 * randomness (`env.runtime` evaluates on its worker thread and keeps nothing an answer depends on).
 * Throws `QueryEvaluationFailure` (`States.QueryEvaluationError`, AWS's causes) when an expression
 * fails, returns nothing or exceeds the runtime's time or memory bound, `States.DataLimitExceeded`
 * when its value exceeds the payload limit, and `JsonataPending` (not a failure) when the
 * evaluation was handed off.
 */
export function evaluateJsonata(
  template: JsonValue,
  field: string,
  states: JsonataStates,
  dataContext: DataContext,
  env: JsonataEnv,
): JsonValue {
  if (!containsExpression(template)) return template;
  const statesValue: JsonObject = {
    input: states.input,
    context: dataContext.context,
    ...(states.result !== undefined ? { result: states.result } : {}),
    ...(states.errorOutput !== undefined ? { errorOutput: states.errorOutput } : {}),
  };
  let outcome;
  try {
    outcome = env.runtime.evaluate(
      {
        template,
        field,
        states: statesValue,
        variables: dataContext.variables,
        nowMillis: Date.parse(env.now),
        functions: createAwsFunctions({ random: dataContext.random, uuid: dataContext.uuid }),
      },
      env.evaluations,
    );
  } catch (error) {
    if (!(error instanceof JsonataTimeout)) throw error;
    throw new QueryEvaluationFailure(
      describeStateFailure(
        dataContext,
        `The JSONata expression specified for the field '${field}' did not finish evaluating in time.`,
      ),
      field,
    );
  }
  if (outcome.ok) return outcome.value;
  const cause = describeStateFailure(dataContext, describeJsonataFailure(outcome.failure));
  if (outcome.failure.kind === 'too-large') throw new StatesFailure('States.DataLimitExceeded', cause);
  throw new QueryEvaluationFailure(cause, outcome.failure.field);
}

/** AWS's sentence for a failed expression (and ours, in AWS's manner, for the bounds). */
function describeJsonataFailure(failure: JsonataFailureDetails): string {
  const subject =
    failure.expression === ''
      ? `The JSONata expression specified for the field '${failure.field}'`
      : `The JSONata expression '${failure.expression}' specified for the field '${failure.field}'`;
  switch (failure.kind) {
    case 'undefined':
      return `${subject} returned nothing (undefined).`;
    case 'unsupported':
      return `${subject} returned an unsupported result type.`;
    case 'too-large':
      return `${subject} returned a result with a size of ${failure.bytes} bytes, exceeding the maximum number of bytes service limit.`;
    case 'timeout':
      return `${subject} did not finish evaluating within ${failure.timeoutMs} ms.`;
    case 'memory':
      return `${subject} exceeded the evaluation memory limit of ${failure.limitMb} MiB.`;
    case 'error': {
      const message = failure.message ?? '';
      return failure.code !== undefined
        ? `${subject} threw an error during evaluation. ${failure.code}: ${message}`
        : `${subject} threw an error during evaluation: ${message}`;
    }
  }
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
  dataContext: DataContext,
  field: string,
  written: JsonValue,
  expected: string,
  value: JsonValue,
): QueryEvaluationFailure {
  const expression = writtenExpression(written);
  return new QueryEvaluationFailure(
    describeStateFailure(
      dataContext,
      `The JSONata expression '${expression}' specified for the field '${field}' returned an unexpected result type. Expected '${expected}', but was '${jsonTypeName(value)}' for value: ${JSON.stringify(value)}`,
    ),
    field,
  );
}

/**
 * Fails as `unexpectedResultType` does when a field's expression returned a number of the right type
 * but past the field's bound (a `Seconds` above 99999999): the cause names the value and the bound.
 */
export function resultOutOfRange(
  dataContext: DataContext,
  field: string,
  written: JsonValue,
  value: number,
  bound: string,
): QueryEvaluationFailure {
  const expression = writtenExpression(written);
  return new QueryEvaluationFailure(
    describeStateFailure(
      dataContext,
      `The JSONata expression '${expression}' specified for the field '${field}' returned ${JSON.stringify(value)}, which is out of range: ${bound}`,
    ),
    field,
  );
}

// A field's expression as causes quote it: the body of a `{% … %}` string, or the JSON as written.
function writtenExpression(written: JsonValue): string {
  return typeof written === 'string' && containsExpression(written)
    ? written.slice(2, -2).trim()
    : JSON.stringify(written);
}
