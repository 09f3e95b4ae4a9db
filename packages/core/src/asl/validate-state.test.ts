import { describe, expect, it } from 'vitest';
import { formatDefinitionProblem, validateDefinition } from './index.js';

function machine(states: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ StartAt: Object.keys(states)[0], States: states, ...extra });
}

function problemsOf(text: string): readonly string[] {
  const validation = validateDefinition(text);
  return validation.kind === 'valid' ? [] : validation.problems.map(formatDefinitionProblem);
}

const lambda = 'arn:aws:lambda:us-east-1:111111111111:function:f';
const task = (fields: Record<string, unknown>): Record<string, unknown> => ({
  Type: 'Task',
  Resource: lambda,
  End: true,
  ...fields,
});
const processor = { StartAt: 'I', States: { I: { Type: 'Succeed' } } };
const map = (fields: Record<string, unknown>): Record<string, unknown> => ({
  Type: 'Map',
  End: true,
  ItemProcessor: processor,
  ...fields,
});

describe('Task states', () => {
  it.each<[string, Record<string, unknown>, readonly string[]]>([
    [
      'a missing Resource',
      { Type: 'Task', End: true },
      ['SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at /States/T'],
    ],
    [
      'a Resource that is not an ARN',
      task({ Resource: 'my-function' }),
      [
        'SCHEMA_VALIDATION_FAILED: The resource provided my-function is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at /States/T/Resource',
      ],
    ],
    [
      'an integration the service does not offer',
      task({ Resource: 'arn:aws:states:::dynamodb:query' }),
      [
        'SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::dynamodb:query is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at /States/T/Resource',
      ],
    ],
    [
      'an integration pattern the action lacks',
      task({ Resource: 'arn:aws:states:::dynamodb:putItem.sync' }),
      [
        'SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::dynamodb:putItem.sync is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at /States/T/Resource',
      ],
    ],
    [
      'a zero TimeoutSeconds',
      task({ TimeoutSeconds: 0 }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'TimeoutSeconds' must be at least 1 at /States/T"],
    ],
    [
      'a string TimeoutSeconds in JSONPath',
      task({ TimeoutSeconds: '10' }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'TimeoutSeconds' must be a positive integer at /States/T"],
    ],
    [
      'a TimeoutSeconds above the limit',
      task({ TimeoutSeconds: 100_000_000 }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'TimeoutSeconds' must be at most 99999999 at /States/T"],
    ],
    [
      'TimeoutSeconds with TimeoutSecondsPath',
      task({ TimeoutSeconds: 5, TimeoutSecondsPath: '$.t' }),
      [
        "SCHEMA_VALIDATION_FAILED: The fields 'TimeoutSeconds' and 'TimeoutSecondsPath' are mutually exclusive at /States/T",
      ],
    ],
    [
      'HeartbeatSeconds with HeartbeatSecondsPath',
      task({ HeartbeatSeconds: 5, HeartbeatSecondsPath: '$.h' }),
      [
        "SCHEMA_VALIDATION_FAILED: The fields 'HeartbeatSeconds' and 'HeartbeatSecondsPath' are mutually exclusive at /States/T",
      ],
    ],
    [
      'a heartbeat not below the timeout',
      task({ TimeoutSeconds: 10, HeartbeatSeconds: 10 }),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'HeartbeatSeconds' must be smaller than the value for the field 'TimeoutSeconds' at /States/T",
      ],
    ],
    [
      'a malformed TimeoutSecondsPath',
      task({ TimeoutSecondsPath: 'timeout' }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'TimeoutSecondsPath' must be a valid JSONPath at /States/T"],
    ],
    [
      'a malformed InputPath',
      task({ InputPath: '$.a[' }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'InputPath' must be a valid JSONPath at /States/T"],
    ],
    [
      'a ResultPath with a wildcard',
      task({ ResultPath: '$.a[*]' }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'ResultPath' must be a valid ReferencePath at /States/T"],
    ],
    [
      'a ResultPath on the context object',
      task({ ResultPath: '$$.Execution' }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'ResultPath' must be a valid ReferencePath at /States/T"],
    ],
    [
      'a ResultSelector that is not an object',
      task({ ResultSelector: [1] }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'ResultSelector' must be a JSON object at /States/T"],
    ],
    [
      'a .$ parameter that is not a path',
      task({ Parameters: { 'a.$': 'hello' } }),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'a.$' must be a valid JSONPath or a valid intrinsic function call at /States/T/Parameters",
      ],
    ],
    [
      'a nested .$ parameter with a bad path',
      task({ Parameters: { outer: { 'b.$': '$.x[' } } }),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'b.$' must be a valid JSONPath or a valid intrinsic function call at /States/T/Parameters/outer",
      ],
    ],
    [
      'a .$ parameter calling an unknown intrinsic',
      task({ Parameters: { 'a.$': 'States.Nope(1)' } }),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'a.$' must be a valid JSONPath or a valid intrinsic function call at /States/T/Parameters",
      ],
    ],
    [
      'a .$ parameter that is a number',
      task({ Parameters: { 'a.$': 3 } }),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'a.$' must be a valid JSONPath or a valid intrinsic function call at /States/T/Parameters",
      ],
    ],
    [
      'a .$ ResultSelector value with a bad path',
      task({ ResultSelector: { 'a.$': '$.' } }),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'a.$' must be a valid JSONPath or a valid intrinsic function call at /States/T/ResultSelector",
      ],
    ],
    [
      'Credentials that are not an object',
      task({ Credentials: 'role' }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'Credentials' must be a JSON object at /States/T"],
    ],
  ])('refuses %s', (_name, state, expected) => {
    expect(problemsOf(machine({ T: state }))).toEqual(expected);
  });
});

describe('Wait states', () => {
  it.each<[string, Record<string, unknown>, readonly string[]]>([
    [
      'no way of waiting',
      {},
      [
        "SCHEMA_VALIDATION_FAILED: A Wait state must have exactly one of the fields 'Seconds', 'Timestamp', 'SecondsPath' or 'TimestampPath' at /States/W",
      ],
    ],
    [
      'two ways of waiting',
      { Seconds: 1, SecondsPath: '$.s' },
      [
        "SCHEMA_VALIDATION_FAILED: A Wait state must have exactly one of the fields 'Seconds', 'Timestamp', 'SecondsPath' or 'TimestampPath' at /States/W",
      ],
    ],
    [
      'negative Seconds',
      { Seconds: -1 },
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'Seconds' must be at least 0 at /States/W"],
    ],
    [
      'a timestamp without T',
      { Timestamp: '2016-12-05 21:29:29Z' },
      ['SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at /States/W/Timestamp'],
    ],
    [
      'a timestamp without offset',
      { Timestamp: '2016-12-05T21:29:29' },
      ['SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at /States/W/Timestamp'],
    ],
    [
      'a malformed TimestampPath',
      { TimestampPath: 'ts' },
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'TimestampPath' must be a valid JSONPath at /States/W"],
    ],
  ])('refuses %s', (_name, fields, expected) => {
    expect(problemsOf(machine({ W: { Type: 'Wait', End: true, ...fields } }))).toEqual(expected);
  });
});

describe('Fail states', () => {
  it.each<[string, Record<string, unknown>, readonly string[]]>([
    [
      'Error with ErrorPath',
      { Error: 'E', ErrorPath: '$.e' },
      ["SCHEMA_VALIDATION_FAILED: The fields 'Error' and 'ErrorPath' are mutually exclusive at /States/F"],
    ],
    [
      'Cause with CausePath',
      { Cause: 'C', CausePath: '$.c' },
      ["SCHEMA_VALIDATION_FAILED: The fields 'Cause' and 'CausePath' are mutually exclusive at /States/F"],
    ],
    [
      'a numeric Error',
      { Error: 42 },
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'Error' must be a string at /States/F"],
    ],
    [
      'a CausePath that is neither path nor intrinsic',
      { CausePath: 'cause' },
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'CausePath' must be a valid JSONPath or a valid intrinsic function call at /States/F",
      ],
    ],
    [
      'InputPath on a Fail state',
      { InputPath: '$' },
      ['SCHEMA_VALIDATION_FAILED: The field "InputPath" is not supported by Step Functions at /States/F'],
    ],
  ])('refuses %s', (_name, fields, expected) => {
    expect(problemsOf(machine({ F: { Type: 'Fail', ...fields } }))).toEqual(expected);
  });
});

describe('Parallel and Map states', () => {
  it.each<[string, Record<string, unknown>, readonly string[]]>([
    [
      'a Parallel state without Branches',
      { Type: 'Parallel', End: true },
      ['SCHEMA_VALIDATION_FAILED: These fields are required: [Branches] at /States/S'],
    ],
    [
      'empty Branches',
      { Type: 'Parallel', End: true, Branches: [] },
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'Branches' must be a non-empty array at /States/S"],
    ],
    [
      'a branch without StartAt',
      { Type: 'Parallel', End: true, Branches: [{ States: { B: { Type: 'Succeed' } } }] },
      [
        'SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at /States/S/Branches[0]',
        'MISSING_TRANSITION_TARGET: State "B" is not reachable. at /States/S/Branches[0]/States/B',
      ],
    ],
    [
      'an unknown field in a branch',
      { Type: 'Parallel', End: true, Branches: [{ ...processor, Foo: 1 }] },
      ['SCHEMA_VALIDATION_FAILED: The field "Foo" is not supported by Step Functions at /States/S/Branches[0]'],
    ],
    [
      'a Map state without a processor',
      { Type: 'Map', End: true },
      ['SCHEMA_VALIDATION_FAILED: These fields are required: [ItemProcessor] at /States/S'],
    ],
    [
      'both ItemProcessor and Iterator',
      map({ Iterator: processor }),
      ["SCHEMA_VALIDATION_FAILED: The fields 'ItemProcessor' and 'Iterator' are mutually exclusive at /States/S"],
    ],
    [
      'both ItemSelector and Parameters',
      map({ ItemSelector: {}, Parameters: {} }),
      ["SCHEMA_VALIDATION_FAILED: The fields 'ItemSelector' and 'Parameters' are mutually exclusive at /States/S"],
    ],
    [
      'an unknown processor Mode',
      map({ ItemProcessor: { ...processor, ProcessorConfig: { Mode: 'FAST' } } }),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'Mode' must be one of [INLINE, DISTRIBUTED] at /States/S/ItemProcessor/ProcessorConfig",
      ],
    ],
    [
      'a distributed processor without ExecutionType',
      map({ ItemProcessor: { ...processor, ProcessorConfig: { Mode: 'DISTRIBUTED' } } }),
      [
        'SCHEMA_VALIDATION_FAILED: These fields are required: [ExecutionType] at /States/S/ItemProcessor/ProcessorConfig',
      ],
    ],
    [
      'a bad Mode in a legacy Iterator',
      { Type: 'Map', End: true, Iterator: { ...processor, ProcessorConfig: { Mode: 'PARALLEL' } } },
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'Mode' must be one of [INLINE, DISTRIBUTED] at /States/S/Iterator/ProcessorConfig",
      ],
    ],
    [
      'a negative MaxConcurrency',
      map({ MaxConcurrency: -1 }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'MaxConcurrency' must be at least 0 at /States/S"],
    ],
    [
      'MaxConcurrency with MaxConcurrencyPath',
      map({ MaxConcurrency: 1, MaxConcurrencyPath: '$.m' }),
      [
        "SCHEMA_VALIDATION_FAILED: The fields 'MaxConcurrency' and 'MaxConcurrencyPath' are mutually exclusive at /States/S",
      ],
    ],
    [
      'a ToleratedFailurePercentage above 100',
      map({ ToleratedFailurePercentage: 101 }),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'ToleratedFailurePercentage' must be at most 100 at /States/S",
      ],
    ],
    [
      'a fractional ToleratedFailureCount',
      map({ ToleratedFailureCount: 1.5 }),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'ToleratedFailureCount' must be a non-negative integer at /States/S",
      ],
    ],
    [
      'a malformed ItemsPath',
      map({ ItemsPath: 'items' }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'ItemsPath' must be a valid JSONPath at /States/S"],
    ],
    [
      'a Label longer than 40 characters',
      map({ Label: 'L'.repeat(41) }),
      [
        "SCHEMA_VALIDATION_FAILED: The value for the field 'Label' must be between 1 and 40 characters long at /States/S",
      ],
    ],
    [
      'an ItemReader that is not an object',
      map({ ItemReader: 'bucket' }),
      ["SCHEMA_VALIDATION_FAILED: The value for the field 'ItemReader' must be a JSON object at /States/S"],
    ],
    [
      'a state name reused inside a processor',
      map({ ItemProcessor: { StartAt: 'S', States: { S: { Type: 'Succeed' } } } }),
      ['DUPLICATE_STATE_NAME: Duplicate State name: S at /States/S/ItemProcessor/States/S'],
    ],
  ])('refuses %s', (_name, state, expected) => {
    expect(problemsOf(machine({ S: state }))).toEqual(expected);
  });
});
