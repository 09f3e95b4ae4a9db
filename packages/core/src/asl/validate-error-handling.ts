import { isJsonObject, type JsonValue } from '../data/index.js';
import { elementLocation, memberLocation, type ProblemList } from './definition-problem.js';
import { FieldReader, MAX_SECONDS } from './field-reader.js';
import { checkKnownFields, checkRequiredFields } from './field-rules.js';
import { checkAssign } from './payload-template-syntax.js';
import { optional } from './optional-field.js';
import type { Catcher, QueryLanguage, Retrier } from './model.js';

const RETRIER_FIELDS = [
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
  'Comment',
];
const CATCHER_FIELDS: Readonly<Record<QueryLanguage, readonly string[]>> = {
  JSONPath: ['ErrorEquals', 'Next', 'ResultPath', 'Assign', 'Comment'],
  JSONata: ['ErrorEquals', 'Next', 'Output', 'Assign', 'Comment'],
};
// MaxDelaySeconds is capped at one year (366 days) by AWS.
const MAX_DELAY_SECONDS = 31_622_400;

/** Reads a state's `Retry` array, applying ASL's defaults to each retrier. */
export function readRetry(state: FieldReader): readonly Retrier[] | undefined {
  const entries = state.array('Retry');
  if (entries === undefined) return undefined;
  const location = state.at('Retry');
  const retriers: Retrier[] = [];
  entries.forEach((entry, index) => {
    const reader = entryReader(entry, elementLocation(location, index), 'Retry', state.problems);
    if (reader === undefined) return;
    checkKnownFields(reader.raw, RETRIER_FIELDS, reader.location, reader.problems);
    const errorEquals = readErrorEquals(reader, index === entries.length - 1, 'Retrier');
    const jitter = reader.string('JitterStrategy');
    if (jitter !== undefined && jitter !== 'FULL' && jitter !== 'NONE')
      reader.invalid('JitterStrategy', 'one of [FULL, NONE]');
    const retrier = {
      ErrorEquals: errorEquals ?? [],
      IntervalSeconds: reader.integer('IntervalSeconds', { min: 1, max: MAX_SECONDS }) ?? 1,
      MaxAttempts: reader.integer('MaxAttempts', { min: 0, max: MAX_SECONDS }) ?? 3,
      BackoffRate: reader.number('BackoffRate', { min: 1 }) ?? 2,
      JitterStrategy: jitter === 'FULL' ? 'FULL' : 'NONE',
      ...optional('MaxDelaySeconds', reader.integer('MaxDelaySeconds', { min: 1, max: MAX_DELAY_SECONDS })),
      ...optional('Comment', reader.string('Comment')),
    } as const;
    retriers.push(retrier);
  });
  return retriers;
}

/** Reads a state's `Catch` array; the fields a catcher allows follow the state's language. */
export function readCatch(state: FieldReader, language: QueryLanguage): readonly Catcher[] | undefined {
  const entries = state.array('Catch');
  if (entries === undefined) return undefined;
  const location = state.at('Catch');
  const catchers: Catcher[] = [];
  entries.forEach((entry, index) => {
    const reader = entryReader(entry, elementLocation(location, index), 'Catch', state.problems);
    if (reader === undefined) return;
    checkKnownFields(reader.raw, CATCHER_FIELDS[language], reader.location, reader.problems);
    checkRequiredFields(reader.raw, ['ErrorEquals', 'Next'], reader.location, reader.problems);
    const errorEquals = readErrorEquals(reader, index === entries.length - 1, 'Catcher');
    const assign = reader.raw['Assign'];
    catchers.push({
      ErrorEquals: errorEquals ?? [],
      Next: reader.string('Next') ?? '',
      ...optional('ResultPath', language === 'JSONPath' ? reader.referencePath('ResultPath') : undefined),
      ...optional('Output', language === 'JSONata' ? reader.jsonata('Output') : undefined),
      ...optional(
        'Assign',
        assign === undefined ? undefined : checkAssign(assign, language, reader.location, reader.problems),
      ),
      ...optional('Comment', reader.string('Comment')),
    });
  });
  return catchers;
}

function entryReader(
  entry: JsonValue,
  location: string,
  field: string,
  problems: ProblemList,
): FieldReader | undefined {
  if (isJsonObject(entry)) return new FieldReader(entry, location, problems);
  problems.schema(`The elements of the field '${field}' must be JSON objects`, location);
  return undefined;
}

/**
 * `ErrorEquals`: a non-empty array of error names. `States.ALL` must be alone in its array and
 * may only appear in the last retrier or catcher (ASL, "Retrying after an error").
 */
function readErrorEquals(
  reader: FieldReader,
  isLast: boolean,
  kind: 'Retrier' | 'Catcher',
): readonly string[] | undefined {
  if (!reader.has('ErrorEquals')) {
    if (kind === 'Retrier') checkRequiredFields(reader.raw, ['ErrorEquals'], reader.location, reader.problems);
    return undefined;
  }
  const names = reader.raw['ErrorEquals'];
  if (!Array.isArray(names) || names.length === 0 || !names.every((name) => typeof name === 'string' && name !== '')) {
    return reader.invalid('ErrorEquals', 'a non-empty array of non-empty strings');
  }
  const errorNames = names.filter((name): name is string => typeof name === 'string');
  if (errorNames.includes('States.ALL')) {
    if (errorNames.length > 1) {
      reader.problems.schema(
        "'States.ALL' must appear alone in the field 'ErrorEquals'",
        memberLocation(reader.location, 'ErrorEquals'),
      );
    }
    if (!isLast) {
      reader.problems.schema(`A ${kind} whose ErrorEquals contains 'States.ALL' must be the last one`, reader.location);
    }
  }
  return errorNames;
}
