import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaInvoker } from '../lambda/create-lambda-invoker.js';
import { loadConfigFile } from './statefold-config.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'statefold-config-'));
  await writeFile(
    join(directory, 'greeter.mjs'),
    'export async function handler(event) { return { greeting: `hello ${event.who}` }; }\nexport const notAFunction = 1;\n',
  );
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function writeConfig(name: string, content: unknown): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('loadConfigFile', () => {
  it('loads a JSON config whose functions answer from a module, an endpoint and canned responses', async () => {
    const path = await writeConfig('good.json', {
      lambda: {
        endpoint: 'http://127.0.0.1:3001',
        functions: {
          'arn:aws:lambda:us-east-1:123456789012:function:Greeter': { module: './greeter.mjs', export: 'handler' },
          Billing: { endpoint: 'https://lambda.example.com' },
          Flaky: {
            responses: [{ error: 'TooManyRequestsException', message: 'Rate exceeded' }, { payload: { ok: true } }],
          },
        },
      },
    });
    const config = await loadConfigFile(path);
    expect(config.lambda.endpoint).toBe('http://127.0.0.1:3001');
    expect([...config.lambda.functions.values()].map((f) => f.kind)).toEqual(['handler', 'endpoint', 'responses']);
    const invoker = createLambdaInvoker(config.lambda, {});
    expect(await invoker.invoke({ functionName: 'Greeter', payload: { who: 'world' } })).toEqual({
      payload: { greeting: 'hello world' },
    });
    await expect(invoker.invoke({ functionName: 'Flaky', payload: {} })).rejects.toMatchObject({
      name: 'TooManyRequestsException',
    });
    expect(await invoker.invoke({ functionName: 'Flaky', payload: {} })).toEqual({ payload: { ok: true } });
  });

  it('loads an ES module config with inline handler functions', async () => {
    const path = await writeConfig(
      'config.mjs',
      'export default { lambda: { functions: { Double: async (n) => n * 2, Triple: { handler: (n) => n * 3 } } } };\n',
    );
    const invoker = createLambdaInvoker((await loadConfigFile(path)).lambda, {});
    expect(await invoker.invoke({ functionName: 'Double', payload: 21 })).toEqual({ payload: 42 });
    expect(await invoker.invoke({ functionName: 'Triple', payload: 2 })).toEqual({ payload: 6 });
  });

  it('reads the service limits, and leaves them out when the file gives none', async () => {
    const limits = { maxStateMachines: 2, maxActivities: 0, maxOpenExecutions: 10, maxTagsPerResource: 50 };
    expect((await loadConfigFile(await writeConfig('limits.json', { limits }))).limits).toEqual(limits);
    expect(
      (await loadConfigFile(await writeConfig('some-limits.json', { limits: { maxActivities: 3 } }))).limits,
    ).toEqual({ maxActivities: 3 });
    expect(await loadConfigFile(await writeConfig('no-limits.json', {}))).not.toHaveProperty('limits');
  });

  it('reads the keys that requests must be signed with', async () => {
    const auth = { credentials: [{ accessKeyId: 'AKIDTEAM', secretAccessKey: 'team-secret' }] };
    expect((await loadConfigFile(await writeConfig('auth.json', { auth }))).auth).toEqual(auth);
    expect(await loadConfigFile(await writeConfig('no-auth.json', {}))).not.toHaveProperty('auth');
  });

  it('reads the HTTP Task connections and timeout', async () => {
    const http = {
      timeoutSeconds: 5,
      connections: {
        'arn:aws:events:us-east-1:123456789012:connection/a/1': {
          apiKey: { name: 'x-api-key', value: 'k' },
          headers: { 'x-team': 'ops' },
        },
        'arn:aws:events:us-east-1:123456789012:connection/b/2': { basic: { username: 'u', password: 'p' } },
      },
    };
    const config = await loadConfigFile(await writeConfig('http.json', { http }));
    expect(config.http?.timeoutSeconds).toBe(5);
    expect(Object.fromEntries(config.http?.connections ?? [])).toEqual(http.connections);
  });

  it('sends unlisted functions to LAMBDA_ENDPOINT, which overrides the config’s endpoint', async () => {
    const server = createServer((request, response) => response.end(JSON.stringify({ url: request.url })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const config = await loadConfigFile(
        await writeConfig('endpoint.json', { lambda: { endpoint: 'http://127.0.0.1:1' } }),
      );
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const invoker = createLambdaInvoker(config.lambda, { LAMBDA_ENDPOINT: endpoint });
      expect(await invoker.invoke({ functionName: 'Anything', payload: {} })).toMatchObject({
        payload: { url: '/2015-03-31/functions/Anything/invocations' },
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each([
    ['a file that does not exist', 'missing.json', undefined, /Cannot read config file .*missing\.json/],
    ['a file that is not JSON', 'broken.json', '{"lambda":', /is not valid JSON/],
    ['a config that is a list', 'list.json', [], /the config must be an object/],
    ['an unknown top-level member', 'unknown.json', { lamda: {} }, /has an unknown member "lamda"/],
    [
      'an endpoint that is not a URL',
      'url.json',
      { lambda: { endpoint: 'localhost:3001' } },
      /lambda\.endpoint must be an http/,
    ],
    [
      'a function with two answers',
      'two.json',
      { lambda: { functions: { F: { endpoint: 'http://x', responses: [] } } } },
      /must have exactly one of/,
    ],
    [
      'an empty response list',
      'empty.json',
      { lambda: { functions: { F: { responses: [] } } } },
      /responses must be a non-empty list/,
    ],
    [
      'a response without payload or error',
      'bad-response.json',
      { lambda: { functions: { F: { responses: [{}] } } } },
      /responses\[0\] must have "payload"/,
    ],
    [
      'an error response without a message',
      'no-message.json',
      { lambda: { functions: { F: { responses: [{ error: 'E' }] } } } },
      /must give "error" and "message"/,
    ],
    [
      'a module that does not exist',
      'no-module.json',
      { lambda: { functions: { F: { module: './nope.mjs' } } } },
      /module cannot be loaded from .*nope\.mjs/,
    ],
    ['limits that are not an object', 'limits-list.json', { limits: [1] }, /"limits" must be an object/],
    [
      'an unknown limit',
      'limits-unknown.json',
      { limits: { maxExecutions: 1 } },
      /"limits" has an unknown member "maxExecutions"/,
    ],
    [
      'a negative limit',
      'limits-negative.json',
      { limits: { maxActivities: -1 } },
      /limits\.maxActivities must be a whole number/,
    ],
    [
      'a fractional limit',
      'limits-fraction.json',
      { limits: { maxOpenExecutions: 1.5 } },
      /limits\.maxOpenExecutions must be a whole number/,
    ],
    [
      'a limit given as text',
      'limits-text.json',
      { limits: { maxStateMachines: '5' } },
      /limits\.maxStateMachines must be a whole number/,
    ],
    [
      'auth without credentials',
      'auth-empty.json',
      { auth: { credentials: [] } },
      /auth\.credentials must be a non-empty list/,
    ],
    [
      'auth credentials without a secret',
      'auth-no-secret.json',
      { auth: { credentials: [{ accessKeyId: 'AKID' }] } },
      /auth\.credentials\[0\] must give "accessKeyId" and "secretAccessKey"/,
    ],
    ['an unknown auth member', 'auth-unknown.json', { auth: { users: [] } }, /"auth" has an unknown member "users"/],
    [
      'an HTTP connection with an unknown member',
      'http-unknown.json',
      { http: { connections: { c: { oauth: {} } } } },
      /http\.connections\["c"\] has an unknown member "oauth"/,
    ],
    [
      'an API key without a value',
      'http-key.json',
      { http: { connections: { c: { apiKey: { name: 'x-api-key' } } } } },
      /http\.connections\["c"\]\.apiKey\.value must be a string/,
    ],
    ['a zero HTTP timeout', 'http-timeout.json', { http: { timeoutSeconds: 0 } }, /http\.timeoutSeconds must be/],
    [
      'an export that is not a function',
      'no-export.json',
      { lambda: { functions: { F: { module: './greeter.mjs', export: 'notAFunction' } } } },
      /names no function exported by .*: notAFunction/,
    ],
  ])('rejects %s with a ConfigError naming the problem', async (_name, file, content, message) => {
    const path = content === undefined ? join(directory, file) : await writeConfig(file, content);
    await expect(loadConfigFile(path)).rejects.toMatchObject({
      name: 'ConfigError',
      message: expect.stringMatching(message),
    });
  });
});
