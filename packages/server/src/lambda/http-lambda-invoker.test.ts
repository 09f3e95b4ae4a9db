import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpLambdaInvoker } from './http-lambda-invoker.js';

interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

// A tiny Lambda Invoke API endpoint: each function name maps to how it answers.
async function startLambdaEndpoint(
  answers: Readonly<Record<string, { status: number; headers?: Record<string, string>; body: string }>>,
): Promise<{ server: Server; endpoint: string; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const name = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(request.url ?? '')?.[1];
      const answer = answers[decodeURIComponent(name ?? '')] ?? {
        status: 404,
        headers: {
          'x-amzn-errortype': 'ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.awsgirlambda/',
        },
        body: JSON.stringify({ Type: 'User', message: `Function not found: ${name ?? ''}` }),
      };
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen };
}

let lambda: Awaited<ReturnType<typeof startLambdaEndpoint>> | undefined;
afterEach(async () => {
  await new Promise((resolve) => lambda?.server.close(resolve) ?? resolve(undefined));
  lambda = undefined;
});

describe('HttpLambdaInvoker', () => {
  // lambda:invoke reports the Invoke API's real response as SdkHttpMetadata (services/test_lambda_task_service).
  it('returns the response status and headers, counting the body when no Content-Length came', async () => {
    const body = '{"foo": "foo-1"}';
    lambda = await startLambdaEndpoint({
      Spaced: { status: 200, headers: { 'x-amzn-requestid': 'req-1', 'x-amz-executed-version': '7' }, body },
    });
    const invoker = new HttpLambdaInvoker({ endpoint: lambda.endpoint });
    const result = await invoker.invoke({ functionName: 'Spaced', payload: {} });
    expect(result.payload).toEqual({ foo: 'foo-1' });
    expect(result.http?.statusCode).toBe(200);
    expect(result.http?.headers).toMatchObject({
      'content-length': '16',
      'x-amzn-requestid': 'req-1',
      'x-amz-executed-version': '7',
    });
    expect(result.http?.headers['date']).toMatch(/GMT$/);
  });

  it('asks for the log tail with X-Amz-Log-Type when LogType is Tail', async () => {
    lambda = await startLambdaEndpoint({
      Logged: { status: 200, headers: { 'x-amz-log-result': 'U1RBUlQ=' }, body: '{}' },
    });
    const invoker = new HttpLambdaInvoker({ endpoint: lambda.endpoint });
    const result = await invoker.invoke({ functionName: 'Logged', payload: {}, logType: 'Tail' });
    expect(lambda.seen[0]?.headers['x-amz-log-type']).toBe('Tail');
    expect(result.http?.headers['x-amz-log-result']).toBe('U1RBUlQ=');
  });

  it('posts the payload to the function’s invocations path and returns its JSON result', async () => {
    lambda = await startLambdaEndpoint({ Greeter: { status: 200, body: '{"greeting":"hello"}' } });
    const invoker = new HttpLambdaInvoker({ endpoint: lambda.endpoint });
    const result = await invoker.invoke({ functionName: 'Greeter', payload: { who: 'world' } });
    expect(result).toMatchObject({ payload: { greeting: 'hello' } });
    expect(lambda.seen).toHaveLength(1);
    expect(lambda.seen[0]).toMatchObject({
      method: 'POST',
      url: '/2015-03-31/functions/Greeter/invocations',
      body: '{"who":"world"}',
    });
    expect(lambda.seen[0]?.headers['content-type']).toBe('application/json');
  });

  it('escapes a function ARN into one path segment', async () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:Greeter:prod';
    lambda = await startLambdaEndpoint({ [arn]: { status: 200, body: '1' } });
    const result = await new HttpLambdaInvoker({ endpoint: lambda.endpoint }).invoke({
      functionName: arn,
      payload: null,
    });
    expect(result).toMatchObject({ payload: 1 });
    expect(lambda.seen[0]?.url).toBe(`/2015-03-31/functions/${encodeURIComponent(arn)}/invocations`);
  });

  it('reports X-Amz-Function-Error as functionError with the error payload', async () => {
    const errorPayload = { errorType: 'Error', errorMessage: 'boom', trace: [] };
    lambda = await startLambdaEndpoint({
      Failing: { status: 200, headers: { 'x-amz-function-error': 'Unhandled' }, body: JSON.stringify(errorPayload) },
    });
    const result = await new HttpLambdaInvoker({ endpoint: lambda.endpoint }).invoke({
      functionName: 'Failing',
      payload: {},
    });
    expect(result).toMatchObject({ payload: errorPayload, functionError: 'Unhandled' });
  });

  it('returns null for a function that answers an empty body', async () => {
    lambda = await startLambdaEndpoint({ Quiet: { status: 200, body: '' } });
    const result = await new HttpLambdaInvoker({ endpoint: lambda.endpoint }).invoke({
      functionName: 'Quiet',
      payload: {},
    });
    expect(result).toMatchObject({ payload: null });
  });

  it('rejects with an error named after x-amzn-ErrorType and the body’s message', async () => {
    lambda = await startLambdaEndpoint({});
    const error: unknown = await new HttpLambdaInvoker({ endpoint: lambda.endpoint })
      .invoke({ functionName: 'Missing', payload: {} })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Function not found: Missing',
      statusCode: 404,
    });
  });

  it('takes the error code from the body’s __type when there is no header', async () => {
    lambda = await startLambdaEndpoint({
      Busy: {
        status: 429,
        body: JSON.stringify({ __type: 'com.amazonaws.lambda#TooManyRequestsException', Message: 'Rate exceeded' }),
      },
    });
    const error: unknown = await new HttpLambdaInvoker({ endpoint: lambda.endpoint })
      .invoke({ functionName: 'Busy', payload: {} })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TooManyRequestsException', message: 'Rate exceeded', statusCode: 429 });
  });

  it('rejects with ServiceException when nothing listens at the endpoint', async () => {
    lambda = await startLambdaEndpoint({});
    const closedEndpoint = lambda.endpoint;
    await new Promise((resolve) => lambda?.server.close(resolve));
    lambda = undefined;
    const error: unknown = await new HttpLambdaInvoker({ endpoint: closedEndpoint })
      .invoke({ functionName: 'Any', payload: {} })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ServiceException' });
    expect((error as Error).message).toContain(closedEndpoint.replace(/\/$/, ''));
  });
});
