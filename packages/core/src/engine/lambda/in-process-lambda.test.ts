import { describe, expect, it } from 'vitest';
import { StepFunctions } from '../../service/index.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { FunctionLambdaInvoker } from './function-lambda-invoker.js';
import { createInProcessLambda } from './in-process-lambda.js';
import { functionKeysOf, RoutingLambdaInvoker } from './routing-lambda-invoker.js';

describe('functionKeysOf', () => {
  it.each([
    ['Greeter', ['Greeter']],
    ['Greeter:prod', ['Greeter:prod', 'Greeter']],
    ['123456789012:function:Greeter', ['123456789012:function:Greeter', 'Greeter']],
    [
      'arn:aws:lambda:us-east-1:123456789012:function:Greeter',
      ['arn:aws:lambda:us-east-1:123456789012:function:Greeter', 'Greeter'],
    ],
    [
      'arn:aws:lambda:us-east-1:123456789012:function:Greeter:7',
      ['arn:aws:lambda:us-east-1:123456789012:function:Greeter:7', 'Greeter:7', 'Greeter'],
    ],
  ])('knows %s by %j', (reference, keys) => {
    expect(functionKeysOf(reference)).toEqual(keys);
  });
});

describe('RoutingLambdaInvoker', () => {
  const answer = (value: string) => new FunctionLambdaInvoker(() => value);

  it('routes a full ARN to the invoker configured under the function’s name', async () => {
    const router = new RoutingLambdaInvoker(new Map([['Greeter', answer('by name')]]));
    const result = await router.invoke({
      functionName: 'arn:aws:lambda:us-east-1:123456789012:function:Greeter',
      payload: {},
    });
    expect(result.payload).toBe('by name');
  });

  it('prefers the most specific configured reference', async () => {
    const router = new RoutingLambdaInvoker(
      new Map([
        ['Greeter', answer('any version')],
        ['arn:aws:lambda:us-east-1:123456789012:function:Greeter:prod', answer('prod')],
      ]),
    );
    expect((await router.invoke({ functionName: 'Greeter:prod', payload: {} })).payload).toBe('prod');
    expect((await router.invoke({ functionName: 'Greeter:dev', payload: {} })).payload).toBe('any version');
  });

  it('sends an unknown function to the fallback', async () => {
    const router = new RoutingLambdaInvoker(new Map(), answer('fallback'));
    expect((await router.invoke({ functionName: 'Other', payload: {} })).payload).toBe('fallback');
  });

  it('rejects an unknown function with ResourceNotFoundException when there is no fallback', async () => {
    const router = new RoutingLambdaInvoker(new Map());
    await expect(router.invoke({ functionName: 'Other', payload: {} })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Function not found: Other',
    });
  });
});

describe('FunctionLambdaInvoker', () => {
  it('returns the handler’s result as JSON and null for undefined', async () => {
    expect(
      await new FunctionLambdaInvoker(async (payload) => ({ echo: payload })).invoke({
        functionName: 'f',
        payload: [1],
      }),
    ).toEqual({
      payload: { echo: [1] },
    });
    expect(await new FunctionLambdaInvoker(() => undefined).invoke({ functionName: 'f', payload: null })).toEqual({
      payload: null,
    });
  });

  it('turns a throw into an Unhandled function error shaped as the Node.js runtime reports it', async () => {
    class PaymentDeclined extends Error {
      override name = 'PaymentDeclined';
    }
    const result = await new FunctionLambdaInvoker(() => {
      throw new PaymentDeclined('card expired');
    }).invoke({ functionName: 'f', payload: {} });
    expect(result.functionError).toBe('Unhandled');
    expect(result.payload).toMatchObject({
      errorType: 'PaymentDeclined',
      errorMessage: 'card expired',
      trace: expect.any(Array),
    });
  });
});

describe('createInProcessLambda', () => {
  const definition = JSON.stringify({
    StartAt: 'Charge',
    States: {
      Charge: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Charge',
        Catch: [{ ErrorEquals: ['PaymentDeclined'], ResultPath: '$.declined', Next: 'Declined' }],
        End: true,
      },
      Declined: { Type: 'Pass', End: true },
    },
  });

  async function run(lambda: ReturnType<typeof createInProcessLambda>, input: unknown) {
    const clock = new FakeClock();
    const sfn = new StepFunctions({ clock, lambda });
    const { stateMachineArn } = await sfn.createStateMachine({
      name: 'charge',
      roleArn: 'arn:aws:iam::123456789012:role/statefold',
      definition,
    });
    const { executionArn } = await sfn.startExecution({ stateMachineArn, input: JSON.stringify(input) });
    await clock.settle();
    const described = await sfn.describeExecution({ executionArn });
    await sfn.close();
    return described;
  }

  it('runs a Task on the handler registered under the function’s name, reached by its ARN', async () => {
    const lambda = createInProcessLambda({ Charge: (order) => ({ charged: order }) });
    const described = await run(lambda, { amount: 5 });
    expect(described.status).toBe('SUCCEEDED');
    expect(described.output).toBe('{"charged":{"amount":5}}');
  });

  it('fails the task with the thrown error’s name, which a Catch matches', async () => {
    class PaymentDeclined extends Error {
      override name = 'PaymentDeclined';
    }
    const lambda = createInProcessLambda({
      Charge: () => {
        throw new PaymentDeclined('card expired');
      },
    });
    const described = await run(lambda, { amount: 5 });
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? '')).toMatchObject({
      amount: 5,
      declined: { Error: 'PaymentDeclined', Cause: expect.stringContaining('card expired') },
    });
  });

  it('fails a Task whose function is not registered with Lambda.ResourceNotFoundException', async () => {
    const described = await run(createInProcessLambda({ Other: () => null }), {});
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('Lambda.ResourceNotFoundException');
  });
});
