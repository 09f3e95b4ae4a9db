import { describe, expect, it } from 'vitest';
import type { ChoiceRule, ComparisonOperator } from '../asl/index.js';
import type { DataContext, JsonValue } from '../data/index.js';
import { StatesFailure } from '../errors/index.js';
import { evaluateChoiceRule } from './evaluate-choice-rule.js';

const dataContext: DataContext = {
  context: { State: { RetryCount: 2 } },
  variables: { threshold: 10 },
  random: () => 0,
  uuid: () => 'u',
  state: { name: 'CheckValues', enteredEventId: 2 },
};

const compare = (Operator: ComparisonOperator, Value: JsonValue, Variable = '$.Variable'): ChoiceRule => ({
  kind: 'Comparison',
  Variable,
  Operator,
  Value,
});

function failureOf(rule: ChoiceRule, input: JsonValue): StatesFailure {
  try {
    evaluateChoiceRule(rule, input, dataContext);
  } catch (error) {
    if (error instanceof StatesFailure) return error;
    throw error;
  }
  throw new Error('expected a StatesFailure');
}

// [operator, rule value, input.Variable, input.Value, matches] — every case recorded against AWS in
// the conformance group choice_operators (`…Path` rules read `$.Value`).
const RECORDED: readonly (readonly [ComparisonOperator, JsonValue, JsonValue, JsonValue, boolean])[] = [
  ['BooleanEquals', true, [''], true, false],
  ['BooleanEquals', true, true, true, true],
  ['BooleanEquals', true, false, true, false],
  ['BooleanEquals', false, false, false, true],
  ['BooleanEquals', false, 1.1, false, false],
  ['BooleanEqualsPath', '$.Value', '2012-10-09T19:00:55Z', false, false],
  ['BooleanEqualsPath', '$.Value', '2012-10-09T19:00:55+01:00', true, false],
  ['BooleanEqualsPath', '$.Value', '2012-10-09T19:00:55+01:00', false, false],
  ['BooleanEqualsPath', '$.Value', [], false, false],
  ['BooleanEqualsPath', '$.Value', { A: 0 }, false, false],
  ['BooleanEqualsPath', '$.Value', 0, true, false],
  ['BooleanEqualsPath', '$.Value', 1, false, false],
  ['IsBoolean', false, null, false, true],
  ['IsBoolean', true, ' ', true, false],
  ['IsBoolean', true, 'HelloWorld', true, false],
  ['IsBoolean', false, '2012-10-09T19:00:55', false, true],
  ['IsBoolean', true, false, true, true],
  ['IsBoolean', true, 1, true, false],
  ['IsNull', false, 'HelloWorld', false, true],
  ['IsNull', false, 1, false, true],
  ['IsNumeric', true, '2012-10-09T19:00:55+01:00', true, false],
  ['IsNumeric', true, '2023-02-24', true, false],
  ['IsNumeric', true, false, true, false],
  ['IsNumeric', true, false, true, false],
  ['IsNumeric', false, 0, false, false],
  ['IsPresent', true, '', true, true],
  ['IsPresent', false, 'HelloWorld', false, false],
  ['IsPresent', false, '2012-10-09T19:00:55', false, false],
  ['IsPresent', false, '2023-02-24', false, false],
  ['IsString', false, null, false, true],
  ['IsString', true, ' ', true, true],
  ['IsString', false, ' ', false, false],
  ['IsString', true, 'HelloWorld', true, true],
  ['IsString', false, '2012-10-09T19:00:55', false, false],
  ['IsString', true, '2023-02-24', true, true],
  ['IsString', false, [], false, true],
  ['IsString', true, { A: 0 }, true, false],
  ['IsString', true, false, true, false],
  ['NumericEquals', 1, ' ', 1, false],
  ['NumericEquals', 1, ' ', 1, false],
  ['NumericEquals', 0, [], 0, false],
  ['NumericEquals', 1, [''], 1, false],
  ['NumericEquals', 0, { A: 0 }, 0, false],
  ['NumericEquals', 0, true, 0, false],
  ['NumericEquals', 1, true, 1, false],
  ['NumericEquals', 1, true, 1, false],
  ['NumericEquals', 0, 0, 0, true],
  ['NumericEquals', 1, 0, 1, false],
  ['NumericEqualsPath', '$.Value', '', 0, false],
  ['NumericEqualsPath', '$.Value', '', 1, false],
  ['NumericEqualsPath', '$.Value', [], 0, false],
  ['NumericEqualsPath', '$.Value', 0, 0, true],
  ['NumericEqualsPath', '$.Value', { A: 0 }, 1, false],
  ['NumericEqualsPath', '$.Value', 2.22, 2.22, true],
  ['NumericGreaterThanEquals', 0, 0, 0, true],
  ['NumericGreaterThanEquals', 1, 1, 1, true],
  ['NumericGreaterThanEquals', 1, 0, 1, false],
  ['NumericGreaterThanEqualsPath', '$.Value', 0, 1, false],
  ['NumericGreaterThanPath', '$.Value', 1, 0, true],
  ['NumericLessThanEquals', 0, 0, 0, true],
  ['NumericLessThanEquals', 1, 1, 1, true],
  ['NumericLessThanEqualsPath', '$.Value', 0, 1, true],
  ['StringEquals', 'Hello', 'Hello', 'Hello', true],
  ['StringEquals', 'HelloWorld', 1, 'HelloWorld', false],
  ['StringGreaterThan', '', '', '', false],
  ['StringGreaterThanEqualsPath', '$.Value', '', '', true],
  ['StringGreaterThanPath', '$.Value', '', '', false],
  ['StringLessThan', '', '', '', false],
  ['StringLessThanEquals', '', '', '', true],
  ['StringLessThanEquals', 'A', 'AB', 'A', false],
  ['StringLessThanPath', '$.Value', 'AB', 'A', false],
  ['TimestampEquals', '2012-10-09T19:00:55Z', true, '2012-10-09T19:00:55Z', false],
  ['TimestampEquals', '2012-10-09T19:00:55Z', '2012-10-09T19:00:55Z', '2012-10-09T19:00:55Z', true],
  ['TimestampEquals', '2012-10-09T19:00:55Z', '2023-02-24 12:15:56.832957', '2012-10-09T19:00:55Z', false],
  ['TimestampGreaterThanEquals', '2012-10-09T19:00:56Z', '2012-10-09T19:00:55Z', '2012-10-09T19:00:56Z', false],
  ['TimestampGreaterThanEqualsPath', '$.Value', '2012-10-09T19:00:55Z', '2012-10-09T19:00:56Z', false],
  ['TimestampLessThan', '2012-10-09T19:00:56Z', '2012-10-09T19:00:55Z', '2012-10-09T19:00:56Z', true],
  ['TimestampLessThanEquals', '2012-10-09T19:00:55Z', '2012-10-09T19:00:55Z', '2012-10-09T19:00:55Z', true],
];

describe('evaluateChoiceRule', () => {
  it.each(RECORDED)(
    '%s %j with Variable %j (Value %j) gives %s, as recorded against AWS',
    (operator, value, variable, inputValue, expected) => {
      expect(evaluateChoiceRule(compare(operator, value), { Variable: variable, Value: inputValue }, dataContext)).toBe(
        expected,
      );
    },
  );

  it.each([
    ['StringEquals', 'abc', 'abc', true],
    ['StringLessThan', 'b', 'a', true],
    ['StringGreaterThan', 'a', 'b', true],
    ['StringLessThanEquals', 'a', 'a', true],
    ['StringGreaterThanEquals', 'b', 'a', false],
    ['NumericEquals', 3, 3.0, true],
    ['NumericLessThan', 4, 3, true],
    ['NumericGreaterThan', 4, 3, false],
    ['NumericLessThanEquals', 3, 3, true],
    ['NumericGreaterThanEquals', 2, 3, true],
    ['BooleanEquals', false, false, true],
    ['TimestampEquals', '2016-03-14T01:59:00+01:00', '2016-03-14T00:59:00Z', true],
    ['TimestampLessThan', '2016-03-14T01:59:00.000001Z', '2016-03-14T01:59:00.0000005Z', true],
    ['TimestampGreaterThan', '2016-03-14T01:59:00Z', '2016-03-14T01:59:00.1-00:30', true],
    ['TimestampLessThanEquals', '2016-03-14T01:59:00Z', '2016-03-14T01:59:00.000Z', true],
    ['TimestampGreaterThanEquals', '2016-03-13T23:00:00-03:00', '2016-03-14T02:00:00Z', true],
    ['TimestampGreaterThanEquals', '2016-03-13T23:00:00-03:00', '2016-03-14T01:59:59.999999999Z', false],
  ] as const)('%s compares %j with %j as %s', (operator, value, variable, expected) => {
    expect(evaluateChoiceRule(compare(operator, value), { Variable: variable }, dataContext)).toBe(expected);
  });

  it('treats a type mismatch as no match, never as an error', () => {
    for (const operator of ['StringEquals', 'NumericEquals', 'BooleanEquals', 'TimestampEquals'] as const)
      expect(evaluateChoiceRule(compare(operator, 'x'), { Variable: { nested: true } }, dataContext)).toBe(false);
    expect(evaluateChoiceRule(compare('TimestampEquals', 'not a time'), { Variable: 'not a time' }, dataContext)).toBe(
      false,
    );
  });

  it('matches StringMatches wildcards and escapes', () => {
    const matches = (pattern: string, text: string): boolean =>
      evaluateChoiceRule(compare('StringMatches', pattern), { Variable: text }, dataContext);
    expect(matches('log-*.txt', 'log-2024.txt')).toBe(true);
    expect(matches('log-*.txt', 'log-.txt')).toBe(true);
    expect(matches('log-*.txt', 'log-2024.txt.bak')).toBe(false);
    expect(matches('*', '')).toBe(true);
    expect(matches('a\\*b', 'a*b')).toBe(true);
    expect(matches('a\\*b', 'axb')).toBe(false);
    expect(matches('a\\\\b', 'a\\b')).toBe(true);
    expect(matches('(a).[b]?', '(a).[b]?')).toBe(true);
  });

  it('answers IsPresent for a missing Variable instead of failing', () => {
    expect(evaluateChoiceRule(compare('IsPresent', true), {}, dataContext)).toBe(false);
    expect(evaluateChoiceRule(compare('IsPresent', false), {}, dataContext)).toBe(true);
    expect(evaluateChoiceRule(compare('IsPresent', true), { Variable: null }, dataContext)).toBe(true);
  });

  it('recognises RFC 3339 timestamps with IsTimestamp', () => {
    const isTimestamp = (text: JsonValue): boolean =>
      evaluateChoiceRule(compare('IsTimestamp', true), { Variable: text }, dataContext);
    expect(isTimestamp('2016-03-14T01:59:00Z')).toBe(true);
    expect(isTimestamp('2016-03-14T01:59:00.123456789+05:30')).toBe(true);
    expect(isTimestamp('2016-03-14T01:59:00')).toBe(false);
    expect(isTimestamp('2016-02-30T01:59:00Z')).toBe(false);
    expect(isTimestamp('2023-02-24 12:15:56.832957')).toBe(false);
    expect(isTimestamp(1)).toBe(false);
  });

  it('fails with States.Runtime when a comparison reads a missing Variable', () => {
    const failure = failureOf(compare('StringEquals', 'x'), {});
    expect(failure.error).toBe('States.Runtime');
    expect(failure.cause).toBe(
      "An error occurred while executing the state 'CheckValues' (entered at the event id #2). " +
        "Invalid path '$.Variable': The choice state's condition path references an invalid value.",
    );
  });

  it('fails with States.Runtime when a …Path value is missing', () => {
    expect(failureOf(compare('NumericEqualsPath', '$.Value'), { Variable: 1 }).error).toBe('States.Runtime');
  });

  it('reads variables and the context object on either side', () => {
    expect(evaluateChoiceRule(compare('NumericGreaterThanPath', '$threshold'), { Variable: 11 }, dataContext)).toBe(
      true,
    );
    expect(evaluateChoiceRule(compare('NumericEquals', 2, '$$.State.RetryCount'), {}, dataContext)).toBe(true);
  });

  it('combines rules with And, Or and Not, short-circuiting', () => {
    const yes = compare('IsPresent', true);
    const no = compare('IsPresent', false);
    const broken = compare('StringEquals', 'x', '$.missing');
    const input = { Variable: 1 };
    expect(evaluateChoiceRule({ kind: 'And', And: [yes, yes] }, input, dataContext)).toBe(true);
    expect(evaluateChoiceRule({ kind: 'And', And: [no, broken] }, input, dataContext)).toBe(false);
    expect(evaluateChoiceRule({ kind: 'Or', Or: [no, yes] }, input, dataContext)).toBe(true);
    expect(evaluateChoiceRule({ kind: 'Or', Or: [yes, broken] }, input, dataContext)).toBe(true);
    expect(evaluateChoiceRule({ kind: 'Not', Not: no }, input, dataContext)).toBe(true);
  });
});
