import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist as SdkExecutionDoesNotExist,
  GetActivityTaskCommand,
  ListActivitiesCommand,
  ListExecutionsCommand,
  SFNServiceException,
  StartExecutionCommand,
  ValidationException as SdkValidationException,
} from '@aws-sdk/client-sfn';
import { ExecutionDoesNotExist, ValidationException } from '@statefold/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createDeferred,
  createSdkClient,
  jsonHeaders,
  sendRaw,
  startServer,
  type RunningServer,
} from '../test-kit/server-kit.js';

const startDate = new Date('2024-01-02T03:04:05.678Z');
const knownExecutionArn = 'arn:aws:states:us-east-1:123456789012:execution:machine:run-1';

// A hand-written service: just enough behaviour to exercise the protocol, nothing of the engine.
function createFakeService() {
  const calls: { action: string; input: unknown }[] = [];
  return {
    calls,
    async startExecution(input: { stateMachineArn?: string; name?: string }) {
      calls.push({ action: 'StartExecution', input });
      return { executionArn: `${input.stateMachineArn ?? ''}:${input.name ?? 'x'}`, startDate };
    },
    async describeExecution(input: { executionArn?: string }) {
      if (input.executionArn === undefined) throw new ValidationException('executionArn is required');
      if (input.executionArn !== knownExecutionArn) throw new ExecutionDoesNotExist(input.executionArn);
      return {
        executionArn: knownExecutionArn,
        stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:machine',
        status: 'SUCCEEDED',
        startDate,
        stopDate: new Date('2024-01-02T03:04:06Z'),
        output: undefined,
      };
    },
    async listExecutions() {
      return { executions: [{ executionArn: knownExecutionArn, name: 'run-1', status: 'RUNNING', startDate }] };
    },
    async listActivities(): Promise<never> {
      throw new TypeError('boom in listActivities');
    },
    async getActivityTask(_input: unknown, options?: { signal?: AbortSignal }) {
      return {};
    },
  };
}

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.server.shutdown();
  running = undefined;
});

describe('createServer with the AWS SDK', () => {
  it('serialises dates as epoch seconds the SDK parses back to the same instant', async () => {
    running = await startServer({ service: createFakeService() });
    const sdk = createSdkClient(running.endpoint);
    const started = await sdk.send(new StartExecutionCommand({ stateMachineArn: 'arn:sm', name: 'n1', input: '{}' }));
    expect(started.startDate?.toISOString()).toBe(startDate.toISOString());
    expect(started.executionArn).toBe('arn:sm:n1');
    const listed = await sdk.send(new ListExecutionsCommand({ stateMachineArn: 'arn:sm' }));
    expect(listed.executions?.[0]?.startDate?.getTime()).toBe(startDate.getTime());
  });

  it('writes a timestamp as a JSON number with its millisecond fraction and omits absent members', async () => {
    running = await startServer({ service: createFakeService() });
    const response = await sendRaw(running.port, {
      headers: jsonHeaders('DescribeExecution'),
      body: JSON.stringify({ executionArn: knownExecutionArn }),
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(response.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.text).toContain('"startDate":1704164645.678');
    expect(response.json).toEqual({
      executionArn: knownExecutionArn,
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:machine',
      status: 'SUCCEEDED',
      startDate: 1704164645.678,
      stopDate: 1704164646,
    });
  });

  it('raises the typed ExecutionDoesNotExist exception with AWS’s message in the SDK', async () => {
    running = await startServer({ service: createFakeService() });
    const sdk = createSdkClient(running.endpoint);
    const arn = 'arn:aws:states:us-east-1:123456789012:execution:machine:missing';
    const error: unknown = await sdk.send(new DescribeExecutionCommand({ executionArn: arn })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SdkExecutionDoesNotExist);
    expect((error as SdkExecutionDoesNotExist).message).toBe(`Execution Does Not Exist: '${arn}'`);
    expect((error as SdkExecutionDoesNotExist).$metadata.httpStatusCode).toBe(400);
  });

  it('passes a service ValidationException through as the SDK’s ValidationException', async () => {
    running = await startServer({ service: createFakeService() });
    const raw = await sendRaw(running.port, { headers: jsonHeaders('DescribeExecution'), body: '{}' });
    expect(raw.headers['x-amzn-errortype']).toBe('ValidationException');
    const sdk = createSdkClient(running.endpoint);
    const error: unknown = await sdk.send(new DescribeExecutionCommand({} as never)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SdkValidationException);
  });

  it('answers HTTP 500 InternalFailure for an error that is not a StepFunctionsError and logs one line with its stack', async () => {
    running = await startServer({ service: createFakeService() });
    const sdk = createSdkClient(running.endpoint);
    const error: unknown = await sdk.send(new ListActivitiesCommand({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SFNServiceException);
    expect((error as SFNServiceException).name).toBe('InternalFailure');
    expect((error as SFNServiceException).$metadata.httpStatusCode).toBe(500);
    expect(running.errorLines).toHaveLength(1);
    expect(running.errorLines[0]).toContain('TypeError: boom in listActivities');
    expect(running.errorLines[0]).toContain('AWSStepFunctions.ListActivities');
    expect(running.errorLines[0]).not.toContain('\n');
  });

  it('answers HTTP 500 when a result holds an invalid Date instead of writing null', async () => {
    const service = {
      describeActivity: async () => ({ activityArn: 'a', name: 'n', creationDate: new Date(Number.NaN) }),
    };
    running = await startServer({ service });
    const response = await sendRaw(running.port, {
      headers: jsonHeaders('DescribeActivity'),
      body: '{"activityArn":"a"}',
    });
    expect(response.status).toBe(500);
    expect(response.json).toMatchObject({ __type: 'InternalFailure' });
    expect(running.errorLines).toHaveLength(1);
  });

  it('answers UnknownOperationException for an action the service does not implement', async () => {
    running = await startServer({ service: createFakeService() });
    const response = await sendRaw(running.port, { headers: jsonHeaders('TestState'), body: '{}' });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('answers GET / as a health check', async () => {
    running = await startServer({ service: createFakeService() });
    const response = await sendRaw(running.port, { method: 'GET', path: '/' });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ status: 'ok', service: 'statefold' });
  });

  it('drops null members and ignores unknown members before calling the service', async () => {
    const service = createFakeService();
    running = await startServer({ service });
    const response = await sendRaw(running.port, {
      headers: jsonHeaders('StartExecution'),
      body: JSON.stringify({ stateMachineArn: 'arn:sm', name: null, somethingNew: [1, 2] }),
    });
    expect(response.status).toBe(200);
    expect(service.calls.at(-1)?.input).toEqual({ stateMachineArn: 'arn:sm' });
  });
});

describe('createServer long polls', () => {
  function createPollingService() {
    const pollStarted = createDeferred();
    const pollReleased = createDeferred<boolean>();
    const service = {
      getActivityTask: (_input: unknown, options?: { signal?: AbortSignal }) =>
        new Promise<object>((resolve) => {
          pollStarted.resolve();
          options?.signal?.addEventListener('abort', () => {
            pollReleased.resolve(true);
            resolve({});
          });
        }),
    };
    return { service, pollStarted, pollReleased };
  }

  it('aborts the poll’s signal when the client disconnects', async () => {
    const { service, pollStarted, pollReleased } = createPollingService();
    running = await startServer({ service });
    const sdk = createSdkClient(running.endpoint);
    const controller = new AbortController();
    const poll = sdk
      .send(new GetActivityTaskCommand({ activityArn: 'arn:activity' }), { abortSignal: controller.signal })
      .catch((e: unknown) => e);
    await pollStarted.promise;
    controller.abort();
    expect(await pollReleased.promise).toBe(true);
    expect(await poll).toBeInstanceOf(Error);
    expect(running.errorLines).toEqual([]);
  });

  it('answers a waiting poll with no task on shutdown and then closes', async () => {
    const { service, pollStarted } = createPollingService();
    running = await startServer({ service });
    const sdk = createSdkClient(running.endpoint);
    const poll = sdk.send(new GetActivityTaskCommand({ activityArn: 'arn:activity' }));
    await pollStarted.promise;
    const server = running.server;
    await server.shutdown();
    const task = await poll;
    expect(task.taskToken).toBeUndefined();
    expect(task.input).toBeUndefined();
    expect(server.listening).toBe(false);
    sdk.destroy();
  });

  it('lets an in-flight request finish before shutdown resolves', async () => {
    const entered = createDeferred();
    const release = createDeferred();
    const service = {
      createActivity: async () => {
        entered.resolve();
        await release.promise;
        return { activityArn: 'arn:activity', creationDate: startDate };
      },
    };
    running = await startServer({ service });
    const server = running.server;
    const response = sendRaw(running.port, { headers: jsonHeaders('CreateActivity'), body: '{"name":"a"}' });
    await entered.promise;
    let shutdownDone = false;
    const shutdown = server.shutdown().then(() => (shutdownDone = true));
    await Promise.resolve();
    expect(shutdownDone).toBe(false);
    release.resolve();
    const answered = await response;
    expect(answered.status).toBe(200);
    expect(answered.headers.connection).toBe('close');
    await shutdown;
    expect(shutdownDone).toBe(true);
  });
});
