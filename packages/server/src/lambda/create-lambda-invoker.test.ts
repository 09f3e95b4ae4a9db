import { describe, expect, it } from 'vitest';
import { CannedLambdaInvoker } from './canned-lambda-invoker.js';
import { createLambdaInvoker } from './create-lambda-invoker.js';
import { FunctionLambdaInvoker } from './function-lambda-invoker.js';
import { functionKeysOf, RoutingLambdaInvoker } from './routing-lambda-invoker.js';
import type { LambdaConfig } from '../config/statefold-config.js';

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
  const answer = (value: string) => new CannedLambdaInvoker([{ payload: value }]);

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

describe('CannedLambdaInvoker', () => {
  it('answers invokes in order and repeats the last response', async () => {
    const invoker = new CannedLambdaInvoker([
      { error: 'TooManyRequestsException', message: 'Rate exceeded' },
      { functionError: 'Unhandled', payload: { errorType: 'Error', errorMessage: 'boom' } },
      { payload: { ok: true } },
    ]);
    await expect(invoker.invoke()).rejects.toMatchObject({
      name: 'TooManyRequestsException',
      message: 'Rate exceeded',
    });
    expect(await invoker.invoke()).toEqual({
      functionError: 'Unhandled',
      payload: { errorType: 'Error', errorMessage: 'boom' },
    });
    expect(await invoker.invoke()).toEqual({ payload: { ok: true } });
    expect(await invoker.invoke()).toEqual({ payload: { ok: true } });
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

describe('createLambdaInvoker', () => {
  const config: LambdaConfig = {
    endpoint: 'http://127.0.0.1:1',
    functions: new Map([['Greeter', { kind: 'responses', responses: [{ payload: 'canned' }] }]]),
  };

  it('routes configured functions to their configured answer', async () => {
    const invoker = createLambdaInvoker(config, {});
    expect((await invoker.invoke({ functionName: 'Greeter', payload: {} })).payload).toBe('canned');
  });

  it('rejects unknown functions with ResourceNotFoundException when no endpoint is configured', async () => {
    const invoker = createLambdaInvoker(undefined, {});
    await expect(invoker.invoke({ functionName: 'Other', payload: {} })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('refuses a LAMBDA_ENDPOINT that is not an http URL', () => {
    expect(() => createLambdaInvoker(config, { LAMBDA_ENDPOINT: 'localhost:3001' })).toThrow(
      "LAMBDA_ENDPOINT must be an http:// or https:// URL, not 'localhost:3001'",
    );
  });
});
