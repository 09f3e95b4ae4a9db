import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../data/index.js';
import { memoryStore } from '../store/index.js';
import { createServiceFixture } from '../testing/service-fixture.js';
import { lambdaInvokeResponse } from './lambda-invoke-response.js';

// The optimised lambda:invoke integration returns the Invoke API's response around the function's
// result: Payload is the JSON value the function returned, whatever its type, and the metadata is
// the HTTP response's (services/test_lambda_task_service: test_invoke_json_values, LogType Tail).

const context = { now: () => new Date('2024-01-01T00:00:00Z'), uuid: () => '11111111-2222-4333-8444-555555555555' };

describe('lambdaInvokeResponse', () => {
  it('takes the metadata from the HTTP response the endpoint sent', () => {
    const response = lambdaInvokeResponse(
      {
        payload: { foo: 'foo-1' },
        http: {
          statusCode: 200,
          headers: {
            'content-length': '16',
            date: 'Mon, 01 Jan 2024 00:00:05 GMT',
            'x-amzn-requestid': 'req-9',
            'x-amz-executed-version': '3',
          },
        },
      },
      context,
      undefined,
    );
    expect(response).toMatchObject({
      ExecutedVersion: '3',
      Payload: { foo: 'foo-1' },
      SdkHttpMetadata: {
        AllHttpHeaders: { 'Content-Length': ['16'], 'x-amzn-RequestId': ['req-9'] },
        HttpHeaders: {
          'Content-Length': '16',
          Date: 'Mon, 01 Jan 2024 00:00:05 GMT',
          'X-Amz-Executed-Version': '3',
          'x-amzn-RequestId': 'req-9',
        },
        HttpStatusCode: 200,
      },
      SdkResponseMetadata: { RequestId: 'req-9' },
      StatusCode: 200,
    });
  });

  it('computes the metadata of an in-process invoke from the payload', () => {
    const response = lambdaInvokeResponse({ payload: 'HelloWorld' }, context, undefined);
    expect(response).toMatchObject({
      ExecutedVersion: '$LATEST',
      Payload: 'HelloWorld',
      SdkHttpMetadata: {
        HttpHeaders: {
          'Content-Length': '12',
          Date: 'Mon, 01 Jan 2024 00:00:00 GMT',
          'x-amzn-RequestId': '11111111-2222-4333-8444-555555555555',
        },
      },
    });
    expect(response).not.toHaveProperty('LogResult');
  });

  it('returns LogResult, the X-Amz-Log-Result header, when the log tail was asked for', () => {
    const received = lambdaInvokeResponse(
      { payload: {}, http: { statusCode: 200, headers: { 'x-amz-log-result': 'U1RBUlQ=' } } },
      context,
      'Tail',
    );
    expect(received).toMatchObject({
      LogResult: 'U1RBUlQ=',
      SdkHttpMetadata: { HttpHeaders: { 'X-Amz-Log-Result': 'U1RBUlQ=' } },
    });
    const computed = lambdaInvokeResponse({ payload: {} }, context, 'Tail') as { LogResult?: string };
    expect(Buffer.from(computed.LogResult ?? '', 'base64').toString()).toContain(
      'START RequestId: 11111111-2222-4333-8444-555555555555',
    );
  });
});

describe('a lambda:invoke Task', () => {
  it.each<[string, JsonValue]>([
    ['a string', 'HelloWorld'],
    ['zero', 0],
    ['true', true],
    ['null', null],
    ['an empty array', []],
  ])('outputs Payload as the JSON value when the function returns %s', async (_, returned) => {
    const f = createServiceFixture(memoryStore());
    f.lambda.register('fn', () => returned);
    const arn = await f.run({
      StartAt: 'Invoke',
      States: {
        Invoke: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'fn', Payload: {} },
          OutputPath: '$.Payload',
          End: true,
        },
      },
    });
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: JSON.stringify(returned) });
  });

  it('returns LogResult when the parameters ask for LogType Tail', async () => {
    const f = createServiceFixture(memoryStore());
    f.lambda.register('fn', () => ({}));
    const arn = await f.run({
      StartAt: 'Invoke',
      States: {
        Invoke: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'fn', Payload: null, LogType: 'Tail' },
          End: true,
        },
      },
    });
    const output = JSON.parse((await f.describe(arn)).output ?? '{}') as Record<string, unknown>;
    expect(typeof output['LogResult']).toBe('string');
  });
});

// A result past 256 KiB fails the task itself, naming the function ARN (a Lambda function resource)
// or the service (an optimised integration), and Catch handles it, States.ALL included
// (services/test_lambda_task_service, error_handling/test_task_lambda *_data_limit_exceeded_*).
describe('a Lambda result past the payload limit', () => {
  const large = 'a'.repeat(257 * 1024);
  const catching = (task: Record<string, unknown>) => ({
    StartAt: 'Invoke',
    States: {
      Invoke: { Type: 'Task', ...task, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handled' }], End: true },
      Handled: { Type: 'Pass', End: true },
    },
  });

  it.each([
    [
      'a Lambda function ARN',
      { Resource: 'arn:aws:lambda:us-east-1:123456789012:function:big' },
      'LambdaFunctionFailed',
      'arn:aws:lambda:us-east-1:123456789012:function:big',
    ],
    [
      'lambda:invoke',
      { Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'big', Payload: null } },
      'TaskFailed',
      'lambda',
    ],
  ])('fails the task run through %s, and Catch handles it', async (_, task, failedType, named) => {
    const f = createServiceFixture(memoryStore());
    f.lambda.register('big', () => large);
    const arn = await f.run(catching(task));
    const cause = `The state/task '${named}' returned a result with a size exceeding the maximum number of bytes service limit.`;
    expect(await f.describe(arn)).toMatchObject({
      status: 'SUCCEEDED',
      output: JSON.stringify({ Error: 'States.DataLimitExceeded', Cause: cause }),
    });
    const types = await f.types(arn);
    expect(types.slice(-5)).toEqual([
      failedType,
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });
});
