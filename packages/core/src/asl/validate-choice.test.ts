import { describe, expect, it } from 'vitest';
import { formatDefinitionProblem, parseDefinition, validateDefinition } from './index.js';

function choiceMachine(choices: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    StartAt: 'C',
    States: { C: { Type: 'Choice', Choices: choices, Default: 'D', ...extra }, D: { Type: 'Succeed' } },
  });
}

function problemsOf(text: string): readonly string[] {
  const validation = validateDefinition(text);
  return validation.kind === 'valid' ? [] : validation.problems.map(formatDefinitionProblem);
}

const rule = (fields: Record<string, unknown>): Record<string, unknown> => ({ Variable: '$.x', Next: 'D', ...fields });

describe('Choice rules', () => {
  it.each<[string, unknown, readonly string[]]>([
    [
      'an empty Choices array',
      [],
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'Choices' must be a non-empty array at /States/C"],
    ],
    [
      'a top-level rule without Next',
      [{ Variable: '$.x', IsPresent: true }],
      ['SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at /States/C/Choices[0]'],
    ],
    [
      'a rule without an operator',
      [{ Variable: '$.x', Next: 'D' }],
      [
        'SCHEMA_VALIDATION_FAILED: A Choice Rule must have exactly one of the fields And, Or, Not or a comparison operator at /States/C/Choices[0]',
      ],
    ],
    [
      'a rule with two operators',
      [rule({ StringEquals: 'a', IsPresent: true })],
      [
        'SCHEMA_VALIDATION_FAILED: A Choice Rule must have exactly one of the fields And, Or, Not or a comparison operator at /States/C/Choices[0]',
      ],
    ],
    [
      'a comparison without Variable',
      [{ StringEquals: 'a', Next: 'D' }],
      ['SCHEMA_VALIDATION_FAILED: These fields are required: [Variable] at /States/C/Choices[0]'],
    ],
    [
      'a Variable that is not a path',
      [rule({ Variable: 'x', IsPresent: true })],
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'Variable' must be a valid JSONPath at /States/C/Choices[0]"],
    ],
    [
      'StringEquals with a number',
      [rule({ StringEquals: 1 })],
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'StringEquals' must be a string at /States/C/Choices[0]"],
    ],
    [
      'NumericLessThan with a string',
      [rule({ NumericLessThan: '1' })],
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'NumericLessThan' must be a number at /States/C/Choices[0]"],
    ],
    [
      'BooleanEquals with a string',
      [rule({ BooleanEquals: 'true' })],
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'BooleanEquals' must be a boolean at /States/C/Choices[0]"],
    ],
    [
      'TimestampEquals with a date only',
      [rule({ TimestampEquals: '2020-01-01' })],
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'TimestampEquals' must be an RFC3339 timestamp string at /States/C/Choices[0]",
      ],
    ],
    [
      'NumericEqualsPath with a literal',
      [rule({ NumericEqualsPath: 3 })],
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'NumericEqualsPath' must be a valid JSONPath at /States/C/Choices[0]",
      ],
    ],
    [
      'IsNull with a string',
      [rule({ IsNull: 'yes' })],
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'IsNull' must be a boolean at /States/C/Choices[0]"],
    ],
    [
      'an empty And',
      [{ And: [], Next: 'D' }],
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'And' must be a non-empty array at /States/C/Choices[0]"],
    ],
    [
      'Or that is not an array',
      [{ Or: { Variable: '$.x', IsNull: true }, Next: 'D' }],
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'Or' must be an array at /States/C/Choices[0]"],
    ],
    [
      'Variable beside And',
      [{ Variable: '$.x', And: [{ Variable: '$.x', IsNull: true }], Next: 'D' }],
      [
        'SCHEMA_VALIDATION_FAILED: The field "Variable" is not supported by Step Functions in a Choice Rule using And at /States/C/Choices[0]',
      ],
    ],
    [
      'Next inside a nested rule',
      [{ Not: { Variable: '$.x', IsNull: true, Next: 'D' }, Next: 'D' }],
      ['SCHEMA_VALIDATION_FAILED: The field "Next" is not supported by Step Functions at /States/C/Choices[0]/Not'],
    ],
    [
      'a bad operand deep inside And/Not',
      [{ And: [{ Variable: '$.a', IsNull: true }, { Not: { Variable: '$.b', NumericEquals: 'x' } }], Next: 'D' }],
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'NumericEquals' must be a number at /States/C/Choices[0]/And[1]/Not",
      ],
    ],
    [
      'an unknown operator',
      [rule({ StringContains: 'a' })],
      [
        'SCHEMA_VALIDATION_FAILED: The field "StringContains" is not supported by Step Functions at /States/C/Choices[0]',
        'SCHEMA_VALIDATION_FAILED: A Choice Rule must have exactly one of the fields And, Or, Not or a comparison operator at /States/C/Choices[0]',
      ],
    ],
    [
      'a rule that is not an object',
      ['x'],
      ["SCHEMA_VALIDATION_FAILED: The elements of the field 'Choices' must be JSON objects at /States/C/Choices[0]"],
    ],
    [
      'Condition in a JSONPath state',
      [rule({ Condition: true })],
      [
        'SCHEMA_VALIDATION_FAILED: The field "Condition" is not supported by Step Functions at /States/C/Choices[0]',
        'SCHEMA_VALIDATION_FAILED: A Choice Rule must have exactly one of the fields And, Or, Not or a comparison operator at /States/C/Choices[0]',
      ],
    ],
  ])('refuses %s', (_name, choices, expected) => {
    expect(problemsOf(choiceMachine(choices))).toEqual(expected);
  });

  it('refuses a Choice state without Choices', () => {
    expect(
      problemsOf(
        JSON.stringify({ StartAt: 'C', States: { C: { Type: 'Choice', Default: 'D' }, D: { Type: 'Succeed' } } }),
      ),
    ).toEqual(['SCHEMA_VALIDATION_FAILED: These fields are required: [Choices] at /States/C']);
  });

  it('refuses a Variable rule in a JSONata Choice state, which needs Condition', () => {
    expect(problemsOf(choiceMachine([rule({ IsPresent: true })], { QueryLanguage: 'JSONata' }))).toEqual([
      'SCHEMA_VALIDATION_FAILED: The field "Variable" is not supported by Step Functions at /States/C/Choices[0]',
      'SCHEMA_VALIDATION_FAILED: The field "IsPresent" is not supported by Step Functions at /States/C/Choices[0]',
      'SCHEMA_VALIDATION_FAILED: These fields are required: [Condition] at /States/C/Choices[0]',
    ]);
  });

  it('refuses a JSONata Condition that is neither a boolean nor an expression', () => {
    expect(problemsOf(choiceMachine([{ Condition: 'yes', Next: 'D' }], { QueryLanguage: 'JSONata' }))).toEqual([
      "SCHEMA_VALIDATION_FAILED: The value for the field 'Condition' must be a boolean or a JSONata expression at /States/C/Choices[0]",
    ]);
  });

  it('normalises every comparison operator into a Comparison rule that names it', () => {
    const model = parseDefinition(
      choiceMachine([
        rule({ StringMatches: 'log-*.txt' }),
        rule({ NumericGreaterThanEqualsPath: '$.limit' }),
        rule({ TimestampLessThan: '2024-01-01T00:00:00Z' }),
        rule({ Variable: '$$.Execution.Input.flag', BooleanEquals: true }),
      ]),
    );
    const state = model.States['C'];
    expect(state?.Type === 'Choice' ? state.Choices : undefined).toEqual([
      { kind: 'Comparison', Variable: '$.x', Operator: 'StringMatches', Value: 'log-*.txt', Next: 'D' },
      { kind: 'Comparison', Variable: '$.x', Operator: 'NumericGreaterThanEqualsPath', Value: '$.limit', Next: 'D' },
      { kind: 'Comparison', Variable: '$.x', Operator: 'TimestampLessThan', Value: '2024-01-01T00:00:00Z', Next: 'D' },
      { kind: 'Comparison', Variable: '$$.Execution.Input.flag', Operator: 'BooleanEquals', Value: true, Next: 'D' },
    ]);
  });

  it('normalises nested And, Or and Not rules and keeps Comment and Assign on the top-level rule', () => {
    const model = parseDefinition(
      choiceMachine([
        {
          And: [
            { Variable: '$.a', IsNumeric: true },
            { Or: [{ Not: { Variable: '$.b', IsNull: true } }, { Variable: '$.c', StringEquals: 'x' }] },
          ],
          Next: 'D',
          Comment: 'both',
          Assign: { seen: true },
        },
      ]),
    );
    const state = model.States['C'];
    expect(state?.Type === 'Choice' ? state.Choices[0] : undefined).toEqual({
      kind: 'And',
      And: [
        { kind: 'Comparison', Variable: '$.a', Operator: 'IsNumeric', Value: true },
        {
          kind: 'Or',
          Or: [
            { kind: 'Not', Not: { kind: 'Comparison', Variable: '$.b', Operator: 'IsNull', Value: true } },
            { kind: 'Comparison', Variable: '$.c', Operator: 'StringEquals', Value: 'x' },
          ],
        },
      ],
      Next: 'D',
      Comment: 'both',
      Assign: { seen: true },
    });
  });

  it('reads a JSONata Condition rule with its Output', () => {
    const model = parseDefinition(
      choiceMachine([{ Condition: '{% $states.input.n > 1 %}', Next: 'D', Output: { big: true } }], {
        QueryLanguage: 'JSONata',
      }),
    );
    const state = model.States['C'];
    expect(state?.Type === 'Choice' ? state.Choices : undefined).toEqual([
      { kind: 'Condition', Condition: '{% $states.input.n > 1 %}', Next: 'D', Output: { big: true } },
    ]);
  });
});
