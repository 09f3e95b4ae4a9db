import { Agent } from 'node:http';
import { connect } from 'node:net';
import { fc, test as propertyTest } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_INPUT_TYPES, ACTION_NAMES, type MemberType } from './action-input-types.js';
import { methodNameOf } from './service-api.js';
import { jsonHeaders, sendRaw, startServer, type RawRequest, type RunningServer } from '../test-kit/server-kit.js';

interface MalformedCase {
  readonly name: string;
  readonly request: RawRequest;
  readonly status: number;
  readonly code: string;
}

// Values of every JSON type but the one a member wants.
function wrongValuesFor(type: MemberType): readonly unknown[] {
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        return [5, true, [], {}];
      case 'integer':
        return ['5', 1.5, false, [1], {}];
      case 'float':
        return ['5', true, {}];
      case 'boolean':
        return ['true', 0, [], {}];
    }
  }
  if ('list' in type) return ['x', 1, {}, [null]];
  if ('map' in type) return ['x', [], 1];
  return ['x', 1, [], true];
}

function wrongTypeCases(): MalformedCase[] {
  const cases: MalformedCase[] = [];
  for (const action of ACTION_NAMES) {
    for (const [member, type] of Object.entries(ACTION_INPUT_TYPES[action].members)) {
      for (const value of wrongValuesFor(type)) {
        cases.push({
          name: `${action}.${member} = ${JSON.stringify(value)}`,
          request: { headers: jsonHeaders(action), body: JSON.stringify({ [member]: value }) },
          status: 400,
          code: 'SerializationException',
        });
      }
    }
  }
  const nested: readonly [string, unknown][] = [
    ['CreateStateMachine', { loggingConfiguration: { destinations: [{ cloudWatchLogsLogGroup: 'arn' }] } }],
    [
      'CreateStateMachine',
      { loggingConfiguration: { destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: 7 } }] } },
    ],
    ['CreateStateMachine', { tags: [{ key: 'k', value: 1 }] }],
    ['TagResource', { tags: [{ key: ['k'] }] }],
    ['CreateStateMachineAlias', { routingConfiguration: [{ stateMachineVersionArn: 'v', weight: '100' }] }],
    ['UntagResource', { tagKeys: ['a', 2] }],
    ['TestState', { mock: { errorOutput: { error: false } } }],
  ];
  for (const [action, body] of nested) {
    cases.push({
      name: `${action} nested ${JSON.stringify(body)}`,
      request: { headers: jsonHeaders(action), body: JSON.stringify(body) },
      status: 400,
      code: 'SerializationException',
    });
  }
  return cases;
}

function bodyCases(): MalformedCase[] {
  const valid = JSON.stringify({
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m',
    name: 'n',
    input: '{"a":[1,2]}',
  });
  const cases: MalformedCase[] = [];
  const serialization = (name: string, body: string | Uint8Array, action = 'StartExecution'): void =>
    void cases.push({
      name,
      request: { headers: jsonHeaders(action), body },
      status: 400,
      code: 'SerializationException',
    });
  for (let length = 1; length < valid.length; length++)
    serialization(`truncated to ${length} characters`, valid.slice(0, length));
  for (const body of [
    '[]',
    '"text"',
    '5',
    'null',
    'true',
    '[{}]',
    '{"a":1}{"b":2}',
    '{,}',
    "{'a':1}",
    '{"a":1,}',
    'NaN',
    '{"a":undefined}',
    '\u0000',
  ]) {
    serialization(`non-object or invalid JSON ${JSON.stringify(body)}`, body);
  }
  const invalidUtf8: readonly number[][] = [
    [0xff],
    [0xc3, 0x28],
    [0xe2, 0x28, 0xa1],
    [0xc0, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0x80],
  ];
  for (const bytes of invalidUtf8) {
    const body = Buffer.concat([Buffer.from('{"name":"'), Buffer.from(bytes), Buffer.from('"}')]);
    serialization(`invalid UTF-8 ${Buffer.from(bytes).toString('hex')}`, body);
  }
  for (const depth of [65, 100, 1000, 100_000]) {
    serialization(`objects nested ${depth} deep`, '{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
    serialization(`lists nested ${depth} deep`, `{"tags":${'['.repeat(depth)}${']'.repeat(depth)}}`, 'CreateActivity');
  }
  for (const size of [1024 * 1024 + 1, 3 * 1024 * 1024]) {
    cases.push({
      name: `a ${size}-byte body`,
      request: { headers: jsonHeaders('StartExecution'), body: JSON.stringify({ input: 'x'.repeat(size) }) },
      status: 413,
      code: 'RequestEntityTooLargeException',
    });
  }
  return cases;
}

function targetCases(): MalformedCase[] {
  const body = '{}';
  const unknown = (name: string, request: RawRequest): MalformedCase => ({
    name,
    request,
    status: 400,
    code: 'UnknownOperationException',
  });
  const cases: MalformedCase[] = [
    unknown('no X-Amz-Target', { headers: { 'content-type': 'application/x-amz-json-1.0' }, body }),
    unknown('no Content-Type', { headers: { 'x-amz-target': 'AWSStepFunctions.ListActivities' }, body }),
  ];
  const targets = [
    '',
    'AWSStepFunctions.',
    'AWSStepFunctions.listActivities',
    'AWSStepFunctions.LISTACTIVITIES',
    'AWSStepFunctions.Foo',
    'AWSStepFunctions.ListActivities.',
    'AWSStepFunctions.toString',
    'AWSStepFunctions.__proto__',
    'DynamoDB_20120810.GetItem',
    'AWSStepFunctionsListActivities',
    'awsstepfunctions.ListActivities',
    ' AWSStepFunctions.ListActivities2',
    'ListActivities',
  ];
  for (const target of targets) {
    cases.push(
      unknown(`target ${JSON.stringify(target)}`, {
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
        body,
      }),
    );
  }
  for (const contentType of [
    'text/plain',
    'application/xml',
    'application/x-www-form-urlencoded',
    'application/x-amz-json-2.0',
    'multipart/form-data',
  ]) {
    cases.push(
      unknown(`content type ${contentType}`, {
        headers: { 'content-type': contentType, 'x-amz-target': 'AWSStepFunctions.ListActivities' },
        body,
      }),
    );
  }
  for (const [method, path] of [
    ['GET', '/foo'],
    ['PUT', '/'],
    ['DELETE', '/'],
    ['PATCH', '/'],
    ['POST', '/foo'],
    ['POST', '/2015-03-31/functions/f/invocations'],
    ['GET', '/2016-11-23/executions?Action=ListActivities'],
    ['OPTIONS', '/'],
  ] as const) {
    cases.push(unknown(`${method} ${path}`, { method, path, headers: jsonHeaders('ListActivities'), body }));
  }
  return cases;
}

const allCases = [...wrongTypeCases(), ...bodyCases(), ...targetCases()];
const echoService = Object.fromEntries(ACTION_NAMES.map((action) => [methodNameOf(action), async () => ({})]));
let running: RunningServer;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
  running = await startServer({ service: echoService });
});
afterAll(async () => {
  agent.destroy();
  await running.server.shutdown();
});

describe('createServer given malformed requests', () => {
  it('has hundreds of generated malformed requests to answer', () => {
    expect(allCases.length).toBeGreaterThan(400);
  });

  it.each(allCases)('answers $name with $status $code', async ({ request, status, code }) => {
    const response = await sendRaw(running.port, { ...request, agent });
    expect(response.status).toBe(status);
    expect(response.json).toMatchObject({ __type: code, message: expect.any(String) });
    expect(response.headers['x-amzn-errortype']).toBe(code);
    expect(response.headers['x-amzn-requestid']).toBeTypeOf('string');
  });

  it('still answers a well-formed request on the same connection afterwards', async () => {
    const response = await sendRaw(running.port, {
      headers: jsonHeaders('ListActivities'),
      body: '{"maxResults":5}',
      agent,
    });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({});
    expect(running.errorLines).toEqual([]);
  });

  it('accepts the JSON 1.1 and plain JSON content types as well', async () => {
    for (const contentType of [
      'application/x-amz-json-1.1',
      'application/json; charset=utf-8',
      'application/x-amz-json-1.0',
    ]) {
      const response = await sendRaw(running.port, {
        headers: { 'content-type': contentType, 'x-amz-target': 'AWSStepFunctions.ListActivities' },
        body: '{}',
        agent,
      });
      expect(response.status).toBe(200);
    }
  });
});

describe('createServer given arbitrary JSON bodies', () => {
  propertyTest.prop([fc.constantFrom(...ACTION_NAMES), fc.jsonValue({ maxDepth: 4 })], { numRuns: 150 })(
    'answers 200 or a 4xx AWS error, never a 5xx',
    async (action, body) => {
      const response = await sendRaw(running.port, { headers: jsonHeaders(action), body: JSON.stringify(body), agent });
      expect(response.status === 200 || (response.status >= 400 && response.status < 500)).toBe(true);
      if (response.status !== 200) expect(response.headers['x-amzn-errortype']).toBe('SerializationException');
    },
  );
});

describe('createServer given bytes that are not HTTP', () => {
  function sendBytes(port: number, bytes: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.on('error', reject);
    });
  }

  it.each([
    ['a request line without a version', 'POST /\r\n\r\n'],
    ['a header without a colon', 'POST / HTTP/1.1\r\nhost: x\r\nbroken header\r\n\r\n'],
    ['a content length that is not a number', 'POST / HTTP/1.1\r\nhost: x\r\ncontent-length: abc\r\n\r\n'],
    ['a bad chunk size', 'POST / HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n'],
  ])('answers %s with a 400 and an AWS error code', async (_name, bytes) => {
    const answer = await sendBytes(running.port, bytes);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/x-amzn-errortype: (SerializationException|UnknownOperationException)\r\n/);
    expect(answer).toMatch(/"__type":"(SerializationException|UnknownOperationException)"/);
  });
});
