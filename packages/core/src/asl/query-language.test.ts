import { describe, expect, it } from 'vitest';
import { formatDefinitionProblem, parseDefinition, validateDefinition } from './index.js';

function machine(states: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ StartAt: Object.keys(states)[0], States: states, ...extra });
}

function problemsOf(text: string): readonly string[] {
  const validation = validateDefinition(text);
  return validation.kind === 'valid' ? [] : validation.problems.map(formatDefinitionProblem);
}

const jsonataMachine = { QueryLanguage: 'JSONata' };
const lambda = 'arn:aws:states:::lambda:invoke';

describe('QueryLanguage', () => {
  it('gives every state and nested scope of a JSONata machine the JSONata language', () => {
    const model = parseDefinition(
      machine(
        {
          P: {
            Type: 'Parallel',
            Next: 'M',
            Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', Output: '{% $states.input %}', End: true } } }],
          },
          M: {
            Type: 'Map',
            End: true,
            Items: '{% [1, 2] %}',
            ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Succeed' } } },
          },
        },
        jsonataMachine,
      ),
    );
    expect(model.QueryLanguage).toBe('JSONata');
    expect(model.States['P']).toMatchObject({
      QueryLanguage: 'JSONata',
      Branches: [{ QueryLanguage: 'JSONata', States: { B: { QueryLanguage: 'JSONata' } } }],
    });
    expect(model.States['M']).toMatchObject({
      QueryLanguage: 'JSONata',
      Items: '{% [1, 2] %}',
      ItemProcessor: { QueryLanguage: 'JSONata', States: { I: { QueryLanguage: 'JSONata' } } },
    });
  });

  it('lets one state of a JSONPath machine use JSONata, and its nested scopes inherit it', () => {
    const model = parseDefinition(
      machine({
        A: {
          Type: 'Pass',
          QueryLanguage: 'JSONata',
          Output: { n: '{% 1 + 1 %}' },
          Assign: { total: '{% $states.input.n %}' },
          Next: 'M',
        },
        M: {
          Type: 'Map',
          QueryLanguage: 'JSONata',
          End: true,
          ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Succeed' } } },
        },
      }),
    );
    expect(model.QueryLanguage).toBe('JSONPath');
    expect(model.States['A']).toEqual({
      Type: 'Pass',
      QueryLanguage: 'JSONata',
      Output: { n: '{% 1 + 1 %}' },
      Assign: { total: '{% $states.input.n %}' },
      Next: 'M',
    });
    expect(model.States['M']).toMatchObject({
      ItemProcessor: { QueryLanguage: 'JSONata', States: { I: { QueryLanguage: 'JSONata' } } },
    });
  });

  it('reads JSONata Task arguments and expression-valued timeouts', () => {
    expect(
      parseDefinition(
        machine(
          {
            T: {
              Type: 'Task',
              Resource: lambda,
              Arguments: { FunctionName: 'f', Payload: '{% $states.input %}' },
              TimeoutSeconds: '{% $t %}',
              HeartbeatSeconds: 5,
              End: true,
            },
          },
          jsonataMachine,
        ),
      ).States['T'],
    ).toEqual({
      Type: 'Task',
      QueryLanguage: 'JSONata',
      Resource: lambda,
      End: true,
      Arguments: { FunctionName: 'f', Payload: '{% $states.input %}' },
      TimeoutSeconds: '{% $t %}',
      HeartbeatSeconds: 5,
      resourceInfo: { kind: 'lambda-invoke', resourceType: 'lambda', resource: 'invoke', waitForTaskToken: false },
    });
  });

  it.each<[string, string, readonly string[]]>([
    [
      'a JSONPath state inside a JSONata machine',
      machine({ A: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } }, jsonataMachine),
      [
        "SCHEMA_VALIDATION_FAILED: A state cannot use the QueryLanguage 'JSONPath' when the state machine's QueryLanguage is 'JSONata' at /States/A/QueryLanguage",
      ],
    ],
    [
      'an unknown state QueryLanguage',
      machine({ A: { Type: 'Pass', QueryLanguage: 'jsonata', End: true } }),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'QueryLanguage' must be one of [JSONPath, JSONata] at /States/A",
      ],
    ],
    [
      'InputPath and Parameters in a JSONata state',
      machine({ A: { Type: 'Task', Resource: lambda, InputPath: '$', Parameters: {}, End: true } }, jsonataMachine),
      [
        'SCHEMA_VALIDATION_FAILED: The field "InputPath" is not supported by Step Functions when the QueryLanguage is JSONata at /States/A',
        'SCHEMA_VALIDATION_FAILED: The field "Parameters" is not supported by Step Functions when the QueryLanguage is JSONata at /States/A',
      ],
    ],
    [
      'Arguments and Output in a JSONPath state',
      machine({ A: { Type: 'Task', Resource: lambda, Arguments: {}, Output: {}, End: true } }),
      [
        'SCHEMA_VALIDATION_FAILED: The field "Arguments" is not supported by Step Functions when the QueryLanguage is JSONPath at /States/A',
        'SCHEMA_VALIDATION_FAILED: The field "Output" is not supported by Step Functions when the QueryLanguage is JSONPath at /States/A',
      ],
    ],
    [
      'SecondsPath in a JSONata Wait',
      machine({ W: { Type: 'Wait', SecondsPath: '$.s', End: true } }, jsonataMachine),
      [
        'SCHEMA_VALIDATION_FAILED: The field "SecondsPath" is not supported by Step Functions when the QueryLanguage is JSONata at /States/W',
        "SCHEMA_VALIDATION_FAILED: A Wait state must have exactly one of the fields 'Seconds' or 'Timestamp' at /States/W",
      ],
    ],
    [
      'ItemsPath in a JSONata Map',
      machine(
        {
          M: {
            Type: 'Map',
            ItemsPath: '$.a',
            End: true,
            ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Succeed' } } },
          },
        },
        jsonataMachine,
      ),
      [
        'SCHEMA_VALIDATION_FAILED: The field "ItemsPath" is not supported by Step Functions when the QueryLanguage is JSONata at /States/M',
      ],
    ],
    [
      'a JSONata expression that does not compile',
      machine({ A: { Type: 'Pass', Output: { x: '{% $states.input + %}' }, End: true } }, jsonataMachine),
      [
        "SCHEMA_VALIDATION_FAILED: The JSONata expression '{% $states.input + %}' specified for the field 'Output' is invalid: Unexpected end of expression (position 17) at /States/A/Output/x",
      ],
    ],
    [
      'an empty JSONata expression',
      machine({ A: { Type: 'Pass', Output: '{%  %}', End: true } }, jsonataMachine),
      [
        "SCHEMA_VALIDATION_FAILED: The JSONata expression '{%  %}' specified for the field 'Output' is invalid: The expression is empty at /States/A/Output",
      ],
    ],
    [
      'a literal string TimeoutSeconds in JSONata',
      machine({ T: { Type: 'Task', Resource: lambda, TimeoutSeconds: '10', End: true } }, jsonataMachine),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'TimeoutSeconds' must be a JSONata expression at /States/T"],
    ],
    [
      'a bad expression in a JSONata Condition',
      machine(
        { C: { Type: 'Choice', Choices: [{ Condition: '{% ( %}', Next: 'D' }] }, D: { Type: 'Succeed' } },
        jsonataMachine,
      ),
      [
        "SCHEMA_VALIDATION_FAILED: The JSONata expression '{% ( %}' specified for the field 'Condition' is invalid: Expected \")\" before end of expression (position 3) at /States/C/Choices[0]/Condition",
      ],
    ],
    [
      'Map Items that are neither an array nor an expression',
      machine(
        {
          M: {
            Type: 'Map',
            Items: { a: 1 },
            End: true,
            ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Succeed' } } },
          },
        },
        jsonataMachine,
      ),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'Items' must be an array or a JSONata expression at /States/M",
      ],
    ],
    [
      'an Assign with an invalid variable name',
      machine({ A: { Type: 'Pass', Assign: { 'my-var': 1 }, End: true } }),
      [
        "SCHEMA_VALIDATION_FAILED: The variable name 'my-var' is invalid: it must start with a letter or '_', contain only letters, digits and '_', and be at most 80 characters long at /States/A/Assign",
      ],
    ],
    [
      'an Assign of the reserved name states',
      machine({ A: { Type: 'Pass', Assign: { states: 1 }, End: true } }, jsonataMachine),
      [
        "SCHEMA_VALIDATION_FAILED: The variable name 'states' is invalid: it must start with a letter or '_', contain only letters, digits and '_', and be at most 80 characters long at /States/A/Assign",
      ],
    ],
    [
      'a JSONPath Assign with a bad dynamic value',
      machine({ A: { Type: 'Pass', Assign: { 'x.$': '$.' }, End: true } }),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'x.$' must be a valid JSONPath or a valid intrinsic function call at /States/A/Assign",
      ],
    ],
    [
      'an Assign that is not an object',
      machine({ A: { Type: 'Pass', Assign: [1], End: true } }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'Assign' must be a JSON object at /States/A"],
    ],
  ])('refuses %s', (_name, text, expected) => {
    expect(problemsOf(text)).toEqual(expected);
  });
});
