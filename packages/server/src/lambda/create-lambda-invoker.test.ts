import { describe, expect, it } from 'vitest';
import { CannedLambdaInvoker } from './canned-lambda-invoker.js';
import { createLambdaInvoker } from './create-lambda-invoker.js';
import type { LambdaConfig } from '../config/statefold-config.js';

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
