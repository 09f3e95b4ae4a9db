import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import { createServiceFixture } from '../testing/service-fixture.js';

// Workflow variables in JSONPath and mixed machines, and their scopes, through StepFunctions.

async function exits(
  f: ReturnType<typeof createServiceFixture>,
  arn: string,
): Promise<[string, Record<string, string> | undefined][]> {
  return (await f.history(arn))
    .filter((event) => event.type.endsWith('StateExited'))
    .map((event) => {
      const details = (
        event as unknown as { stateExitedEventDetails: { name: string; assignedVariables?: Record<string, string> } }
      ).stateExitedEventDetails;
      return [details.name, details.assignedVariables];
    });
}

describe('JSONPath variables', () => {
  it('leaves assignedVariables out of the exit of a state whose Assign is empty, in either query language', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run({
      StartAt: 'Empty',
      States: {
        Empty: { Type: 'Pass', Assign: {}, Next: 'EmptyJsonata' },
        EmptyJsonata: { Type: 'Pass', QueryLanguage: 'JSONata', Assign: {}, Next: 'One' },
        One: { Type: 'Pass', Assign: { x: 1 }, End: true },
      },
    });
    expect(await exits(f, arn)).toEqual([
      ['Empty', undefined],
      ['EmptyJsonata', undefined],
      ['One', { x: '1' }],
    ]);
    const exited = (await f.history(arn)).filter((event) => event.type === 'PassStateExited');
    expect(exited[0]).not.toHaveProperty('stateExitedEventDetails.assignedVariablesDetails');
  });

  it('assigns from the result, reads $var in paths, Parameters and Choice, and sees the values from before the state', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        StartAt: 'Init',
        States: {
          Init: {
            Type: 'Pass',
            Parameters: { start: 1 },
            Assign: { 'counter.$': '$.start', limit: 3, 'label.$': "States.Format('run-{}', $$.Execution.Name)" },
            Next: 'Loop',
          },
          Loop: {
            Type: 'Choice',
            Choices: [{ Variable: '$counter', NumericGreaterThanEqualsPath: '$limit', Next: 'Done' }],
            Default: 'Step',
          },
          Step: {
            Type: 'Pass',
            Parameters: { 'next.$': 'States.MathAdd($counter, 1)' },
            Assign: { 'counter.$': '$.next', 'previous.$': '$counter' },
            Next: 'Loop',
          },
          Done: {
            Type: 'Pass',
            Parameters: { 'counter.$': '$counter', 'previous.$': '$previous', 'label.$': '$label' },
            End: true,
          },
        },
      },
      {},
    );
    const described = await f.describe(arn);
    expect(JSON.parse(described.output ?? 'null')).toEqual({
      counter: 3,
      previous: 2,
      label: expect.stringMatching(/^run-/),
    });
    expect((await exits(f, arn)).filter(([name]) => name === 'Step').map(([, assigned]) => assigned)).toEqual([
      { counter: '2', previous: '1' },
      { counter: '3', previous: '2' },
    ]);
  });

  it('reads variables in ErrorPath/CausePath and a JSONata state reads a JSONPath state’s variables', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        StartAt: 'Set',
        States: {
          Set: { Type: 'Pass', Assign: { code: 'Custom.Error', answer: 42 }, Next: 'Read' },
          Read: { Type: 'Pass', QueryLanguage: 'JSONata', Assign: { answer: 18, old: '{% $answer %}' }, Next: 'Fail' },
          Fail: { Type: 'Fail', ErrorPath: '$code', CausePath: "States.Format('{} then {}', $old, $answer)" },
        },
      },
      {},
    );
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'Custom.Error' });
    expect((await exits(f, arn))[1]).toEqual(['Read', { answer: '18', old: '42' }]);
  });

  it('fails with States.Runtime when a path names a variable that does not exist', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      { StartAt: 'P', States: { P: { Type: 'Pass', Assign: { 'x.$': '$missing' }, End: true } } },
      {},
    );
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(await f.types(arn)).toEqual(['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
  });

  it('keeps a member and a variable named __proto__ as it keeps any other, in JSONPath and JSONata', async () => {
    // JSON.parse, as a definition arrives: an object literal would take __proto__ as its prototype.
    const definition = JSON.parse(`{
      "StartAt": "Set",
      "States": {
        "Set": { "Type": "Pass", "Parameters": { "__proto__.$": "$.x", "kept": 1 }, "Assign": { "__proto__": { "v": 2 } }, "Next": "Read" },
        "Read": { "Type": "Pass", "Parameters": { "fromVariable.$": "$__proto__", "input.$": "$" }, "Next": "Late" },
        "Late": { "Type": "Pass", "QueryLanguage": "JSONata", "Output": { "__proto__": "{% $__proto__.v %}", "all": "{% $states.input %}" }, "End": true }
      }
    }`) as Record<string, unknown>;
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(definition, { x: 5 });
    const described = await f.describe(arn);
    expect(described.status).toBe('SUCCEEDED');
    expect(described.output).toBe('{"__proto__":2,"all":{"fromVariable":{"v":2},"input":{"__proto__":5,"kept":1}}}');
    const [set] = await exits(f, arn);
    expect(set?.[1] === undefined ? undefined : JSON.stringify(set[1])).toBe('{"__proto__":"{\\"v\\":2}"}');
  });

  it('fails with States.DataLimitExceeded when one variable exceeds 256 KiB', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      { StartAt: 'P', States: { P: { Type: 'Pass', Assign: { 'big.$': '$.text' }, End: true } } },
      { text: 'x'.repeat(200_000), more: 'y'.repeat(10) },
    );
    expect((await f.describe(arn)).status).toBe('SUCCEEDED');
    const g = createServiceFixture(memoryStore());
    const tooBig = await g.run(
      {
        StartAt: 'P',
        QueryLanguage: 'JSONata',
        States: { P: { Type: 'Pass', Assign: { big: "{% $pad('', 262144, 'x') %}" }, End: true } },
      },
      {},
    );
    const described = await g.describe(tooBig);
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    expect(described.cause).toContain(
      "The variable 'big' has a size of 262146 bytes, exceeding the maximum of 262144 bytes",
    );
  });
});

describe('variable scopes', () => {
  it('lets Parallel branches read outer variables while their own stay inside the branch', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        StartAt: 'Outer',
        States: {
          Outer: { Type: 'Pass', Assign: { x: 42 }, Next: 'Fork' },
          Fork: {
            Type: 'Parallel',
            Branches: [
              {
                StartAt: 'A',
                States: {
                  A: { Type: 'Pass', Assign: { 'inner.$': '$x' }, Next: 'A2' },
                  A2: { Type: 'Pass', Parameters: { 'seen.$': '$inner' }, End: true },
                },
              },
              {
                StartAt: 'B',
                States: {
                  B: {
                    Type: 'Pass',
                    QueryLanguage: 'JSONata',
                    Output: { x: '{% $x %}', other: '{% $exists($inner) %}' },
                    End: true,
                  },
                },
              },
            ],
            Assign: { 'branches.$': '$' },
            Next: 'After',
          },
          After: {
            Type: 'Pass',
            QueryLanguage: 'JSONata',
            Output: { x: '{% $x %}', leaked: '{% $exists($inner) %}', branches: '{% $branches %}' },
            End: true,
          },
        },
      },
      {},
    );
    expect(JSON.parse((await f.describe(arn)).output ?? 'null')).toEqual({
      x: 42,
      leaked: false,
      branches: [{ seen: 42 }, { x: 42, other: false }],
    });
  });

  it('gives every Map iteration its own scope over the outer one, nested two deep', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Outer',
        States: {
          Outer: { Type: 'Pass', Assign: { base: 100 }, Next: 'Rows' },
          Rows: {
            Type: 'Map',
            Items: [1, 2],
            ItemProcessor: {
              StartAt: 'Row',
              States: {
                Row: { Type: 'Pass', Assign: { row: '{% $states.input * $base %}' }, Next: 'Cells' },
                Cells: {
                  Type: 'Map',
                  Items: [1, 2],
                  ItemProcessor: {
                    StartAt: 'Cell',
                    States: {
                      Cell: {
                        Type: 'Pass',
                        Assign: { cell: '{% $states.input %}' },
                        Output: '{% $row + $states.input %}',
                        End: true,
                      },
                    },
                  },
                  Output: { cells: '{% $states.result %}', cellLeaked: '{% $exists($cell) %}' },
                  End: true,
                },
              },
            },
            Output: { rows: '{% $states.result %}', rowLeaked: '{% $exists($row) %}' },
            End: true,
          },
        },
      },
      {},
    );
    expect(JSON.parse((await f.describe(arn)).output ?? 'null')).toEqual({
      rows: [
        { cells: [101, 102], cellLeaked: false },
        { cells: [201, 202], cellLeaked: false },
      ],
      rowLeaked: false,
    });
  });
});
