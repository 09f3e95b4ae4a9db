import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import { isJsonObject } from '../data/index.js';
import type { ServiceTaskHandler } from './ports.js';
import { createServiceFixture } from '../testing/service-fixture.js';

// Task states through StepFunctions: a Lambda function ARN (LambdaFunction* events), the optimised
// `lambda:invoke` integration (Task* events, Payload-wrapped output), and other service
// integrations through registered handlers.

const FN_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:double';

function lambdaFixture() {
  const f = createServiceFixture(memoryStore());
  f.lambda.register('double', (payload) => {
    const n = isJsonObject(payload) ? payload['n'] : undefined;
    if (typeof n !== 'number') throw new TypeError('n must be a number');
    return { n: n * 2 };
  });
  return f;
}

describe('a Task with a Lambda function ARN', () => {
  it('calls the function with the effective input and records LambdaFunction* events', async () => {
    const f = lambdaFixture();
    const arn = await f.run(
      {
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: FN_ARN,
            InputPath: '$.args',
            ResultPath: '$.result',
            TimeoutSeconds: 30,
            End: true,
          },
        },
      },
      { args: { n: 4 } },
    );
    expect(f.lambda.calls).toEqual([{ functionName: FN_ARN, payload: { n: 4 } }]);
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '{"args":{"n":4},"result":{"n":8}}' });
    const history = await f.history(arn);
    expect(history.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'LambdaFunctionScheduled'],
      [4, 3, 'LambdaFunctionStarted'],
      [5, 4, 'LambdaFunctionSucceeded'],
      [6, 5, 'TaskStateExited'],
      [7, 6, 'ExecutionSucceeded'],
    ]);
    expect(history[2]).toMatchObject({
      lambdaFunctionScheduledEventDetails: {
        resource: FN_ARN,
        input: '{"n":4}',
        inputDetails: { truncated: false },
        timeoutInSeconds: 30,
      },
    });
    expect(history[4]).toMatchObject({
      lambdaFunctionSucceededEventDetails: { output: '{"n":8}', outputDetails: { truncated: false } },
    });
  });

  it('fails with the errorType of a function error, the payload as cause', async () => {
    const f = lambdaFixture();
    const arn = await f.run(
      { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: FN_ARN, End: true } } },
      { n: 'x' },
    );
    expect(await f.types(arn)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionFailed',
      'ExecutionFailed',
    ]);
    const failed = await f.event(arn, 'LambdaFunctionFailed');
    expect(failed.lambdaFunctionFailedEventDetails.error).toBe('TypeError');
    expect(JSON.parse(failed.lambdaFunctionFailedEventDetails.cause ?? '')).toMatchObject({
      errorType: 'TypeError',
      errorMessage: 'n must be a number',
    });
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'TypeError' });
  });
});

describe('a Task with arn:aws:states:::lambda:invoke', () => {
  const definition = {
    StartAt: 'Invoke',
    States: {
      Invoke: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'double', 'Payload.$': '$' },
        End: true,
      },
    },
  };

  it('records Task* events and wraps the payload in the Invoke API response', async () => {
    const f = lambdaFixture();
    const arn = await f.run(definition, { n: 5 });
    expect(f.lambda.calls).toEqual([{ functionName: 'double', payload: { n: 5 } }]);
    const history = await f.history(arn);
    expect(history.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'TaskScheduled'],
      [4, 3, 'TaskStarted'],
      [5, 4, 'TaskSucceeded'],
      [6, 5, 'TaskStateExited'],
      [7, 6, 'ExecutionSucceeded'],
    ]);
    expect(history[2]).toMatchObject({
      taskScheduledEventDetails: {
        resourceType: 'lambda',
        resource: 'invoke',
        region: 'us-east-1',
        parameters: '{"FunctionName":"double","Payload":{"n":5}}',
      },
    });
    expect(history[3]).toMatchObject({ taskStartedEventDetails: { resourceType: 'lambda', resource: 'invoke' } });
    const output = JSON.parse((await f.describe(arn)).output ?? '');
    expect(output).toMatchObject({
      ExecutedVersion: '$LATEST',
      Payload: { n: 10 },
      StatusCode: 200,
      SdkHttpMetadata: { HttpStatusCode: 200 },
    });
  });

  it('selects the payload with ResultSelector', async () => {
    const f = lambdaFixture();
    const arn = await f.run(
      {
        StartAt: 'Invoke',
        States: { Invoke: { ...definition.States.Invoke, ResultSelector: { 'value.$': '$.Payload.n' } } },
      },
      { n: 1 },
    );
    expect((await f.describe(arn)).output).toBe('{"value":2}');
  });

  it("fails with Lambda.ResourceNotFoundException and AWS's cause for a function that does not exist", async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(definition, {});
    expect(await f.types(arn)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'ExecutionFailed',
    ]);
    const described = await f.describe(arn);
    expect(described.error).toBe('Lambda.ResourceNotFoundException');
    expect(described.cause).toMatch(
      /^Function not found: arn:aws:lambda:us-east-1:123456789012:function:double:\$LATEST \(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: [0-9a-f-]+; Proxy: null\)$/,
    );
  });

  it('fails with the errorType of a function error', async () => {
    const f = lambdaFixture();
    const arn = await f.run(definition, { n: null });
    const failed = await f.event(arn, 'TaskFailed');
    expect(failed.taskFailedEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      error: 'TypeError',
    });
  });
});

describe('a Task with another service integration', () => {
  const definition = {
    StartAt: 'Publish',
    States: {
      Publish: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sns:publish',
        Parameters: { 'Message.$': '$.text', TopicArn: 'topic' },
        End: true,
      },
    },
  };

  it('runs the handler registered for its resource with the effective parameters', async () => {
    const requests: unknown[] = [];
    const publish: ServiceTaskHandler = async (request) => {
      requests.push({
        resource: request.resource,
        parameters: request.parameters,
        stateName: request.stateName,
        executionArn: request.executionArn,
      });
      return { ok: true, output: { MessageId: 'm-1' } };
    };
    const f = createServiceFixture(memoryStore(), { services: { 'arn:aws:states:::sns:publish': publish } });
    const arn = await f.run(definition, { text: 'hi' });
    expect(requests).toEqual([
      {
        resource: 'arn:aws:states:::sns:publish',
        parameters: { Message: 'hi', TopicArn: 'topic' },
        stateName: 'Publish',
        executionArn: arn,
      },
    ]);
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '{"MessageId":"m-1"}' });
    const history = await f.history(arn);
    expect(history.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(history[4]).toMatchObject({
      taskSucceededEventDetails: { resourceType: 'sns', resource: 'publish', output: '{"MessageId":"m-1"}' },
    });
  });

  it('records a failure the handler reports as TaskFailed with its error and cause', async () => {
    const f = createServiceFixture(memoryStore(), {
      services: {
        'arn:aws:states:::sns:publish': async () => ({
          ok: false,
          error: 'SNS.NotFoundException',
          cause: 'Topic does not exist',
        }),
      },
    });
    const arn = await f.run(definition, { text: 'hi' });
    expect((await f.event(arn, 'TaskFailed')).taskFailedEventDetails).toEqual({
      resourceType: 'sns',
      resource: 'publish',
      error: 'SNS.NotFoundException',
      cause: 'Topic does not exist',
    });
    expect(await f.describe(arn)).toMatchObject({
      status: 'FAILED',
      error: 'SNS.NotFoundException',
      cause: 'Topic does not exist',
    });
  });

  it('fails through TaskScheduled, TaskStarted and TaskFailed when no handler is registered', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(definition, { text: 'hi' });
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'TaskScheduled'],
      [4, 3, 'TaskStarted'],
      [5, 4, 'TaskFailed'],
      [6, 5, 'ExecutionFailed'],
    ]);
    expect(await f.describe(arn)).toMatchObject({
      status: 'FAILED',
      error: 'States.TaskFailed',
      cause: `No handler is registered for the resource 'arn:aws:states:::sns:publish'. Register one in the 'services' option, or for statefold serve add a route under "services" in the config file (see the README's "Service integrations").`,
    });
    expect(f.errors).toEqual([]);
  });

  it('runs a service-wide handler registered as arn:aws:states:::<service>:*', async () => {
    const seen: string[] = [];
    const f = createServiceFixture(memoryStore(), {
      services: {
        'arn:aws:states:::sns:*': async (request) => {
          seen.push(request.resource);
          return { ok: true, output: { MessageId: 'm-1' } };
        },
      },
    });
    const arn = await f.run(definition, { text: 'hi' });
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED' });
    expect(seen).toEqual(['arn:aws:states:::sns:publish']);
  });

  it('turns a handler that throws into States.TaskFailed rather than an engine error', async () => {
    const f = createServiceFixture(memoryStore(), {
      services: {
        'arn:aws:states:::sns:publish': async () => {
          throw new RangeError('boom');
        },
      },
    });
    const arn = await f.run(definition, { text: 'hi' });
    expect(await f.describe(arn)).toMatchObject({
      status: 'FAILED',
      error: 'States.TaskFailed',
      cause: 'RangeError: boom',
    });
    expect(f.errors).toEqual([]);
  });
});
