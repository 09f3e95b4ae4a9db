import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import { createServiceFixture } from '../testing/service-fixture.js';

// The error and cause AWS records when a state's own fields cannot be applied at run time, word for
// word as AWS's recorded executions show them (scenarios/test_base_scenarios, base/test_wait).

const prefix = (state: string, eventId = 2): string =>
  `An error occurred while executing the state '${state}' (entered at the event id #${eventId}). `;

const mapWith = (fields: Record<string, unknown>) => ({
  StartAt: 'M',
  States: {
    M: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      End: true,
      ...fields,
    },
  },
});

describe('Map limits read through a path', () => {
  it.each([
    [
      'MaxConcurrencyPath',
      { v: 'NoNumber' },
      'The MaxConcurrencyPath field refers to value "NoNumber" which is not a valid integer: $.v',
    ],
    [
      'MaxConcurrencyPath',
      { v: {} },
      'The MaxConcurrencyPath field refers to value "{}" which is not a valid integer: $.v',
    ],
    [
      'MaxConcurrencyPath',
      { v: 1.5 },
      'The MaxConcurrencyPath field refers to value "1.5" which is not a valid integer: $.v',
    ],
    [
      'ToleratedFailureCountPath',
      { v: 'NoNumber' },
      'The ToleratedFailureCountPath field refers to value "NoNumber" which is not a valid integer: $.v',
    ],
    ['ToleratedFailureCountPath', { v: -1 }, 'ToleratedFailureCount cannot be negative.'],
    [
      'ToleratedFailurePercentagePath',
      { v: {} },
      'The ToleratedFailurePercentagePath field refers to value "{}" which is not a valid float: $.v',
    ],
    ['ToleratedFailurePercentagePath', { v: -1.1 }, 'ToleratedFailurePercentage must be between 0 and 100.'],
    ['ToleratedFailurePercentagePath', { v: 100.1 }, 'ToleratedFailurePercentage must be between 0 and 100.'],
  ])('fails with States.Runtime when %s selects %j', async (field, value, cause) => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(mapWith({ [field]: '$.v' }), { items: [1], ...value });
    expect(await f.describe(arn)).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: prefix('M') + cause,
    });
    expect(await f.types(arn)).toEqual(['ExecutionStarted', 'MapStateEntered', 'ExecutionFailed']);
  });

  it.each([
    ['MaxConcurrencyPath', 0],
    ['MaxConcurrencyPath', '5'],
    ['ToleratedFailureCountPath', '1'],
    ['ToleratedFailurePercentagePath', 1.1],
    ['ToleratedFailurePercentagePath', '100'],
  ])('accepts %s selecting %j, numeric text included', async (field, value) => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(mapWith({ [field]: '$.v' }), { items: [1], v: value });
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '[1]' });
  });
});

describe('Fail paths', () => {
  it.each([['ErrorPath'], ['CausePath']])('names the input when %s matches nothing', async (field) => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run({ StartAt: 'F', States: { F: { Type: 'Fail', [field]: '$.missing' } } }, { present: 1 });
    expect(await f.describe(arn)).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: `${prefix('F')}The JSONPath '$.missing' specified for the field '${field}' could not be found in the input '{"present":1}'`,
    });
  });
});

describe('JSONata results', () => {
  const jsonataPass = (output: string) => ({
    QueryLanguage: 'JSONata',
    StartAt: 'P',
    States: { P: { Type: 'Pass', Output: output, End: true } },
  });

  it('fails with an unsupported result type when Items evaluates to a function', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run({
      QueryLanguage: 'JSONata',
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          Items: '{% $fn := function($x){$x} %}',
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    });
    expect(await f.describe(arn)).toMatchObject({
      status: 'FAILED',
      error: 'States.QueryEvaluationError',
      cause: `${prefix('M')}The JSONata expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type.`,
    });
  });

  it('fails with an unsupported result type when an output holds a function', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(jsonataPass('{% [1, $sum] %}'));
    expect(await f.describe(arn)).toMatchObject({
      status: 'FAILED',
      error: 'States.QueryEvaluationError',
      cause: `${prefix('P')}The JSONata expression '[1, $sum]' specified for the field 'Output' returned an unsupported result type.`,
    });
  });

  // AWS's $range yields a sequence: one number is that number (intrinsic_functions/test_array_jsonata).
  it.each([
    ['$range(1, 9, 9)', '1'],
    ['$range(1, 9, 4)', '[1,5,9]'],
    ['$partition([0], 1)', '[[0]]'],
  ])('gives %s as %s', async (expression, output) => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(jsonataPass(`{% ${expression} %}`));
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output });
  });
});
