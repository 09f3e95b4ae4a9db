import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { ACTION_INPUT_TYPES, type ActionName, type MemberType } from '@statefold/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createSdkClient,
  createTempDir,
  killAllServerProcesses,
  startServerProcess,
  type ServerProcess,
  type TempDir,
  PROCESS_SUITE_TIMEOUTS,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// Hundreds of malformed requests against the real `statefold serve` process (the real service behind
// the protocol, unlike the in-process protocol tests): each gets a 4xx with an AWS error code, and the
// server still answers afterwards.

/** The 19 operations of the API reference, and the tag and validation operations statefold adds. */
const OPERATIONS: readonly ActionName[] = [
  'CreateActivity',
  'CreateStateMachine',
  'DeleteActivity',
  'DeleteStateMachine',
  'DescribeActivity',
  'DescribeExecution',
  'DescribeStateMachine',
  'DescribeStateMachineForExecution',
  'GetActivityTask',
  'GetExecutionHistory',
  'ListActivities',
  'ListExecutions',
  'ListStateMachines',
  'SendTaskFailure',
  'SendTaskHeartbeat',
  'SendTaskSuccess',
  'StartExecution',
  'StopExecution',
  'UpdateStateMachine',
  'TagResource',
  'UntagResource',
  'ListTagsForResource',
  'ValidateStateMachineDefinition',
];
const NOTHING_REQUIRED: ReadonlySet<ActionName> = new Set(['ListActivities', 'ListStateMachines']);
const SM_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:m';

interface Case {
  readonly name: string;
  readonly action?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
  readonly status: number;
  readonly code: string;
}

function headersFor(action: string): Record<string, string> {
  return { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${action}` };
}

function wrongValues(type: MemberType): readonly unknown[] {
  if (type === 'string') return [5, true, {}];
  if (type === 'integer') return ['5', 1.5, []];
  if (type === 'boolean') return ['true', 0];
  if (type === 'float') return ['5', {}];
  return ['x', 7];
}

function cases(): Case[] {
  const all: Case[] = [];
  const add = (name: string, action: string, body: string | Uint8Array, status: number, code: string): void =>
    void all.push({ name, action, body, status, code });
  for (const action of OPERATIONS) {
    // Missing members: the real service's validation, not the protocol's.
    if (!NOTHING_REQUIRED.has(action)) {
      add(`${action} with no members`, action, '{}', 400, 'ValidationException');
      const nulls = Object.fromEntries(Object.keys(ACTION_INPUT_TYPES[action].members).map((member) => [member, null]));
      add(`${action} with every member null`, action, JSON.stringify(nulls), 400, 'ValidationException');
    }
    for (const [member, type] of Object.entries(ACTION_INPUT_TYPES[action].members)) {
      for (const value of wrongValues(type)) {
        add(
          `${action}.${member} = ${JSON.stringify(value)}`,
          action,
          JSON.stringify({ [member]: value }),
          400,
          'SerializationException',
        );
      }
    }
  }
  // Huge strings, past each member's limit and past the request size.
  add(
    'a 100,000-character activity name',
    'CreateActivity',
    JSON.stringify({ name: 'n'.repeat(100_000) }),
    400,
    'ValidationException',
  );
  add(
    'a 10,000-character state machine ARN',
    'DescribeStateMachine',
    JSON.stringify({ stateMachineArn: 'a'.repeat(10_000) }),
    400,
    'ValidationException',
  );
  add(
    'a 300 KiB execution input',
    'StartExecution',
    JSON.stringify({ stateMachineArn: SM_ARN, input: JSON.stringify('i'.repeat(300 * 1024)) }),
    400,
    'ValidationException',
  );
  add(
    'a 5,000-character task token',
    'SendTaskHeartbeat',
    JSON.stringify({ taskToken: 't'.repeat(5_000) }),
    400,
    'ValidationException',
  );
  add(
    'a 300 KiB task output',
    'SendTaskSuccess',
    JSON.stringify({ taskToken: 't', output: JSON.stringify('o'.repeat(300 * 1024)) }),
    400,
    'ValidationException',
  );
  add(
    'a 2 MiB definition',
    'CreateStateMachine',
    JSON.stringify({ name: 'n', roleArn: 'r', definition: 'd'.repeat(2 * 1024 * 1024) }),
    413,
    'RequestEntityTooLargeException',
  );
  // Bodies that are not the JSON object of the operation.
  const valid = JSON.stringify({ stateMachineArn: SM_ARN, name: 'run', input: '{"list":[1,2,3]}' });
  for (let length = 1; length < valid.length; length += 2)
    add(
      `StartExecution truncated to ${length} characters`,
      'StartExecution',
      valid.slice(0, length),
      400,
      'SerializationException',
    );
  // An empty body is the empty object, as AWS reads it: then `name` is missing.
  add('CreateActivity with an empty body', 'CreateActivity', '', 400, 'ValidationException');
  for (const body of ['[]', '"text"', '42', 'null', '{"a":1}{', "{'name':'x'}", '{"name":"x",}', '\u0000']) {
    add(`CreateActivity with the body ${JSON.stringify(body)}`, 'CreateActivity', body, 400, 'SerializationException');
  }
  for (const bytes of [[0xff], [0xc3, 0x28], [0xe2, 0x28, 0xa1], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80]]) {
    const body = Buffer.concat([Buffer.from('{"name":"'), Buffer.from(bytes), Buffer.from('"}')]);
    add(
      `CreateActivity with invalid UTF-8 ${Buffer.from(bytes).toString('hex')}`,
      'CreateActivity',
      body,
      400,
      'SerializationException',
    );
  }
  for (const depth of [100, 10_000, 100_000]) {
    add(
      `objects nested ${depth} deep`,
      'StartExecution',
      '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
      400,
      'SerializationException',
    );
    add(
      `lists nested ${depth} deep`,
      'CreateActivity',
      `{"tags":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      400,
      'SerializationException',
    );
  }
  // Wrong targets and content types.
  for (const target of [
    '',
    'AWSStepFunctions.',
    'AWSStepFunctions.startExecution',
    'AWSStepFunctions.Nope',
    'AWSStepFunctions.constructor',
    'DynamoDB_20120810.GetItem',
    'StartExecution',
  ]) {
    all.push({
      name: `the target ${JSON.stringify(target)}`,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
      body: '{}',
      status: 400,
      code: 'UnknownOperationException',
    });
  }
  for (const contentType of ['text/plain', 'application/xml', 'application/x-amz-json-2.0']) {
    all.push({
      name: `the content type ${contentType}`,
      headers: { 'content-type': contentType, 'x-amz-target': 'AWSStepFunctions.ListActivities' },
      body: '{}',
      status: 400,
      code: 'UnknownOperationException',
    });
  }
  return all;
}

const ALL = cases();
let dir: TempDir;
let server: ServerProcess;
const agent = new Agent({ keepAlive: true, maxSockets: 4 });

beforeAll(async () => {
  dir = await createTempDir();
  server = await startServerProcess({ db: `${dir.path}/statefold.db` });
});

afterAll(async () => {
  agent.destroy();
  await server?.stop('SIGTERM');
  await killAllServerProcesses();
  await dir?.remove();
});

interface Answer {
  readonly status: number;
  readonly errorType: string | undefined;
  readonly body: string;
}

function send(one: Case): Promise<Answer> {
  const headers = {
    ...(one.headers ?? headersFor(one.action ?? '')),
    'content-length': String(Buffer.byteLength(one.body)),
  };
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port: server.port, method: 'POST', path: '/', headers, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const errorType = response.headers['x-amzn-errortype'];
          resolve({
            status: response.statusCode ?? 0,
            errorType: typeof errorType === 'string' ? errorType : undefined,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    request.on('error', reject);
    request.end(one.body);
  });
}

function sendBytes(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

describe('the server process given malformed requests', () => {
  it('answers every one of hundreds of malformed requests with a 4xx and its AWS error code', async () => {
    expect(ALL.length).toBeGreaterThan(300);
    const wrong: string[] = [];
    // Four at a time over keep-alive connections, as a client would.
    for (let start = 0; start < ALL.length; start += 4) {
      const batch = ALL.slice(start, start + 4);
      const answers = await Promise.all(batch.map(send));
      batch.forEach((one, index) => {
        const answer = answers[index];
        const body =
          answer === undefined ? undefined : (JSON.parse(answer.body) as { __type?: unknown; message?: unknown });
        const ok =
          answer?.status === one.status &&
          answer.errorType === one.code &&
          body?.__type === one.code &&
          typeof body.message === 'string';
        if (!ok)
          wrong.push(
            `${one.name}: expected ${one.status} ${one.code}, got ${answer?.status} ${answer?.body.slice(0, 200)}`,
          );
      });
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    ['bytes that are not HTTP', 'HELLO\r\n\r\n'],
    ['a header without a colon', 'POST / HTTP/1.1\r\nhost: x\r\nbroken header\r\n\r\n'],
    ['a content length that is not a number', 'POST / HTTP/1.1\r\nhost: x\r\ncontent-length: abc\r\n\r\n'],
  ])('answers %s with a 400 and an AWS error code', async (_name, bytes) => {
    const answer = await sendBytes(bytes);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/x-amzn-errortype: SerializationException\r\n/);
  });

  it('still answers the SDK and the health check afterwards, with no internal failure logged', async () => {
    const client = createSdkClient(server.endpoint);
    try {
      const listed = await client.send(new ListStateMachinesCommand({}));
      expect(listed.stateMachines).toEqual([]);
    } finally {
      client.destroy();
    }
    const health = await fetch(`${server.endpoint}/`);
    expect(health.status).toBe(200);
    expect(server.stderr()).toBe('');
    expect(server.child.exitCode).toBeNull();
  });
});
