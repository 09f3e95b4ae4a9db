import { isJsonObject, type JsonValue } from '../data/index.js';
import type { ProblemList } from './definition-problem.js';
import { FieldReader, MAX_SECONDS } from './field-reader.js';
import { checkRequiredFields, checkStateFields, STATE_TYPES } from './field-rules.js';
import { isJsonataExpression } from './jsonata-syntax.js';
import { isValidPath } from './jsonpath-syntax.js';
import { readDataFlowFields } from './data-flow-fields.js';
import { assertNever } from '../data/index.js';
import { optional } from './optional-field.js';
import { isTimestamp } from '../data/index.js';
import { readChoices } from './validate-choice.js';
import { readMapState, readParallelState } from './validate-parallel-map.js';
import { readTaskState } from './validate-task.js';
import { findIntrinsicSyntaxError } from './intrinsic-syntax.js';
import type { StateContext, ScopeReader } from './state-context.js';
import type { FailState, QueryLanguage, State, StateType, WaitState } from './model.js';

/** Where a state sits: the problems list, the languages around it, and how to read nested scopes. */
export interface StateSurroundings {
  readonly problems: ProblemList;
  /** The state machine's own language: a JSONata machine may not contain JSONPath states. */
  readonly machineLanguage: QueryLanguage;
  /** The enclosing scope's effective language, which the state inherits. */
  readonly scopeLanguage: QueryLanguage;
  readonly readScope: ScopeReader;
}

function isStateType(value: unknown): value is StateType {
  return typeof value === 'string' && (STATE_TYPES as readonly string[]).includes(value);
}

/**
 * Reads and validates one state. Returns its model when its own fields are valid enough to build
 * one; every problem found goes to `surroundings.problems` either way.
 */
export function readState(raw: JsonValue, location: string, surroundings: StateSurroundings): State | undefined {
  const { problems } = surroundings;
  if (!isJsonObject(raw)) {
    problems.schema('A state must be a JSON object', location);
    return undefined;
  }
  const reader = new FieldReader(raw, location, problems);
  if (!checkRequiredFields(raw, ['Type'], location, problems)) return undefined;
  const type = raw['Type'];
  if (!isStateType(type)) return reader.invalid('Type', `one of [${STATE_TYPES.join(', ')}]`);
  const language = readStateLanguage(reader, surroundings);
  checkStateFields(raw, type, language, location, problems);
  const context: StateContext = { reader, language, readScope: surroundings.readScope };
  const base = { QueryLanguage: language, ...optional('Comment', reader.string('Comment')) };
  switch (type) {
    case 'Pass':
      return {
        Type: 'Pass',
        ...base,
        ...readTransition(reader),
        ...readDataFlowFields(context),
        ...optional('Result', language === 'JSONPath' ? raw['Result'] : undefined),
      };
    case 'Succeed':
      return { Type: 'Succeed', ...base, ...readDataFlowFields(context) };
    case 'Fail':
      return { Type: 'Fail', ...base, ...readFailFields(context) };
    case 'Wait':
      return {
        Type: 'Wait',
        ...base,
        ...readTransition(reader),
        ...readDataFlowFields(context),
        ...readWaitFields(context),
      };
    case 'Choice':
      return {
        Type: 'Choice',
        ...base,
        ...readDataFlowFields(context),
        Choices: readChoices(reader, language) ?? [],
        ...optional('Default', reader.string('Default')),
      };
    case 'Task':
      return { Type: 'Task', ...base, ...readTransition(reader), ...readTaskState(context) };
    case 'Parallel':
      return { Type: 'Parallel', ...base, ...readTransition(reader), ...readParallelState(context) };
    case 'Map':
      return { Type: 'Map', ...base, ...readTransition(reader), ...readMapState(context) };
    default:
      return assertNever(type);
  }
}

/** The state's own `QueryLanguage`, else its scope's. JSONPath is refused inside a JSONata machine. */
function readStateLanguage(reader: FieldReader, surroundings: StateSurroundings): QueryLanguage {
  const own = reader.raw['QueryLanguage'];
  if (own === undefined) return surroundings.scopeLanguage;
  if (own !== 'JSONPath' && own !== 'JSONata') {
    reader.invalid('QueryLanguage', 'one of [JSONPath, JSONata]');
    return surroundings.scopeLanguage;
  }
  if (own === 'JSONPath' && surroundings.machineLanguage === 'JSONata') {
    reader.problems.schema(
      "A state cannot use the QueryLanguage 'JSONPath' when the state machine's QueryLanguage is 'JSONata'",
      reader.at('QueryLanguage'),
    );
  }
  return own;
}

/** `Next` xor `End: true`, one of them required (the state types that transition). */
export function readTransition(reader: FieldReader): { readonly Next?: string; readonly End?: true } {
  const next = reader.string('Next');
  const end = reader.boolean('End');
  if (reader.has('Next') && end === true) {
    reader.problems.schema("The fields 'Next' and 'End' are mutually exclusive", reader.location);
  } else if (!reader.has('Next') && end !== true) {
    reader.problems.schema("Exactly one of the fields 'Next' or 'End: true' is required", reader.location);
  }
  if (next !== undefined) return { Next: next };
  return end === true ? { End: true } : {};
}

function readWaitFields({
  reader,
  language,
}: StateContext): Pick<WaitState, 'Seconds' | 'Timestamp' | 'SecondsPath' | 'TimestampPath'> {
  const allowedWays =
    language === 'JSONPath' ? ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'] : ['Seconds', 'Timestamp'];
  const ways = allowedWays.filter((key) => reader.has(key));
  if (ways.length !== 1) {
    const allowed =
      language === 'JSONPath' ? "'Seconds', 'Timestamp', 'SecondsPath' or 'TimestampPath'" : "'Seconds' or 'Timestamp'";
    reader.problems.schema(`A Wait state must have exactly one of the fields ${allowed}`, reader.location);
  }
  const timestamp = reader.raw['Timestamp'];
  let checkedTimestamp: string | undefined;
  if (language === 'JSONata' && isJsonataExpression(timestamp)) {
    checkedTimestamp = reader.expression('Timestamp');
  } else if (timestamp !== undefined) {
    if (typeof timestamp === 'string' && isTimestamp(timestamp)) checkedTimestamp = timestamp;
    // AWS's wording (conformance case test_wait_timestamp_invalid[NO_T]), at the field itself.
    else reader.problems.schema('String does not match RFC3339 timestamp', reader.at('Timestamp'));
  }
  const seconds =
    language === 'JSONata'
      ? reader.integerOrExpression('Seconds', { min: 0, max: MAX_SECONDS })
      : reader.integer('Seconds', { min: 0, max: MAX_SECONDS });
  return {
    ...optional('Seconds', seconds),
    ...optional('Timestamp', checkedTimestamp),
    ...optional('SecondsPath', reader.path('SecondsPath')),
    ...optional('TimestampPath', reader.path('TimestampPath')),
  };
}

function readFailFields({
  reader,
  language,
}: StateContext): Pick<FailState, 'Error' | 'Cause' | 'ErrorPath' | 'CausePath'> {
  reader.exclusive('Error', 'ErrorPath');
  reader.exclusive('Cause', 'CausePath');
  const text = (key: string): string | undefined =>
    language === 'JSONata' && isJsonataExpression(reader.raw[key]) ? reader.expression(key) : reader.string(key);
  return {
    ...optional('Error', text('Error')),
    ...optional('Cause', text('Cause')),
    ...optional('ErrorPath', readPathOrIntrinsic(reader, 'ErrorPath')),
    ...optional('CausePath', readPathOrIntrinsic(reader, 'CausePath')),
  };
}

/** `ErrorPath`/`CausePath`: a JSONPath or an intrinsic function call (AWS, "Fail state"). */
function readPathOrIntrinsic(reader: FieldReader, key: string): string | undefined {
  const value = reader.raw[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (isValidPath(value) || findIntrinsicSyntaxError(value) === undefined)) return value;
  return reader.invalid(key, 'a valid JSONPath or a valid intrinsic function call');
}
