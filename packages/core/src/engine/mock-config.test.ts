import { describe, expect, it } from 'vitest';
import { InvalidMockConfig, mockedInvocation, parseMockConfig } from './mock-config.js';

// The mock configuration Step Functions Local reads, validated with messages that name the place.

const VALID = {
  StateMachines: { Orders: { TestCases: { Happy: { Charge: 'ChargeOk' }, Flaky: { Charge: 'ChargeFlaky' } } } },
  MockedResponses: {
    ChargeOk: { '0': { Return: { StatusCode: 200, Payload: { charged: true } } } },
    ChargeFlaky: {
      '0': { Throw: { Error: 'Lambda.ServiceException', Cause: 'down' } },
      '1-2': { Throw: { Error: 'Lambda.TooManyRequestsException', Cause: 'slow down' } },
      '3': { Return: 'done' },
    },
  },
};

function problemOf(config: unknown): string {
  try {
    parseMockConfig(config);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidMockConfig);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

function withResponses(responses: unknown): unknown {
  return { StateMachines: {}, MockedResponses: responses };
}

describe('parseMockConfig', () => {
  it('reads test cases and answers each invocation from its range', () => {
    const config = parseMockConfig(VALID);
    expect([...(config.stateMachines.get('Orders')?.get('Flaky') ?? [])]).toEqual([['Charge', 'ChargeFlaky']]);
    expect([0, 1, 2, 3, 4].map((index) => mockedInvocation(config, 'ChargeFlaky', index))).toEqual([
      { Throw: { Error: 'Lambda.ServiceException', Cause: 'down' } },
      { Throw: { Error: 'Lambda.TooManyRequestsException', Cause: 'slow down' } },
      { Throw: { Error: 'Lambda.TooManyRequestsException', Cause: 'slow down' } },
      { Return: 'done' },
      undefined,
    ]);
  });

  it('accepts any JSON value as a Return', () => {
    const config = parseMockConfig(
      withResponses({ Nothing: { '0': { Return: null } }, List: { '0': { Return: [1] } } }),
    );
    expect(mockedInvocation(config, 'Nothing', 0)).toEqual({ Return: null });
    expect(mockedInvocation(config, 'List', 0)).toEqual({ Return: [1] });
  });

  it.each([
    ['a configuration that is not an object', [], 'must be a JSON object'],
    ['a missing StateMachines', { MockedResponses: {} }, 'StateMachines: is required'],
    ['an unknown top-level field', { ...VALID, Extra: 1 }, 'Extra: is not a field of the mock configuration'],
    [
      'a state machine without TestCases',
      { StateMachines: { Orders: {} }, MockedResponses: {} },
      'StateMachines.Orders.TestCases: is required',
    ],
    [
      'a test case naming a response that is not defined',
      { StateMachines: { Orders: { TestCases: { Happy: { Charge: 'Missing' } } } }, MockedResponses: {} },
      "StateMachines.Orders.TestCases.Happy.Charge: names the mocked response 'Missing', which MockedResponses lacks",
    ],
    [
      'a test case mapping a state to something else than a name',
      { StateMachines: { Orders: { TestCases: { 'Sad path': { Charge: 3 } } } }, MockedResponses: {} },
      'StateMachines.Orders.TestCases."Sad path".Charge: must name a mocked response (a string)',
    ],
  ])('refuses %s', (_, config, message) => {
    expect(problemOf(config)).toContain(message);
  });

  it.each([
    ['an empty mocked response', { R: {} }, 'MockedResponses.R: must answer at least invocation "0"'],
    ['an invocation key that is not a number', { R: { first: { Return: 1 } } }, 'MockedResponses.R.first: must be'],
    ['a range that runs backwards', { R: { '3-1': { Return: 1 } } }, 'MockedResponses.R."3-1": is a range whose end'],
    [
      'a gap between ranges',
      { R: { '0': { Return: 1 }, '2': { Return: 2 } } },
      'MockedResponses.R."2": leaves invocation 1 without an answer',
    ],
    [
      'ranges that overlap',
      { R: { '0-2': { Return: 1 }, '1': { Return: 2 } } },
      'MockedResponses.R."1": overlaps invocation 1',
    ],
    [
      'an answer with both Return and Throw',
      { R: { '0': { Return: 1, Throw: { Error: 'E', Cause: 'C' } } } },
      'MockedResponses.R."0": must hold exactly one of Return or Throw',
    ],
    [
      'a Throw without a Cause',
      { R: { '0': { Throw: { Error: 'E' } } } },
      'MockedResponses.R."0".Throw.Cause: must be a string',
    ],
    [
      'a Throw with an unknown field',
      { R: { '0': { Throw: { Error: 'E', Cause: 'C', Code: 1 } } } },
      'MockedResponses.R."0".Throw.Code: is not a field',
    ],
    [
      'a Return that is not JSON',
      { R: { '0': { Return: 1 }, '1-3': { Return: () => 1 } } },
      'MockedResponses.R."1-3".Return: must be a JSON value',
    ],
  ])('refuses %s, naming the place', (_, responses, message) => {
    expect(problemOf(withResponses(responses))).toContain(message);
  });
});
