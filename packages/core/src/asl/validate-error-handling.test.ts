import { describe, expect, it } from 'vitest';
import { formatDefinitionProblem, parseDefinition, validateDefinition } from './index.js';

const lambda = 'arn:aws:lambda:us-east-1:111111111111:function:f';

function taskMachine(fields: Record<string, unknown>): string {
  return JSON.stringify({
    StartAt: 'T',
    States: { T: { Type: 'Task', Resource: lambda, End: true, ...fields }, Recover: { Type: 'Succeed' } },
  });
}

function problemsOf(text: string): readonly string[] {
  const validation = validateDefinition(text);
  return validation.kind === 'valid' ? [] : validation.problems.map(formatDefinitionProblem);
}

const recover = { Next: 'Recover' };

describe('Retry and Catch', () => {
  it.each<[string, Record<string, unknown>, readonly string[]]>([
    [
      'a Retry that is not an array',
      { Retry: {}, Catch: [{ ErrorEquals: ['States.ALL'], ...recover }] },
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'Retry' must be an array at /States/T"],
    ],
    [
      'a retrier without ErrorEquals',
      { Retry: [{ MaxAttempts: 1 }] },
      [
        'SCHEMA_VALIDATION_FAILED: These fields are required: [ErrorEquals] at /States/T/Retry[0]',
        'MISSING_TRANSITION_TARGET: State "Recover" is not reachable. at /States/Recover',
      ],
    ],
    [
      'an empty ErrorEquals',
      { Retry: [{ ErrorEquals: [] }] },
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'ErrorEquals' must be a non-empty array of non-empty strings at /States/T/Retry[0]",
        'MISSING_TRANSITION_TARGET: State "Recover" is not reachable. at /States/Recover',
      ],
    ],
    [
      'States.ALL beside another error',
      { Catch: [{ ErrorEquals: ['States.ALL', 'States.Timeout'], ...recover }] },
      [
        "SCHEMA_VALIDATION_FAILED: 'States.ALL' must appear alone in the field 'ErrorEquals' at /States/T/Catch[0]/ErrorEquals",
      ],
    ],
    [
      'a retrier with States.ALL before another',
      { Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['E'] }] },
      [
        "SCHEMA_VALIDATION_FAILED: A Retrier whose ErrorEquals contains 'States.ALL' must be the last one at /States/T/Retry[0]",
        'MISSING_TRANSITION_TARGET: State "Recover" is not reachable. at /States/Recover',
      ],
    ],
    [
      'a catcher with States.ALL before another',
      {
        Catch: [
          { ErrorEquals: ['States.ALL'], ...recover },
          { ErrorEquals: ['E'], ...recover },
        ],
      },
      [
        "SCHEMA_VALIDATION_FAILED: A Catcher whose ErrorEquals contains 'States.ALL' must be the last one at /States/T/Catch[0]",
      ],
    ],
    [
      'a zero IntervalSeconds',
      { Retry: [{ ErrorEquals: ['E'], IntervalSeconds: 0 }], Catch: [{ ErrorEquals: ['E'], ...recover }] },
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'IntervalSeconds' must be at least 1 at /States/T/Retry[0]"],
    ],
    [
      'a negative MaxAttempts',
      { Retry: [{ ErrorEquals: ['E'], MaxAttempts: -1 }], Catch: [{ ErrorEquals: ['E'], ...recover }] },
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'MaxAttempts' must be at least 0 at /States/T/Retry[0]"],
    ],
    [
      'a BackoffRate below 1',
      { Retry: [{ ErrorEquals: ['E'], BackoffRate: 0.5 }], Catch: [{ ErrorEquals: ['E'], ...recover }] },
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'BackoffRate' must be at least 1 at /States/T/Retry[0]"],
    ],
    [
      'a zero MaxDelaySeconds',
      { Retry: [{ ErrorEquals: ['E'], MaxDelaySeconds: 0 }], Catch: [{ ErrorEquals: ['E'], ...recover }] },
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'MaxDelaySeconds' must be at least 1 at /States/T/Retry[0]"],
    ],
    [
      'an unknown JitterStrategy',
      { Retry: [{ ErrorEquals: ['E'], JitterStrategy: 'HALF' }], Catch: [{ ErrorEquals: ['E'], ...recover }] },
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'JitterStrategy' must be one of [FULL, NONE] at /States/T/Retry[0]",
      ],
    ],
    [
      'an unknown retrier field',
      { Retry: [{ ErrorEquals: ['E'], Backoff: 2 }], Catch: [{ ErrorEquals: ['E'], ...recover }] },
      ['SCHEMA_VALIDATION_FAILED: The field "Backoff" is not supported by Step Functions at /States/T/Retry[0]'],
    ],
    [
      'a catcher without Next',
      { Catch: [{ ErrorEquals: ['E'] }] },
      [
        'SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at /States/T/Catch[0]',
        'MISSING_TRANSITION_TARGET: State "Recover" is not reachable. at /States/Recover',
      ],
    ],
    [
      'a catcher whose Next names no state',
      { Catch: [{ ErrorEquals: ['E'], Next: 'Nowhere' }] },
      [
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere at /States/T/Catch[0]/Next",
        'MISSING_TRANSITION_TARGET: State "Recover" is not reachable. at /States/Recover',
      ],
    ],
    [
      'a catcher ResultPath with a filter',
      { Catch: [{ ErrorEquals: ['E'], ResultPath: '$.a[?(@.b)]', ...recover }] },
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'ResultPath' must be a valid ReferencePath at /States/T/Catch[0]",
      ],
    ],
    [
      'Output on a JSONPath catcher',
      { Catch: [{ ErrorEquals: ['E'], Output: {}, ...recover }] },
      ['SCHEMA_VALIDATION_FAILED: The field "Output" is not supported by Step Functions at /States/T/Catch[0]'],
    ],
  ])('refuses %s', (_name, fields, expected) => {
    expect(problemsOf(taskMachine(fields))).toEqual(expected);
  });

  it('fills in the defaults of every retrier and keeps what was written', () => {
    const model = parseDefinition(
      taskMachine({
        Retry: [
          { ErrorEquals: ['States.Timeout'] },
          {
            ErrorEquals: ['States.ALL'],
            IntervalSeconds: 3,
            MaxAttempts: 0,
            BackoffRate: 1.5,
            MaxDelaySeconds: 10,
            JitterStrategy: 'FULL',
            Comment: 'last',
          },
        ],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Recover' }],
      }),
    );
    const state = model.States['T'];
    expect(state?.Type === 'Task' ? [state.Retry, state.Catch] : undefined).toEqual([
      [
        { ErrorEquals: ['States.Timeout'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: 'NONE' },
        {
          ErrorEquals: ['States.ALL'],
          IntervalSeconds: 3,
          MaxAttempts: 0,
          BackoffRate: 1.5,
          MaxDelaySeconds: 10,
          JitterStrategy: 'FULL',
          Comment: 'last',
        },
      ],
      [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Recover' }],
    ]);
  });
});
