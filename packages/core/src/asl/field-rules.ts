import type { QueryLanguage, StateType } from './model.js';
import type { ProblemList } from './definition-problem.js';
import type { JsonObject } from '../data/index.js';

/** The eight state types, in ASL's spelling. */
export const STATE_TYPES: readonly StateType[] = [
  'Pass',
  'Task',
  'Choice',
  'Wait',
  'Succeed',
  'Fail',
  'Parallel',
  'Map',
];

const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const IO_PATHS = ['InputPath', 'OutputPath'];

// Fields each state type accepts whatever its query language is.
const IN_BOTH_LANGUAGES: Readonly<Record<StateType, readonly string[]>> = {
  Pass: ['Next', 'End', 'Assign'],
  Task: ['Resource', 'Retry', 'Catch', 'TimeoutSeconds', 'HeartbeatSeconds', 'Credentials', 'Next', 'End', 'Assign'],
  Choice: ['Choices', 'Default', 'Assign'],
  Wait: ['Seconds', 'Timestamp', 'Next', 'End', 'Assign'],
  Succeed: [],
  Fail: ['Error', 'Cause'],
  Parallel: ['Branches', 'Retry', 'Catch', 'Next', 'End', 'Assign'],
  Map: [
    'ItemProcessor',
    'Iterator',
    'ItemSelector',
    'MaxConcurrency',
    'ToleratedFailureCount',
    'ToleratedFailurePercentage',
    'ItemReader',
    'ItemBatcher',
    'ResultWriter',
    'Label',
    'Retry',
    'Catch',
    'Next',
    'End',
    'Assign',
  ],
};

// JSONata replaces the five JSONPath data-flow fields with Arguments and Output, and every
// `…Path` field with an expression in the field itself (AWS, "Transforming data with JSONata").
const ONLY_IN_JSONPATH: Readonly<Record<StateType, readonly string[]>> = {
  Pass: [...IO_PATHS, 'Parameters', 'Result', 'ResultPath'],
  Task: [...IO_PATHS, 'Parameters', 'ResultSelector', 'ResultPath', 'TimeoutSecondsPath', 'HeartbeatSecondsPath'],
  Choice: IO_PATHS,
  Wait: [...IO_PATHS, 'SecondsPath', 'TimestampPath'],
  Succeed: IO_PATHS,
  Fail: ['ErrorPath', 'CausePath'],
  Parallel: [...IO_PATHS, 'Parameters', 'ResultSelector', 'ResultPath'],
  Map: [
    ...IO_PATHS,
    'ItemsPath',
    'Parameters',
    'ResultSelector',
    'ResultPath',
    'MaxConcurrencyPath',
    'ToleratedFailureCountPath',
    'ToleratedFailurePercentagePath',
  ],
};

const ONLY_IN_JSONATA: Readonly<Record<StateType, readonly string[]>> = {
  Pass: ['Output'],
  Task: ['Arguments', 'Output'],
  Choice: ['Output'],
  Wait: ['Output'],
  Succeed: ['Output'],
  Fail: [],
  Parallel: ['Arguments', 'Output'],
  Map: ['Items', 'Output'],
};

/**
 * Reports every field of a state that its type does not have, or that its query language does not
 * allow (e.g. `InputPath` in a JSONata state, `Arguments` in a JSONPath one).
 */
export function checkStateFields(
  raw: JsonObject,
  type: StateType,
  language: QueryLanguage,
  location: string,
  problems: ProblemList,
): void {
  const own = new Set([...COMMON, ...IN_BOTH_LANGUAGES[type]]);
  const allowed = language === 'JSONPath' ? ONLY_IN_JSONPATH[type] : ONLY_IN_JSONATA[type];
  const other = language === 'JSONPath' ? ONLY_IN_JSONATA[type] : ONLY_IN_JSONPATH[type];
  for (const key of Object.keys(raw)) {
    if (own.has(key) || allowed.includes(key)) continue;
    if (other.includes(key)) {
      problems.schema(
        `The field "${key}" is not supported by Step Functions when the QueryLanguage is ${language}`,
        location,
      );
    } else {
      problems.schema(`The field "${key}" is not supported by Step Functions`, location);
    }
  }
}

/** Reports every key of `raw` outside `allowed` (for objects other than states). */
export function checkKnownFields(
  raw: JsonObject,
  allowed: readonly string[],
  location: string,
  problems: ProblemList,
): void {
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) problems.schema(`The field "${key}" is not supported by Step Functions`, location);
  }
}

/** Reports the missing members of `required`, all in one AWS-style sentence. */
export function checkRequiredFields(
  raw: JsonObject,
  required: readonly string[],
  location: string,
  problems: ProblemList,
): boolean {
  const missing = required.filter((key) => !(key in raw));
  if (missing.length > 0) problems.schema(`These fields are required: [${missing.join(', ')}]`, location);
  return missing.length === 0;
}
