import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import { createServiceFixture } from '../testing/service-fixture.js';

// Pass, Choice, Wait, Succeed and Fail run through StepFunctions on the memory store, with time
// moved only by the fake clock.

const START = Date.parse('2024-01-01T00:00:00.000Z');

describe('Pass', () => {
  it('shapes its input with Parameters, ResultPath and OutputPath and ends the execution with it', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        StartAt: 'Shape',
        States: {
          Shape: {
            Type: 'Pass',
            Parameters: { 'doubled.$': 'States.MathAdd($.n, $.n)' },
            ResultPath: '$.result',
            OutputPath: '$.result',
            Next: 'Fixed',
          },
          Fixed: { Type: 'Pass', Result: { fixed: true }, ResultPath: '$.extra', End: true },
        },
      },
      { n: 21 },
    );
    expect(await f.describe(arn)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"doubled":42,"extra":{"fixed":true}}',
    });
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 2, 'PassStateExited'],
      [4, 3, 'PassStateEntered'],
      [5, 4, 'PassStateExited'],
      [6, 5, 'ExecutionSucceeded'],
    ]);
  });

  it('fails with States.Runtime when a path selects nothing', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      { StartAt: 'P', States: { P: { Type: 'Pass', InputPath: '$.missing', End: true } } },
      { a: 1 },
    );
    const described = await f.describe(arn);
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('States.Runtime');
    expect(described.cause).toContain("Invalid path '$.missing'");
    expect(await f.types(arn)).toEqual(['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
  });
});

describe('Choice', () => {
  const definition = {
    StartAt: 'Route',
    States: {
      Route: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.n', NumericGreaterThan: 10, Next: 'Big' },
          {
            And: [
              { Variable: '$.n', NumericGreaterThanEquals: 0 },
              { Variable: '$.tag', StringMatches: 'small*' },
            ],
            Next: 'Small',
          },
        ],
        Default: 'Other',
      },
      Big: { Type: 'Pass', Result: 'big', End: true },
      Small: { Type: 'Pass', Result: 'small', End: true },
      Other: { Type: 'Pass', Result: 'other', End: true },
    },
  };

  it.each([
    [{ n: 11, tag: 'x' }, '"big"'],
    [{ n: 3, tag: 'small-one' }, '"small"'],
    [{ n: 3, tag: 'large' }, '"other"'],
  ])('takes the first matching rule or the Default for %j', async (input, output) => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(definition, input);
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output });
    expect(await f.types(arn)).toEqual([
      'ExecutionStarted',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('fails with States.NoChoiceMatched when no rule matches and there is no Default', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'P' }] },
          P: { Type: 'Pass', End: true },
        },
      },
      { n: 2 },
    );
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'States.NoChoiceMatched' });
    expect(await f.types(arn)).toEqual(['ExecutionStarted', 'ChoiceStateEntered', 'ExecutionFailed']);
  });

  it('runs a Choice loop of many iterations in one macrostep', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        StartAt: 'Check',
        States: {
          Check: {
            Type: 'Choice',
            Choices: [{ Variable: '$.i', NumericGreaterThanEquals: 500, Next: 'Done' }],
            Default: 'Inc',
          },
          Inc: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
          Done: { Type: 'Succeed' },
        },
      },
      { i: 0 },
    );
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '{"i":500}' });
    expect((await f.history(arn)).length).toBe(1 + 500 * 4 + 2 + 2 + 1);
  });
});

describe('Wait', () => {
  it.each([
    ['Seconds', { Seconds: 90 }, {}],
    ['Timestamp', { Timestamp: '2024-01-01T00:01:30Z' }, {}],
    ['SecondsPath', { SecondsPath: '$.delay' }, { delay: 90 }],
    ['TimestampPath', { TimestampPath: '$.until' }, { until: '2024-01-01T00:01:30.000Z' }],
  ])('waits until the deadline its %s gives, and not a millisecond less', async (_, fields, input) => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      { StartAt: 'W', States: { W: { Type: 'Wait', ...fields, Next: 'After' }, After: { Type: 'Succeed' } } },
      input,
    );
    expect(await f.types(arn)).toEqual(['ExecutionStarted', 'WaitStateEntered']);
    await f.clock.advance(89_999);
    expect((await f.describe(arn)).status).toBe('RUNNING');
    await f.clock.advance(1);
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: JSON.stringify(input) });
    const history = await f.history(arn);
    expect(history.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(history[2]?.timestamp).toEqual(new Date(START + 90_000));
  });

  it('leaves at once when the Timestamp has already passed', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run({
      StartAt: 'W',
      States: { W: { Type: 'Wait', Timestamp: '2023-12-31T00:00:00Z', End: true } },
    });
    expect((await f.describe(arn)).status).toBe('SUCCEEDED');
    expect(f.clock.pendingTimers).toBe(0);
  });

  it.each([
    // AWS's causes for SecondsPath: base/test_wait and scenarios/test_base_wait_seconds_path recordings.
    [
      'a negative SecondsPath',
      { SecondsPath: '$.v' },
      { v: -1 },
      'The SecondsPath parameter references a negative value: $.v == -1',
    ],
    [
      'a fractional SecondsPath',
      { SecondsPath: '$.v' },
      { v: -1.5 },
      'The SecondsPath parameter cannot be parsed as a long value: $.v == -1.5',
    ],
    [
      'a text SecondsPath',
      { SecondsPath: '$.v' },
      { v: 'soon' },
      'The SecondsPath parameter cannot be parsed as a long value: $.v == soon',
    ],
    [
      'a SecondsPath beyond a long',
      { SecondsPath: '$.v' },
      { v: 1e20 },
      'The SecondsPath parameter cannot be parsed as a long value: $.v == 100000000000000000000',
    ],
    [
      'a SecondsPath that selects nothing',
      { SecondsPath: '$.missing' },
      { v: 1 },
      'The SecondsPath parameter does not reference an input value: $.missing',
    ],
    ['a SecondsPath past 2^31 - 1 seconds', { SecondsPath: '$.v' }, { v: 2 ** 31 }, 'Wait state delay is too long.'],
    [
      'a TimestampPath 24856 days ahead',
      { TimestampPath: '$.v' },
      { v: new Date(START + 24856 * 86_400_000).toISOString() },
      'Wait state delay is too long.',
    ],
    [
      'a TimestampPath without an offset',
      { TimestampPath: '$.v' },
      { v: '2024-01-01T00:00:00' },
      'The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.v == 2024-01-01T00:00:00',
    ],
  ])('fails with States.Runtime on %s', async (_, fields, input, message) => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run({ StartAt: 'W', States: { W: { Type: 'Wait', ...fields, End: true } } }, input);
    const described = await f.describe(arn);
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(described.cause).toBe(
      `An error occurred while executing the state 'W' (entered at the event id #2). ${message}`,
    );
    expect(await f.types(arn)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionFailed']);
  });
});

describe('Succeed', () => {
  it('ends the execution with its filtered input, even inside a longer path', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      { StartAt: 'S', States: { S: { Type: 'Succeed', InputPath: '$.keep', OutputPath: '$.x' } } },
      { keep: { x: [1] }, drop: 2 },
    );
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '[1]' });
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'SucceedStateEntered'],
      [3, 2, 'SucceedStateExited'],
      [4, 3, 'ExecutionSucceeded'],
    ]);
  });
});

describe('Fail', () => {
  it('fails the execution with its Error and Cause', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run({
      StartAt: 'F',
      States: { F: { Type: 'Fail', Error: 'Custom.Error', Cause: 'it broke' } },
    });
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'Custom.Error', cause: 'it broke' });
    const history = await f.history(arn);
    expect(history.map((event) => [event.id, event.previousEventId, event.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'FailStateEntered'],
      [3, 2, 'ExecutionFailed'],
    ]);
    expect(history[2]).toMatchObject({ executionFailedEventDetails: { error: 'Custom.Error', cause: 'it broke' } });
  });

  it('leaves out an absent Cause', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run({ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'OnlyError' } } });
    const failed = await f.event(arn, 'ExecutionFailed');
    expect(failed.executionFailedEventDetails).toEqual({ error: 'OnlyError' });
  });

  it('reads ErrorPath and CausePath from its input', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      { StartAt: 'F', States: { F: { Type: 'Fail', ErrorPath: '$.e', CausePath: '$.c' } } },
      { e: 'From.Input', c: 'because' },
    );
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'From.Input', cause: 'because' });
  });

  it('fails with States.Runtime when ErrorPath selects no string', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run({ StartAt: 'F', States: { F: { Type: 'Fail', ErrorPath: '$.e' } } }, { e: 5 });
    expect(await f.describe(arn)).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause:
        "An error occurred while executing the state 'F' (entered at the event id #2). The ErrorPath parameter does not reference a valid string value: $.e == 5",
    });
  });
});
