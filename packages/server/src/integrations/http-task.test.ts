import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonValue } from '@statefold/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTask, type HttpTaskOptions } from './http-task.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

// A real HTTP server: each request is recorded and answered by `answer` (or never, for `hang`).
async function startApi(
  answer: (seen: Seen) => { status: number; type?: string; body: string } | 'hang',
): Promise<{ server: Server; base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(entry);
      const reply = answer(entry);
      if (reply === 'hang') return;
      response.writeHead(reply.status, { 'content-type': reply.type ?? 'application/json' });
      response.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

let api: Awaited<ReturnType<typeof startApi>> | undefined;
afterEach(async () => {
  api?.server.closeAllConnections();
  await new Promise((resolve) => api?.server.close(resolve) ?? resolve(undefined));
  api = undefined;
});

function invoke(parameters: JsonValue, options: HttpTaskOptions = {}) {
  return createHttpTask(options)({
    resource: 'arn:aws:states:::http:invoke',
    parameters,
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:e',
    stateName: 'Call',
    scheduledEventId: 3,
    signal: new AbortController().signal,
  });
}

describe('an HTTP Task', () => {
  it('sends method, query, headers and a JSON body, and answers AWS’s response shape', async () => {
    api = await startApi(() => ({ status: 201, body: '{"id":7}' }));
    const result = await invoke({
      ApiEndpoint: `${api.base}/orders`,
      Method: 'POST',
      Headers: { 'X-Trace': 'abc' },
      QueryParameters: { dry: 'true' },
      RequestBody: { item: 'book' },
    });
    expect(api.seen[0]).toMatchObject({ method: 'POST', url: '/orders?dry=true', body: '{"item":"book"}' });
    expect(api.seen[0]?.headers).toMatchObject({ 'x-trace': 'abc', 'content-type': 'application/json' });
    expect(result).toMatchObject({
      ok: true,
      output: {
        ResponseBody: { id: 7 },
        StatusCode: 201,
        StatusText: 'Created',
        Headers: { 'content-type': ['application/json'] },
      },
    });
  });

  it.each([
    ['INDICES', 'tags%5B0%5D=a&tags%5B1%5D=b&who=me'],
    ['REPEAT', 'tags=a&tags=b&who=me'],
    ['COMMAS', 'tags=a%2Cb&who=me'],
    ['BRACKETS', 'tags%5B%5D=a&tags%5B%5D=b&who=me'],
  ])('URL-encodes the body with arrays in the %s format', async (format, expected) => {
    api = await startApi(() => ({ status: 200, type: 'text/plain', body: 'ok' }));
    const result = await invoke({
      ApiEndpoint: api.base,
      Method: 'POST',
      RequestBody: { tags: ['a', 'b'], who: 'me' },
      Transform: { RequestBodyEncoding: 'URL_ENCODED', RequestEncodingOptions: { ArrayFormat: format } },
    });
    expect(api.seen[0]?.body).toBe(expected);
    expect(api.seen[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(result).toMatchObject({ ok: true, output: { ResponseBody: 'ok', StatusCode: 200 } });
  });

  it.each([404, 503])(
    'fails a %i answer with States.Http.StatusCode.<status> and the answer as the cause',
    async (status) => {
      api = await startApi(() => ({ status, body: '{"message":"no"}' }));
      const result = await invoke({ ApiEndpoint: api.base, Method: 'GET' });
      expect(result).toMatchObject({ ok: false, error: `States.Http.StatusCode.${status}` });
      expect(JSON.parse(result.ok ? '' : result.cause)).toMatchObject({
        ResponseBody: { message: 'no' },
        StatusCode: status,
      });
    },
  );

  it('fails with States.Http.Socket when the server does not answer in time', async () => {
    api = await startApi(() => 'hang');
    const result = await invoke({ ApiEndpoint: api.base, Method: 'GET' }, { timeoutMs: 200 });
    expect(result).toMatchObject({ ok: false, error: 'States.Http.Socket' });
  });

  it('fails with States.Http.Socket when nothing listens', async () => {
    api = await startApi(() => 'hang');
    const closed = api.base;
    await new Promise((resolve) => api?.server.close(resolve));
    api = undefined;
    expect(await invoke({ ApiEndpoint: closed, Method: 'GET' })).toMatchObject({
      ok: false,
      error: 'States.Http.Socket',
    });
  });

  it('adds the configured connection’s credentials and parameters', async () => {
    api = await startApi(() => ({ status: 200, body: '{}' }));
    const connectionArn = 'arn:aws:events:us-east-1:123456789012:connection/orders/abc';
    await invoke(
      { ApiEndpoint: api.base, Method: 'GET', Authentication: { ConnectionArn: connectionArn } },
      {
        connections: new Map([
          [connectionArn, { apiKey: { name: 'x-api-key', value: 'secret' }, queryParameters: { tenant: 't1' } }],
        ]),
      },
    );
    expect(api.seen[0]?.headers['x-api-key']).toBe('secret');
    expect(api.seen[0]?.url).toBe('/?tenant=t1');
  });

  it('fails with a message naming the config when the connection is not configured', async () => {
    const result = await invoke({
      ApiEndpoint: 'http://127.0.0.1:1',
      Method: 'GET',
      Authentication: { ConnectionArn: 'arn:aws:events:us-east-1:123456789012:connection/none/x' },
    });
    expect(result).toMatchObject({ ok: false, error: 'States.Runtime' });
    expect(result.ok ? '' : result.cause).toContain('"http.connections"');
  });

  it('refuses a method HTTP Tasks do not offer', async () => {
    expect(await invoke({ ApiEndpoint: 'http://127.0.0.1:1', Method: 'TRACE' })).toMatchObject({
      ok: false,
      error: 'States.Runtime',
    });
  });
});
