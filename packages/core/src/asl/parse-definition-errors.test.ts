import { describe, expect, it } from 'vitest';
import { InvalidDefinition } from '../errors/index.js';
import { formatDefinitionProblem, parseDefinition, validateDefinition } from './index.js';

// Each case is an invalid definition and every problem AWS-style validation must list for it,
// with its code and its location.

function machine(states: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ StartAt: Object.keys(states)[0], States: states, ...extra });
}

function problemsOf(text: string): readonly string[] {
  const validation = validateDefinition(text);
  return validation.kind === 'valid' ? [] : validation.problems.map(formatDefinitionProblem);
}

const end = { End: true };
const task = { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111111111111:function:f', End: true };
const jsonata = { QueryLanguage: 'JSONata' };

describe('parseDefinition refuses', () => {
  it.each<[string, string, readonly string[]]>([
    ['text that is not JSON', '{"StartAt": "A",', []],
    [
      'a definition that is not an object',
      '[1]',
      ['SCHEMA_VALIDATION_FAILED: The definition must be a JSON object at /'],
    ],
    [
      'a missing StartAt',
      JSON.stringify({ States: { A: { Type: 'Pass', End: true } } }),
      [
        'SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at /',
        'MISSING_TRANSITION_TARGET: State "A" is not reachable. at /States/A',
      ],
    ],
    [
      'a missing States',
      JSON.stringify({ StartAt: 'A' }),
      ['SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'],
    ],
    [
      'empty States',
      JSON.stringify({ StartAt: 'A', States: {} }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'States' must be a non-empty JSON object at /"],
    ],
    [
      'an unknown top-level field',
      machine({ A: { Type: 'Pass', ...end } }, { Foo: 1 }),
      ['SCHEMA_VALIDATION_FAILED: The field "Foo" is not supported by Step Functions at /'],
    ],
    [
      'a zero machine TimeoutSeconds',
      machine({ A: { Type: 'Pass', ...end } }, { TimeoutSeconds: 0 }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'TimeoutSeconds' must be at least 1 at /"],
    ],
    [
      'a fractional machine TimeoutSeconds',
      machine({ A: { Type: 'Pass', ...end } }, { TimeoutSeconds: 1.5 }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'TimeoutSeconds' must be a positive integer at /"],
    ],
    [
      'a numeric Version',
      machine({ A: { Type: 'Pass', ...end } }, { Version: 1 }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'Version' must be a string at /"],
    ],
    [
      'an unknown QueryLanguage',
      machine({ A: { Type: 'Pass', ...end } }, { QueryLanguage: 'XPath' }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'QueryLanguage' must be one of [JSONPath, JSONata] at /"],
    ],
    [
      'a state without Type',
      machine({ A: { End: true } }),
      ['SCHEMA_VALIDATION_FAILED: These fields are required: [Type] at /States/A'],
    ],
    [
      'an unknown state Type',
      machine({ A: { Type: 'Sleep', End: true } }),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'Type' must be one of [Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map] at /States/A",
      ],
    ],
    [
      'a state that is not an object',
      machine({ A: 'Pass' }),
      ['SCHEMA_VALIDATION_FAILED: A state must be a JSON object at /States/A'],
    ],
    [
      'an unknown state field',
      machine({ X: { Type: 'Pass', Foo: 1, End: true } }),
      ['SCHEMA_VALIDATION_FAILED: The field "Foo" is not supported by Step Functions at /States/X'],
    ],
    [
      'a state name longer than 80 characters',
      machine({ ['N'.repeat(81)]: { Type: 'Succeed' } }),
      [
        `INVALID_STATE_NAME: State name must be between 1 and 80 characters long: "${'N'.repeat(81)}" at /States/${'N'.repeat(81)}`,
      ],
    ],
    [
      'both Next and End',
      machine({ A: { Type: 'Pass', Next: 'B', End: true }, B: { Type: 'Succeed' } }),
      ["SCHEMA_VALIDATION_FAILED: The fields 'Next' and 'End' are mutually exclusive at /States/A"],
    ],
    [
      'neither Next nor End',
      machine({ A: { Type: 'Pass' } }),
      [
        "SCHEMA_VALIDATION_FAILED: Exactly one of the fields 'Next' or 'End: true' is required at /States/A",
        'MISSING_END_STATE: Workflow has no terminal state at null',
      ],
    ],
    [
      'End on a Succeed state',
      machine({ A: { Type: 'Succeed', End: true } }),
      ['SCHEMA_VALIDATION_FAILED: The field "End" is not supported by Step Functions at /States/A'],
    ],
    [
      'Next on a Fail state',
      machine({ A: { Type: 'Fail', Next: 'A' } }),
      ['SCHEMA_VALIDATION_FAILED: The field "Next" is not supported by Step Functions at /States/A'],
    ],
    [
      'End on a Choice state',
      machine({
        A: { Type: 'Choice', End: true, Choices: [{ Variable: '$.x', IsPresent: true, Next: 'B' }] },
        B: { Type: 'Succeed' },
      }),
      ['SCHEMA_VALIDATION_FAILED: The field "End" is not supported by Step Functions at /States/A'],
    ],
    [
      'Result on a Task state',
      machine({ A: { ...task, Result: 1 } }),
      ['SCHEMA_VALIDATION_FAILED: The field "Result" is not supported by Step Functions at /States/A'],
    ],
    [
      'Retry on a Pass state',
      machine({ A: { Type: 'Pass', End: true, Retry: [] } }),
      ['SCHEMA_VALIDATION_FAILED: The field "Retry" is not supported by Step Functions at /States/A'],
    ],
    [
      'TimeoutSeconds on a Map state',
      machine({
        M: {
          Type: 'Map',
          End: true,
          TimeoutSeconds: 5,
          ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Succeed' } } },
        },
      }),
      ['SCHEMA_VALIDATION_FAILED: The field "TimeoutSeconds" is not supported by Step Functions at /States/M'],
    ],
    [
      'a numeric Comment',
      machine({ A: { Type: 'Pass', End: true, Comment: 3 } }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'Comment' must be a string at /States/A"],
    ],
  ])('%s', (_name, text, expected) => {
    const problems = problemsOf(text);
    if (expected.length === 0) {
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^INVALID_JSON_DESCRIPTION: /);
    } else {
      expect(problems).toEqual(expected);
    }
  });
});
