import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import { createServiceFixture, type ServiceFixture } from '../testing/service-fixture.js';
import { evolve } from './evolve.js';
import { initialExecutionState, visibleVariables } from './execution-state.js';

// JSONata states and workflow variables, end to end through StepFunctions on the memory store with
// the fake clock: whole histories are compared (id, previous id, type and details).

type Row = [number, number, string, Record<string, unknown>?];

/** `[id, previousEventId, type, details]` of every event, details parsed where they are JSON text. */
async function rows(f: ServiceFixture, arn: string): Promise<Row[]> {
  return (await f.history(arn)).map((event) => {
    const {
      id,
      previousEventId,
      type,
      timestamp: _time,
      ...rest
    } = event as unknown as Record<string, unknown> & {
      id: number;
      previousEventId?: number;
      type: string;
    };
    const details = Object.values(rest)[0] as Record<string, unknown> | undefined;
    return details === undefined || Object.keys(details).length === 0
      ? [id, previousEventId ?? 0, type]
      : [id, previousEventId ?? 0, type, details];
  });
}

const entered = (name: string, input: unknown) => ({
  name,
  input: JSON.stringify(input),
  inputDetails: { truncated: false },
});
const exited = (name: string, output: unknown, assigned?: Record<string, unknown>) => ({
  name,
  output: JSON.stringify(output),
  outputDetails: { truncated: false },
  ...(assigned === undefined
    ? {}
    : {
        assignedVariables: Object.fromEntries(Object.entries(assigned).map(([k, v]) => [k, JSON.stringify(v)])),
        assignedVariablesDetails: { truncated: false },
      }),
});

describe('a JSONata Map with variables', () => {
  const definition = {
    QueryLanguage: 'JSONata',
    StartAt: 'Init',
    States: {
      Init: { Type: 'Pass', Assign: { factor: 10, items: '{% $states.input.values %}' }, Next: 'Each' },
      Each: {
        Type: 'Map',
        Items: '{% $items %}',
        MaxConcurrency: '{% $count($items) - 1 %}',
        ItemSelector: { value: '{% $states.context.Map.Item.Value %}', index: '{% $states.context.Map.Item.Index %}' },
        ItemProcessor: {
          StartAt: 'Scale',
          States: {
            Scale: {
              Type: 'Pass',
              Assign: { scaled: '{% $states.input.value * $factor %}' },
              Output: '{% $states.input.value * $factor + $states.input.index %}',
              End: true,
            },
          },
        },
        Assign: { total: '{% $sum($states.result) %}' },
        Output: { results: '{% $states.result %}', leaked: '{% $exists($scaled) %}' },
        Next: 'Done',
      },
      Done: { Type: 'Pass', Output: { total: '{% $total %}', results: '{% $states.input.results %}' }, End: true },
    },
  };

  it('runs every item with the outer variables, keeps the iterations’ own, and records every assignment', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(definition, { values: [1, 2] });
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '{"total":31,"results":[10,21]}' });
    expect(await rows(f, arn)).toEqual([
      [1, 0, 'ExecutionStarted', expect.objectContaining({ input: '{"values":[1,2]}' })],
      [2, 0, 'PassStateEntered', entered('Init', { values: [1, 2] })],
      [3, 2, 'PassStateExited', exited('Init', { values: [1, 2] }, { factor: 10, items: [1, 2] })],
      [4, 3, 'MapStateEntered', entered('Each', { values: [1, 2] })],
      [5, 4, 'MapStateStarted', { length: 2 }],
      [6, 5, 'MapIterationStarted', { index: 0, name: 'Each' }],
      [7, 6, 'PassStateEntered', entered('Scale', { value: 1, index: 0 })],
      [8, 7, 'PassStateExited', exited('Scale', 10, { scaled: 10 })],
      [9, 8, 'MapIterationSucceeded', { index: 0, name: 'Each' }],
      [10, 8, 'MapIterationStarted', { index: 1, name: 'Each' }],
      [11, 10, 'PassStateEntered', entered('Scale', { value: 2, index: 1 })],
      [12, 11, 'PassStateExited', exited('Scale', 21, { scaled: 20 })],
      [13, 12, 'MapIterationSucceeded', { index: 1, name: 'Each' }],
      [14, 13, 'MapStateSucceeded'],
      [15, 13, 'MapStateExited', exited('Each', { results: [10, 21], leaked: false }, { total: 31 })],
      [16, 15, 'PassStateEntered', entered('Done', { results: [10, 21], leaked: false })],
      [17, 16, 'PassStateExited', exited('Done', { total: 31, results: [10, 21] })],
      [18, 17, 'ExecutionSucceeded', { output: '{"total":31,"results":[10,21]}', outputDetails: { truncated: false } }],
    ]);
    expect(f.errors).toEqual([]);
  });

  it('rebuilds the variables from the stored history alone', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(definition, { values: [1, 2] });
    const events = await f.storedEvents(arn);
    const beforeEnd = events.slice(0, -1).reduce(evolve, initialExecutionState);
    expect(visibleVariables(beforeEnd, '')).toEqual({ factor: 10, items: [1, 2], total: 31 });
  });

  it('fails with States.QueryEvaluationError, EvaluationFailed and MapStateFailed when Items is not an array', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        ...definition,
        States: { ...definition.States, Init: { Type: 'Pass', Assign: { items: { a: 1 } }, Next: 'Each' } },
      },
      {},
    );
    const cause =
      "An error occurred while executing the state 'Each' (entered at the event id #4). The JSONata expression '$items' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'object' for value: {\"a\":1}";
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError', cause });
    expect((await rows(f, arn)).slice(3)).toEqual([
      [4, 3, 'MapStateEntered', entered('Each', {})],
      [5, 3, 'EvaluationFailed', { state: 'Each', error: 'States.QueryEvaluationError', cause, location: 'Items' }],
      [6, 5, 'MapStateFailed'],
      [7, 6, 'ExecutionFailed', { error: 'States.QueryEvaluationError', cause }],
    ]);
  });
});

describe('a JSONata Choice on Condition', () => {
  const definition = {
    QueryLanguage: 'JSONata',
    StartAt: 'Route',
    States: {
      Route: {
        Type: 'Choice',
        Assign: { routed: true },
        Choices: [
          {
            Condition: '{% $states.input.n > 10 %}',
            Assign: { size: 'big' },
            Output: { n: '{% $states.input.n %}', big: true },
            Next: 'Done',
          },
          { Condition: '{% $states.input.n >= 0 %}', Assign: { size: 'small' }, Next: 'Done' },
        ],
        Default: 'Done',
        Output: { n: '{% $states.input.n %}', stateOutput: true },
      },
      Done: {
        Type: 'Pass',
        Output: { input: '{% $states.input %}', size: '{% $exists($size) ? $size : null %}', routed: '{% $routed %}' },
        End: true,
      },
    },
  };

  it.each([
    [{ n: 11 }, { size: 'big', routed: true }, { n: 11, big: true }],
    [{ n: 3 }, { size: 'small', routed: true }, { n: 3, stateOutput: true }],
    [{ n: -1 }, { routed: true }, { n: -1, stateOutput: true }],
  ] as [Record<string, number>, { size?: string; routed: boolean }, Record<string, unknown>][])(
    'takes the first true Condition (or the Default); the state’s Assign and Output apply unless the rule has its own, for %j',
    async (input, assigned, output) => {
      const f = createServiceFixture(memoryStore());
      const arn = await f.run(definition, input);
      expect(await rows(f, arn)).toEqual([
        [1, 0, 'ExecutionStarted', expect.anything()],
        [2, 0, 'ChoiceStateEntered', entered('Route', input)],
        [3, 2, 'ChoiceStateExited', exited('Route', output, assigned)],
        [4, 3, 'PassStateEntered', entered('Done', output)],
        [5, 4, 'PassStateExited', exited('Done', { input: output, size: assigned.size ?? null, routed: true })],
        [6, 5, 'ExecutionSucceeded', expect.anything()],
      ]);
    },
  );

  it('fails with States.QueryEvaluationError when a Condition is not a boolean', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n %}', Next: 'D' }], Default: 'D' },
          D: { Type: 'Succeed' },
        },
      },
      { n: 'yes' },
    );
    const described = await f.describe(arn);
    expect(described.error).toBe('States.QueryEvaluationError');
    expect(described.cause).toContain(
      "The JSONata expression '$states.input.n' specified for the field 'Choices[0]/Condition' returned an unexpected result type. Expected 'boolean', but was 'string' for value: \"yes\"",
    );
    expect(await f.types(arn)).toEqual([
      'ExecutionStarted',
      'ChoiceStateEntered',
      'EvaluationFailed',
      'ExecutionFailed',
    ]);
  });
});

describe('a Catch of States.QueryEvaluationError', () => {
  it('catches a failing Arguments expression before the task is scheduled, with $states.errorOutput', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Arguments: { FunctionName: 'f', Payload: '{% $states.input.missing %}' },
            Catch: [
              {
                ErrorEquals: ['States.QueryEvaluationError'],
                Assign: { failedWith: '{% $states.errorOutput.Error %}' },
                Output: { caught: '{% $states.errorOutput %}', input: '{% $states.input %}' },
                Next: 'Recovered',
              },
            ],
            End: true,
          },
          Recovered: { Type: 'Pass', Output: '{% $failedWith %}', End: true },
        },
      },
      { a: 1 },
    );
    const cause =
      "An error occurred while executing the state 'Call' (entered at the event id #2). The JSONata expression '$states.input.missing' specified for the field 'Arguments/Payload' returned nothing (undefined).";
    const errorOutput = { Error: 'States.QueryEvaluationError', Cause: cause };
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '"States.QueryEvaluationError"' });
    expect(await rows(f, arn)).toEqual([
      [1, 0, 'ExecutionStarted', expect.anything()],
      [2, 0, 'TaskStateEntered', entered('Call', { a: 1 })],
      [
        3,
        0,
        'EvaluationFailed',
        { state: 'Call', error: 'States.QueryEvaluationError', cause, location: 'Arguments/Payload' },
      ],
      [
        4,
        3,
        'TaskStateExited',
        exited('Call', { caught: errorOutput, input: { a: 1 } }, { failedWith: 'States.QueryEvaluationError' }),
      ],
      [5, 4, 'PassStateEntered', entered('Recovered', { caught: errorOutput, input: { a: 1 } })],
      [6, 5, 'PassStateExited', exited('Recovered', 'States.QueryEvaluationError')],
      [7, 6, 'ExecutionSucceeded', expect.anything()],
    ]);
  });

  it('leaves a Task on its result: Output defaults to $states.result and Assign reads it', async () => {
    const f = createServiceFixture(memoryStore());
    f.lambda.register('echo', (payload) => ({ echoed: payload }));
    const arn = await f.run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: f.lambda.arnOf('echo'),
            Arguments: { v: '{% $states.input.v %}', at: '{% $now() %}' },
            TimeoutSeconds: '{% 5 * 2 %}',
            Assign: { got: '{% $states.result.echoed.v %}' },
            End: true,
          },
        },
      },
      { v: 7 },
    );
    const history = await rows(f, arn);
    expect(history[2]).toEqual([
      3,
      2,
      'LambdaFunctionScheduled',
      expect.objectContaining({ input: '{"v":7,"at":"2024-01-01T00:00:00.000Z"}', timeoutInSeconds: 10 }),
    ]);
    expect(await f.describe(arn)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"echoed":{"v":7,"at":"2024-01-01T00:00:00.000Z"}}',
    });
    expect(history.find((row) => row[2] === 'TaskStateExited')?.[3]).toMatchObject({ assignedVariables: { got: '7' } });
  });
});
