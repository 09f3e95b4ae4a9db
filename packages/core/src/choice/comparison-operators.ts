import type { ComparisonOperator } from '../asl/index.js';
import type { JsonValue } from '../data/index.js';
import { matchesWildcardPattern } from './string-matches.js';
import { compareInstants, parseTimestamp } from '../data/index.js';

/** Decides one comparison between the Variable's value and the rule's (resolved) value. Pure. */
export type Comparator = (actual: JsonValue, expected: JsonValue) => boolean;

/** How an operator reads its value (`literal`, or `path` for the `…Path` twins) and compares. */
export interface OperatorSpec {
  readonly valueSource: 'literal' | 'path';
  readonly compare: Comparator;
}

type Order = (order: number) => boolean;
const equal: Order = (order) => order === 0;
const less: Order = (order) => order < 0;
const greater: Order = (order) => order > 0;
const lessOrEqual: Order = (order) => order <= 0;
const greaterOrEqual: Order = (order) => order >= 0;

// A type mismatch is a non-match, never an error (conformance group choice_operators).
const strings =
  (test: Order): Comparator =>
  (actual, expected) =>
    typeof actual === 'string' &&
    typeof expected === 'string' &&
    test(actual < expected ? -1 : actual > expected ? 1 : 0);

const numbers =
  (test: Order): Comparator =>
  (actual, expected) =>
    typeof actual === 'number' && typeof expected === 'number' && test(actual - expected);

const timestamps =
  (test: Order): Comparator =>
  (actual, expected) => {
    if (typeof actual !== 'string' || typeof expected !== 'string') return false;
    const left = parseTimestamp(actual);
    const right = parseTimestamp(expected);
    return left !== undefined && right !== undefined && test(compareInstants(left, right));
  };

const booleans: Comparator = (actual, expected) =>
  typeof actual === 'boolean' && typeof expected === 'boolean' && actual === expected;

const typeTest =
  (isOfType: (value: JsonValue) => boolean): Comparator =>
  (actual, expected) =>
    expected === isOfType(actual);

const stringMatches: Comparator = (actual, expected) =>
  typeof actual === 'string' && typeof expected === 'string' && matchesWildcardPattern(actual, expected);

const literal = (compare: Comparator): OperatorSpec => ({ valueSource: 'literal', compare });
const path = (compare: Comparator): OperatorSpec => ({ valueSource: 'path', compare });

/**
 * Every comparison operator of ASL. `IsPresent` is listed for completeness; the evaluator answers it
 * from the Variable's lookup before requiring a value, since a missing Variable is exactly what it tests.
 */
export const COMPARISON_OPERATORS: { readonly [Operator in ComparisonOperator]: OperatorSpec } = {
  StringEquals: literal(strings(equal)),
  StringEqualsPath: path(strings(equal)),
  StringLessThan: literal(strings(less)),
  StringLessThanPath: path(strings(less)),
  StringGreaterThan: literal(strings(greater)),
  StringGreaterThanPath: path(strings(greater)),
  StringLessThanEquals: literal(strings(lessOrEqual)),
  StringLessThanEqualsPath: path(strings(lessOrEqual)),
  StringGreaterThanEquals: literal(strings(greaterOrEqual)),
  StringGreaterThanEqualsPath: path(strings(greaterOrEqual)),
  StringMatches: literal(stringMatches),
  NumericEquals: literal(numbers(equal)),
  NumericEqualsPath: path(numbers(equal)),
  NumericLessThan: literal(numbers(less)),
  NumericLessThanPath: path(numbers(less)),
  NumericGreaterThan: literal(numbers(greater)),
  NumericGreaterThanPath: path(numbers(greater)),
  NumericLessThanEquals: literal(numbers(lessOrEqual)),
  NumericLessThanEqualsPath: path(numbers(lessOrEqual)),
  NumericGreaterThanEquals: literal(numbers(greaterOrEqual)),
  NumericGreaterThanEqualsPath: path(numbers(greaterOrEqual)),
  BooleanEquals: literal(booleans),
  BooleanEqualsPath: path(booleans),
  TimestampEquals: literal(timestamps(equal)),
  TimestampEqualsPath: path(timestamps(equal)),
  TimestampLessThan: literal(timestamps(less)),
  TimestampLessThanPath: path(timestamps(less)),
  TimestampGreaterThan: literal(timestamps(greater)),
  TimestampGreaterThanPath: path(timestamps(greater)),
  TimestampLessThanEquals: literal(timestamps(lessOrEqual)),
  TimestampLessThanEqualsPath: path(timestamps(lessOrEqual)),
  TimestampGreaterThanEquals: literal(timestamps(greaterOrEqual)),
  TimestampGreaterThanEqualsPath: path(timestamps(greaterOrEqual)),
  IsNull: literal(typeTest((value) => value === null)),
  IsPresent: literal(typeTest(() => true)),
  IsNumeric: literal(typeTest((value) => typeof value === 'number')),
  IsString: literal(typeTest((value) => typeof value === 'string')),
  IsBoolean: literal(typeTest((value) => typeof value === 'boolean')),
  IsTimestamp: literal(typeTest((value) => typeof value === 'string' && parseTimestamp(value) !== undefined)),
};
