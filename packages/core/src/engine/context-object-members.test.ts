import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import { createServiceFixture } from '../testing/service-fixture.js';

// Which members `$$` has in which state, as AWS's recorded executions show them: a Pass state's `$$`
// (context_object/test_context_object, InputPath and OutputPath `$$`) has `State.Name` and
// `State.EnteredTime` but no `RetryCount`; a Task's or Map's has `RetryCount` too.

const FN_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:echo';

async function outputOf(definition: object, input: unknown = {}): Promise<unknown> {
  const f = createServiceFixture(memoryStore());
  f.lambda.register('echo', (payload) => payload);
  const arn = await f.run(definition, input);
  const described = await f.describe(arn);
  expect(described.status).toBe('SUCCEEDED');
  return JSON.parse(described.output ?? 'null');
}

describe('$$.State', () => {
  it('has no RetryCount in a Pass state, and the whole $$ has Execution.RedriveCount', async () => {
    const output = await outputOf({ StartAt: 'P', States: { P: { Type: 'Pass', InputPath: '$$', End: true } } });
    expect(output).toMatchObject({
      Execution: { RedriveCount: 0 },
      State: { Name: 'P', EnteredTime: '2024-01-01T00:00:00.000Z' },
    });
    expect((output as { State: object }).State).not.toHaveProperty('RetryCount');
  });

  it.each([
    [
      'Choice',
      {
        Type: 'Choice',
        OutputPath: '$$.State',
        Choices: [{ Variable: '$$.State.Name', StringEquals: 'S', Next: 'End' }],
      },
    ],
    ['Wait', { Type: 'Wait', Seconds: 0, OutputPath: '$$.State', Next: 'End' }],
  ])('has no RetryCount in a %s state', async (_type, state) => {
    const output = await outputOf({ StartAt: 'S', States: { S: state, End: { Type: 'Succeed' } } });
    expect(output).toEqual({ Name: 'S', EnteredTime: '2024-01-01T00:00:00.000Z' });
  });

  it('has no RetryCount in a JSONata Pass state', async () => {
    const output = await outputOf({
      QueryLanguage: 'JSONata',
      StartAt: 'P',
      States: { P: { Type: 'Pass', Output: '{% $states.context.State %}', End: true } },
    });
    expect(output).toEqual({ Name: 'P', EnteredTime: '2024-01-01T00:00:00.000Z' });
  });

  it('has RetryCount in a Task state, in its parameters and its result selector', async () => {
    const output = await outputOf({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: FN_ARN,
          Parameters: { 'sent.$': '$$.State' },
          ResultSelector: { 'sent.$': '$.sent', 'after.$': '$$.State' },
          End: true,
        },
      },
    });
    const state = { Name: 'T', EnteredTime: '2024-01-01T00:00:00.000Z', RetryCount: 0 };
    expect(output).toEqual({ sent: state, after: state });
  });

  it.each([
    [
      'Map',
      {
        Type: 'Map',
        ItemSelector: { 'state.$': '$$.State' },
        ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
        ResultSelector: { 'items.$': '$', 'after.$': '$$.State' },
        End: true,
      },
      { items: [{ state: { Name: 'S', EnteredTime: '2024-01-01T00:00:00.000Z', RetryCount: 0 } }] },
    ],
    [
      'Parallel',
      {
        Type: 'Parallel',
        Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', OutputPath: '$$.State', End: true } } }],
        ResultSelector: { 'items.$': '$', 'after.$': '$$.State' },
        End: true,
      },
      { items: [{ Name: 'B', EnteredTime: '2024-01-01T00:00:00.000Z' }] },
    ],
  ])('has RetryCount in a %s state, and none in a Pass state inside it', async (_type, state, expected) => {
    const output = await outputOf({ StartAt: 'S', States: { S: state } }, [1]);
    expect(output).toEqual({
      ...expected,
      after: { Name: 'S', EnteredTime: '2024-01-01T00:00:00.000Z', RetryCount: 0 },
    });
  });
});
