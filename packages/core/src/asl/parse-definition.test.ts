import { describe, expect, it } from 'vitest';
import { InvalidDefinition } from '../errors/index.js';
import { parseDefinition } from './index.js';

function stateOf(definition: unknown, name: string): unknown {
  return parseDefinition(JSON.stringify(definition)).States[name];
}

describe('parseDefinition', () => {
  it('gives the machine and every state the default query language, JSONPath', () => {
    const model = parseDefinition('{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}');
    expect(model).toEqual({
      StartAt: 'A',
      QueryLanguage: 'JSONPath',
      States: { A: { Type: 'Pass', End: true, QueryLanguage: 'JSONPath' } },
    });
  });

  it('carries the top-level Comment, Version and TimeoutSeconds', () => {
    const model = parseDefinition(
      JSON.stringify({
        Comment: 'hello',
        Version: '1.0',
        TimeoutSeconds: 60,
        StartAt: 'A',
        States: { A: { Type: 'Succeed' } },
      }),
    );
    expect([model.Comment, model.Version, model.TimeoutSeconds]).toEqual(['hello', '1.0', 60]);
  });

  it('returns a model frozen all the way down', () => {
    const model = parseDefinition(
      JSON.stringify({
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { a: { b: [1] } },
            Retry: [{ ErrorEquals: ['E'] }],
            End: true,
          },
        },
      }),
    );
    const state = model.States['T'];
    expect(Object.isFrozen(model)).toBe(true);
    expect(Object.isFrozen(model.States)).toBe(true);
    expect(Object.isFrozen(state)).toBe(true);
    expect(state?.Type === 'Task' && Object.isFrozen(state.Retry?.[0]?.ErrorEquals)).toBe(true);
    expect(() => {
      (model as { StartAt: string }).StartAt = 'X';
    }).toThrow(TypeError);
  });

  it('keeps a null InputPath, OutputPath and ResultPath, which mean something', () => {
    expect(
      stateOf(
        {
          StartAt: 'A',
          States: { A: { Type: 'Pass', InputPath: null, OutputPath: null, ResultPath: null, End: true } },
        },
        'A',
      ),
    ).toEqual({
      Type: 'Pass',
      InputPath: null,
      OutputPath: null,
      ResultPath: null,
      End: true,
      QueryLanguage: 'JSONPath',
    });
  });

  it('accepts paths on the context object, on variables and intrinsic calls in payload templates', () => {
    expect(
      stateOf(
        {
          StartAt: 'A',
          States: {
            A: {
              Type: 'Pass',
              End: true,
              Parameters: {
                'id.$': '$$.Execution.Id',
                'v.$': '$counter',
                'f.$': "States.Format('{} {}', $.a, States.UUID())",
                'n.$': '$.items[?(@.ok)]',
                plain: '$.not-dynamic',
              },
            },
          },
        },
        'A',
      ),
    ).toMatchObject({ Parameters: { 'id.$': '$$.Execution.Id', plain: '$.not-dynamic' } });
  });

  it('turns a legacy Iterator into an INLINE ItemProcessor and Parameters into ItemSelector', () => {
    const map = stateOf(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            End: true,
            ItemsPath: '$.items',
            MaxConcurrency: 2,
            Parameters: { 'item.$': '$$.Map.Item.Value' },
            Iterator: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
          },
        },
      },
      'M',
    );
    expect(map).toEqual({
      Type: 'Map',
      End: true,
      QueryLanguage: 'JSONPath',
      ItemsPath: '$.items',
      MaxConcurrency: 2,
      ItemSelector: { 'item.$': '$$.Map.Item.Value' },
      ItemProcessor: {
        StartAt: 'I',
        QueryLanguage: 'JSONPath',
        ProcessorConfig: { Mode: 'INLINE' },
        States: { I: { Type: 'Pass', End: true, QueryLanguage: 'JSONPath' } },
      },
    });
  });

  // AWS accepts a ProcessorConfig inside the legacy Iterator, beside Parameters or ItemSelector
  // (scenarios/test_map_state_legacy_config_inline_parameters, …_item_selector).
  it.each([['Parameters'], ['ItemSelector']])('reads a legacy Iterator with its ProcessorConfig and %s', (field) => {
    const map = stateOf(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            End: true,
            [field]: { 'item.$': '$$.Map.Item.Value' },
            Iterator: {
              StartAt: 'I',
              States: { I: { Type: 'Pass', End: true } },
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            },
          },
        },
      },
      'M',
    );
    expect(map).toMatchObject({
      ItemSelector: { 'item.$': '$$.Map.Item.Value' },
      ItemProcessor: { StartAt: 'I', ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
    });
  });

  it('reads a distributed Map with its reader, batcher, writer and label', () => {
    const map = stateOf(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            End: true,
            Label: 'Files',
            ToleratedFailurePercentage: 5,
            ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { 'Bucket.$': '$.bucket' } },
            ItemBatcher: { MaxItemsPerBatch: 10 },
            ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'out' } },
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
              StartAt: 'I',
              States: { I: { Type: 'Succeed' } },
            },
          },
        },
      },
      'M',
    );
    expect(map).toMatchObject({
      Label: 'Files',
      ToleratedFailurePercentage: 5,
      ItemBatcher: { MaxItemsPerBatch: 10 },
      ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2' },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'I' },
    });
  });

  it('defaults a processor without ProcessorConfig to INLINE', () => {
    expect(
      stateOf(
        {
          StartAt: 'M',
          States: {
            M: {
              Type: 'Map',
              End: true,
              ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Succeed' } } },
            },
          },
        },
        'M',
      ),
    ).toMatchObject({ ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' } } });
  });

  it('reads Parallel branches as scopes of their own', () => {
    expect(
      stateOf(
        {
          StartAt: 'P',
          States: {
            P: {
              Type: 'Parallel',
              End: true,
              ResultSelector: { 'first.$': '$[0]' },
              Branches: [
                { StartAt: 'A', Comment: 'one', States: { A: { Type: 'Succeed' } } },
                { StartAt: 'B', States: { B: { Type: 'Wait', Seconds: 0, End: true } } },
              ],
            },
          },
        },
        'P',
      ),
    ).toEqual({
      Type: 'Parallel',
      End: true,
      QueryLanguage: 'JSONPath',
      ResultSelector: { 'first.$': '$[0]' },
      Branches: [
        {
          StartAt: 'A',
          Comment: 'one',
          QueryLanguage: 'JSONPath',
          States: { A: { Type: 'Succeed', QueryLanguage: 'JSONPath' } },
        },
        {
          StartAt: 'B',
          QueryLanguage: 'JSONPath',
          States: { B: { Type: 'Wait', Seconds: 0, End: true, QueryLanguage: 'JSONPath' } },
        },
      ],
    });
  });

  it('reads every Wait and Fail variant', () => {
    const model = parseDefinition(
      JSON.stringify({
        StartAt: 'W1',
        States: {
          W1: { Type: 'Wait', Timestamp: '2024-01-01T00:00:00.5+01:00', Next: 'W2' },
          W2: { Type: 'Wait', SecondsPath: '$.s', Next: 'W3' },
          W3: { Type: 'Wait', TimestampPath: '$$.Execution.Input.at', Next: 'F' },
          F: { Type: 'Fail', ErrorPath: '$.error', CausePath: "States.Format('bad {}', $.x)" },
        },
      }),
    );
    expect(model.States['W1']).toMatchObject({ Timestamp: '2024-01-01T00:00:00.5+01:00' });
    expect(model.States['F']).toEqual({
      Type: 'Fail',
      QueryLanguage: 'JSONPath',
      ErrorPath: '$.error',
      CausePath: "States.Format('bad {}', $.x)",
    });
  });

  it('throws InvalidDefinition listing every problem of the definition, in AWS form', () => {
    const definition = JSON.stringify({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Next: 'Missing', Foo: 1 },
        B: { Type: 'Wait', Seconds: -5, End: true },
        C: { Type: 'Task', End: true },
      },
    });
    const problems = [
      'SCHEMA_VALIDATION_FAILED: The field "Foo" is not supported by Step Functions at /States/A',
      "SCHEMA_VALIDATION_FAILED: The value for the field 'Seconds' must be at least 0 at /States/B",
      'SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at /States/C',
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: Missing at /States/A/Next",
      'MISSING_TRANSITION_TARGET: State "B" is not reachable. at /States/B',
      'MISSING_TRANSITION_TARGET: State "C" is not reachable. at /States/C',
    ];
    expect(() => parseDefinition(definition)).toThrow(InvalidDefinition);
    try {
      parseDefinition(definition);
    } catch (error: unknown) {
      expect(error).toMatchObject({
        code: 'InvalidDefinition',
        problems,
        message: `Invalid State Machine Definition: '${problems.join(', ')}'`,
      });
    }
  });

  it('reports text that is not JSON as INVALID_JSON_DESCRIPTION', () => {
    expect(() => parseDefinition('{"StartAt": }')).toThrow(
      /^Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: /,
    );
  });

  it('reports an empty definition as MISSING_DESCRIPTION', () => {
    expect(() => parseDefinition('  ')).toThrow(
      "Invalid State Machine Definition: 'MISSING_DESCRIPTION: Received a null or empty workflow input at null'",
    );
  });
});
