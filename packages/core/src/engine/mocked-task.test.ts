import { describe, expect, it } from 'vitest';
import { InvalidArn, ValidationException } from '../errors/index.js';
import { memoryStore } from '../store/index.js';
import { createServiceFixture, type ServiceFixture } from '../testing/service-fixture.js';
import { StepFunctions } from '../service/step-functions.js';
import { InvalidMockConfig, type MockConfigFile } from './mock-config.js';

// Step Functions Local's mock configuration, embedded: executions started on `arn#TestCase` have
// their Tasks answered by the mocked responses, with the events of a real call.

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:Quote';

const SHOP = {
  StartAt: 'Quote',
  States: {
    Quote: { Type: 'Task', Resource: FUNCTION_ARN, ResultPath: '$.quote', Next: 'Notify' },
    Notify: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sns:publish.waitForTaskToken',
      Parameters: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:orders', 'Message.$': '$$.Task.Token' },
      ResultPath: '$.approval',
      Catch: [{ ErrorEquals: ['Approval.Denied'], ResultPath: '$.denied', Next: 'Denied' }],
      Next: 'Ship',
    },
    Ship: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Shipping' },
      ResultSelector: { 'shipped.$': '$.Output' },
      ResultPath: '$.shipping',
      End: true,
    },
    Denied: { Type: 'Fail', Error: 'Denied' },
  },
};

const FAN_OUT = {
  StartAt: 'Both',
  States: {
    Both: {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'Each',
          States: {
            Each: {
              Type: 'Map',
              MaxConcurrency: 1,
              ItemProcessor: {
                StartAt: 'Price',
                States: {
                  Price: {
                    Type: 'Task',
                    Resource: 'arn:aws:states:::lambda:invoke',
                    Parameters: { FunctionName: 'price', 'Payload.$': '$' },
                    ResultSelector: { 'price.$': '$.Payload' },
                    End: true,
                  },
                },
              },
              End: true,
            },
          },
        },
        {
          StartAt: 'Stock',
          States: { Stock: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem', End: true } },
        },
      ],
      End: true,
    },
  },
};

const MOCKS: MockConfigFile = {
  StateMachines: {
    Shop: {
      TestCases: {
        Approved: { Quote: 'QuoteOk', Notify: 'Approve', Ship: 'Shipped' },
        Denied: { Quote: 'QuoteOk', Notify: 'Deny' },
        QuoteDown: { Quote: 'QuoteDown' },
        RealQuote: { Notify: 'Approve', Ship: 'Shipped' },
      },
    },
    FanOut: { TestCases: { Prices: { Price: 'ThreePrices', Stock: 'InStock' } } },
  },
  MockedResponses: {
    QuoteOk: { '0': { Return: { amount: 12 } } },
    QuoteDown: { '0': { Throw: { Error: 'Lambda.ServiceException', Cause: 'quote service down' } } },
    Approve: { '0': { Return: { approved: true } } },
    Deny: { '0': { Throw: { Error: 'Approval.Denied', Cause: 'too expensive' } } },
    Shipped: { '0': { Return: { Output: { parcel: 'P-1' }, Status: 'SUCCEEDED' } } },
    ThreePrices: { '0': { Return: { Payload: 10 } }, '1-2': { Return: { Payload: 20 } } },
    InStock: { '0': { Return: { Item: { stock: { N: '4' } } } } },
  },
};

function fixture(): ServiceFixture {
  return createServiceFixture(memoryStore(), { mockConfig: MOCKS });
}

describe('a test case of the mock configuration', () => {
  it('answers a Lambda function, a callback and a .sync task with the events of real calls', async () => {
    const f = fixture();
    const shop = await f.createStateMachine(SHOP, 'Shop');
    const arn = await f.start(`${shop}#Approved`, { order: 1 });
    expect(await f.describe(arn)).toMatchObject({
      status: 'SUCCEEDED',
      stateMachineArn: shop,
      output: JSON.stringify({
        order: 1,
        quote: { amount: 12 },
        approval: { approved: true },
        shipping: { shipped: { parcel: 'P-1' } },
      }),
    });
    expect(await f.types(arn)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect((await f.event(arn, 'LambdaFunctionSucceeded')).lambdaFunctionSucceededEventDetails.output).toBe(
      '{"amount":12}',
    );
    expect(f.lambda.calls).toEqual([]);
    expect(f.errors).toEqual([]);
  });

  it('fails a callback with a mocked Throw, which Catch handles', async () => {
    const f = fixture();
    const shop = await f.createStateMachine(SHOP, 'Shop');
    const arn = await f.start(`${shop}#Denied`);
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'Denied' });
    expect((await f.event(arn, 'TaskFailed')).taskFailedEventDetails).toEqual({
      resourceType: 'sns',
      resource: 'publish.waitForTaskToken',
      error: 'Approval.Denied',
      cause: 'too expensive',
    });
    expect((await f.types(arn)).slice(7, 11)).toEqual(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskFailed']);
  });

  it('records a mocked Lambda failure as LambdaFunctionFailed', async () => {
    const f = fixture();
    const shop = await f.createStateMachine(SHOP, 'Shop');
    const arn = await f.start(`${shop}#QuoteDown`);
    expect(await f.describe(arn)).toMatchObject({
      status: 'FAILED',
      error: 'Lambda.ServiceException',
      cause: 'quote service down',
    });
    expect(await f.types(arn)).toContain('LambdaFunctionFailed');
  });

  it('counts invocations across Map iterations and answers Parallel branches', async () => {
    const f = fixture();
    const fanOut = await f.createStateMachine(FAN_OUT, 'FanOut');
    const arn = await f.start(`${fanOut}#Prices`, [1, 2, 3]);
    expect(await f.describe(arn)).toMatchObject({
      status: 'SUCCEEDED',
      output: JSON.stringify([[{ price: 10 }, { price: 20 }, { price: 20 }], { Item: { stock: { N: '4' } } }]),
    });
    expect(f.errors).toEqual([]);
  });

  it('fails the execution with States.Runtime when an invocation has no mocked answer', async () => {
    const f = fixture();
    const fanOut = await f.createStateMachine(FAN_OUT, 'FanOut');
    const arn = await f.start(`${fanOut}#Prices`, [1, 2, 3, 4]);
    expect(await f.describe(arn)).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: expect.stringContaining(
        "The mocked response 'ThreePrices' has no answer for invocation 3 of the state 'Price'",
      ),
    });
  });

  it('runs the states a test case does not mock for real', async () => {
    const f = fixture();
    f.lambda.register('Quote', () => ({ amount: 99 }));
    const shop = await f.createStateMachine(SHOP, 'Shop');
    const arn = await f.start(`${shop}#RealQuote`, {});
    expect(await f.describe(arn)).toMatchObject({
      status: 'SUCCEEDED',
      output: JSON.stringify({
        quote: { amount: 99 },
        approval: { approved: true },
        shipping: { shipped: { parcel: 'P-1' } },
      }),
    });
    expect(f.lambda.calls).toHaveLength(1);
  });
});

describe('StartExecution on stateMachineArn#TestCase', () => {
  it('is not possible with a mock configuration that has an error: StepFunctions refuses it', () => {
    const mockConfig = { StateMachines: {}, MockedResponses: { R: { '0': {} } } } as unknown as MockConfigFile;
    expect(() => new StepFunctions({ mockConfig })).toThrow(InvalidMockConfig);
    expect(() => new StepFunctions({ mockConfig })).toThrow(
      'MockedResponses.R."0": must hold exactly one of Return or Throw',
    );
  });

  it('refuses a test case when no mock configuration is loaded', async () => {
    const f = createServiceFixture(memoryStore());
    const shop = await f.createStateMachine(SHOP, 'Shop');
    const started = f.sfn.startExecution({ stateMachineArn: `${shop}#Approved` });
    await expect(started).rejects.toBeInstanceOf(InvalidArn);
    await expect(started).rejects.toThrow('no mock configuration is loaded');
  });

  it('refuses a test case the configuration lacks', async () => {
    const f = fixture();
    const shop = await f.createStateMachine(SHOP, 'Shop');
    const refusal = new InvalidArn(
      "Invalid Arn: 'The mock configuration has no test case 'Nope' for the state machine 'Shop''",
    );
    await expect(f.sfn.startExecution({ stateMachineArn: `${shop}#Nope` })).rejects.toThrow(refusal);
    // The ARN is checked before the name, as AWS orders its checks.
    await f.sfn.startExecution({ stateMachineArn: `${shop}#Approved`, name: 'taken' });
    await expect(f.sfn.startExecution({ stateMachineArn: `${shop}#Nope`, name: 'taken' })).rejects.toThrow(refusal);
  });

  it('refuses a test case that mocks a state the definition has no Task for', async () => {
    const f = fixture();
    const other = await f.createStateMachine(
      { StartAt: 'Quote', States: { Quote: { Type: 'Pass', End: true } } },
      'Shop',
    );
    const started = f.sfn.startExecution({ stateMachineArn: `${other}#QuoteDown` });
    await expect(started).rejects.toBeInstanceOf(ValidationException);
    await expect(started).rejects.toThrow(
      "StateMachines.Shop.TestCases.QuoteDown.Quote: the state machine has no Task state named 'Quote'",
    );
  });

  it('refuses to mock an activity, as Step Functions Local does', async () => {
    const f = fixture();
    const activity = 'arn:aws:states:us-east-1:123456789012:activity:quote';
    const machine = await f.createStateMachine(
      { StartAt: 'Quote', States: { Quote: { Type: 'Task', Resource: activity, End: true } } },
      'Shop',
    );
    await expect(f.sfn.startExecution({ stateMachineArn: `${machine}#QuoteDown` })).rejects.toThrow(
      'an Activity state cannot be mocked',
    );
  });
});

describe('a mocked execution after a restart', () => {
  it('goes on with the invocation count its history gives', async () => {
    const store = memoryStore();
    const mockConfig: MockConfigFile = {
      StateMachines: { Retrying: { TestCases: { Flaky: { Call: 'Flaky' } } } },
      MockedResponses: {
        Flaky: {
          '0-1': { Throw: { Error: 'Lambda.TooManyRequestsException', Cause: 'slow down' } },
          '2': { Return: { StatusCode: 200, Payload: 'third time' } },
        },
      },
    };
    const first = createServiceFixture(store, { mockConfig, uuidPrefix: '11111111' });
    const machine = await first.createStateMachine(
      {
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'flaky' },
            OutputPath: '$.Payload',
            Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 10, BackoffRate: 1, MaxAttempts: 5 }],
            End: true,
          },
        },
      },
      'Retrying',
    );
    const arn = await first.start(`${machine}#Flaky`);
    await first.clock.advance(10_000);
    expect((await first.types(arn)).filter((type) => type === 'TaskFailed')).toHaveLength(2);
    await first.sfn.close();

    const second = createServiceFixture(store, { mockConfig, clock: first.clock, uuidPrefix: '22222222' });
    await second.sfn.recover();
    await second.clock.advance(10_000);
    expect(await second.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '"third time"' });
    expect((await second.types(arn)).filter((type) => type === 'TaskScheduled')).toHaveLength(3);
    expect(second.errors).toEqual([]);
  });

  it('completes a mocked callback whose answer was not stored before the restart', async () => {
    const inner = memoryStore();
    let refuseCompletion = true;
    const store = new Proxy(inner, {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key, target);
        if (key !== 'append') return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
        return async (...args: Parameters<typeof inner.append>) => {
          // The first engine dies between TaskSubmitted and the mocked answer: that append never lands.
          if (refuseCompletion && args[2].some(({ event }) => event.type === 'TaskSucceeded')) {
            throw new Error('the process died');
          }
          return inner.append(...args);
        };
      },
    });
    const first = createServiceFixture(store, { mockConfig: MOCKS, uuidPrefix: '11111111' });
    const shop = await first.createStateMachine(SHOP, 'Shop');
    const arn = await first.start(`${shop}#Approved`);
    expect((await first.types(arn)).at(-1)).toBe('TaskSubmitted');
    await first.sfn.close();

    refuseCompletion = false;
    const second = createServiceFixture(store, { mockConfig: MOCKS, clock: first.clock, uuidPrefix: '22222222' });
    await second.sfn.recover();
    await second.clock.settle();
    expect(await second.describe(arn)).toMatchObject({ status: 'SUCCEEDED' });
    expect((await second.types(arn)).filter((type) => type === 'TaskSubmitted')).toHaveLength(1);
    expect(second.errors).toEqual([]);
  });
});
