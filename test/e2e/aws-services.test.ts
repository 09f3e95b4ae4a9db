import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateStateMachineCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createSdkClient,
  createTempDir,
  killAllServerProcesses,
  PROCESS_SUITE_TIMEOUTS,
  ROLE_ARN,
  startServerProcess,
  waitForExecutionEnd,
  type TempDir,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// Optimized SQS and DynamoDB integrations and an aws-sdk: call through the real `statefold serve`
// on a SQLite file, against small servers in this test that speak those services' AWS JSON 1.0
// protocols (X-Amz-Target AmazonSQS.SendMessage, DynamoDB_20120810.PutItem/GetItem).

interface JsonService {
  readonly server: Server;
  readonly endpoint: string;
  readonly calls: { target: string; body: Record<string, unknown> }[];
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

async function startJsonService(answer: (target: string, body: Record<string, unknown>) => Answer) {
  const calls: JsonService['calls'] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      text += chunk;
    });
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const body = JSON.parse(text) as Record<string, unknown>;
      calls.push({ target, body });
      const { status, body: reply, headers } = answer(target, body);
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': `req-${calls.length}`,
        ...headers,
      });
      response.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders';
const table = new Map<string, unknown>();

let dir: TempDir;
let sqs: JsonService;
let dynamodb: JsonService;
let client: SFNClient;

beforeAll(async () => {
  sqs = await startJsonService((target, body) => {
    if (target !== 'AmazonSQS.SendMessage') return { status: 400, body: { __type: 'UnknownOperationException' } };
    if (body['QueueUrl'] !== QUEUE_URL)
      return {
        status: 400,
        body: { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' },
        headers: { 'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender' },
      };
    const md5 = createHash('md5').update(String(body['MessageBody'])).digest('hex');
    return { status: 200, body: { MessageId: `msg-${sqs.calls.length}`, MD5OfMessageBody: md5 } };
  });
  dynamodb = await startJsonService((target, body) => {
    const key = (item: unknown) => JSON.stringify((item as { id?: unknown }).id);
    if (target === 'DynamoDB_20120810.PutItem') {
      table.set(key(body['Item']), body['Item']);
      return { status: 200, body: {} };
    }
    if (target === 'DynamoDB_20120810.GetItem') {
      const item = table.get(key(body['Key']));
      return { status: 200, body: item === undefined ? {} : { Item: item } };
    }
    return { status: 400, body: { __type: 'com.amazon.coral.service#UnknownOperationException' } };
  });
  dir = await createTempDir();
  const config = `${dir.path}/statefold.json`;
  await writeFile(
    config,
    JSON.stringify({
      services: {
        sqs: { endpoint: sqs.endpoint, region: 'us-east-1' },
        dynamodb: { endpoint: dynamodb.endpoint, credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' } },
        s3: { endpoint: dynamodb.endpoint },
      },
    }),
  );
  const server = await startServerProcess({ db: `${dir.path}/statefold.db`, args: ['--config', config] });
  client = createSdkClient(server.endpoint);
});

afterAll(async () => {
  client.destroy();
  await killAllServerProcesses();
  for (const service of [sqs, dynamodb]) {
    service.server.closeAllConnections();
    await new Promise((resolve) => service.server.close(resolve));
  }
  await dir.remove();
});

async function start(name: string, states: Record<string, unknown>, startAt: string, input: unknown) {
  const machine = await client.send(
    new CreateStateMachineCommand({
      name,
      roleArn: ROLE_ARN,
      definition: JSON.stringify({ StartAt: startAt, States: states }),
    }),
  );
  const { executionArn } = await client.send(
    new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: JSON.stringify(input) }),
  );
  return executionArn as string;
}

async function until<T>(probe: () => T | undefined): Promise<T> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the service was never called');
}

describe('AWS service integrations on the server', () => {
  it('sends an SQS message with the task token, then puts and gets a DynamoDB item', async () => {
    const executionArn = await start(
      'orders',
      {
        Enqueue: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { QueueUrl: QUEUE_URL, MessageBody: { 'order.$': '$.order', 'token.$': '$$.Task.Token' } },
          ResultPath: '$.approval',
          Next: 'Put',
        },
        Put: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:putItem',
          Parameters: { TableName: 'Orders', Item: { id: { 'S.$': '$.order' }, by: { 'S.$': '$.approval.by' } } },
          ResultPath: '$.put',
          Next: 'Get',
        },
        Get: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:getItem',
          Parameters: { TableName: 'Orders', Key: { id: { 'S.$': '$.order' } } },
          ResultPath: '$.get',
          Next: 'SdkGet',
        },
        SdkGet: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:dynamodb:getItem',
          Parameters: { TableName: 'Orders', Key: { id: { 'S.$': '$.order' } } },
          ResultPath: '$.sdkGet',
          End: true,
        },
      },
      'Enqueue',
      { order: 'o-1' },
    );
    const sent = await until(() => sqs.calls.find((call) => call.body['QueueUrl'] === QUEUE_URL));
    expect(sent.target).toBe('AmazonSQS.SendMessage');
    const message = JSON.parse(String(sent.body['MessageBody'])) as { order: string; token: string };
    expect(message.order).toBe('o-1');
    await client.send(new SendTaskSuccessCommand({ taskToken: message.token, output: '{"by":"ana"}' }));

    const done = await waitForExecutionEnd(client, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    const output = JSON.parse(done.output ?? '') as Record<string, Record<string, unknown>>;
    expect(output['approval']).toEqual({ by: 'ana' });
    expect(Object.keys(output['put'] ?? {})).toEqual(['SdkHttpMetadata', 'SdkResponseMetadata']);
    expect(output['put']?.['SdkResponseMetadata']).toEqual({ RequestId: expect.stringMatching(/^req-/) });
    expect(output['get']).toMatchObject({
      Item: { id: { S: 'o-1' }, by: { S: 'ana' } },
      SdkHttpMetadata: { HttpStatusCode: 200 },
    });
    // aws-sdk: integrations output the API's response alone.
    expect(output['sdkGet']).toEqual({ Item: { id: { S: 'o-1' }, by: { S: 'ana' } } });
    const { events = [] } = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events[2]?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'sqs',
      resource: 'sendMessage.waitForTaskToken',
    });
    expect(events[4]?.type).toBe('TaskSubmitted');
    expect(JSON.parse(events[4]?.taskSubmittedEventDetails?.output ?? '')).toMatchObject({
      MessageId: expect.stringMatching(/^msg-/),
      MD5OfMessageBody: createHash('md5').update(String(sent.body['MessageBody'])).digest('hex'),
      SdkHttpMetadata: { HttpStatusCode: 200 },
    });
    expect(dynamodb.calls.map((call) => call.target)).toEqual([
      'DynamoDB_20120810.PutItem',
      'DynamoDB_20120810.GetItem',
      'DynamoDB_20120810.GetItem',
    ]);
  });

  it('fails with SQS.QueueDoesNotExistException and the service’s message when the queue is missing', async () => {
    const executionArn = await start(
      'missing-queue',
      {
        Enqueue: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage',
          Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/nope', MessageBody: 'hi' },
          End: true,
        },
      },
      'Enqueue',
      {},
    );
    const done = await waitForExecutionEnd(client, executionArn);
    expect(done).toMatchObject({ status: 'FAILED', error: 'SQS.QueueDoesNotExistException' });
    expect(done.cause).toMatch(
      /^The specified queue does not exist\. \(Service: AmazonSQS; Status Code: 400; Error Code: AWS\.SimpleQueueService\.NonExistentQueue; Request ID: req-\d+; Proxy: null\)$/,
    );
  });

  it('says which package to add when a service’s client is not installed', async () => {
    const executionArn = await start(
      'no-client',
      { List: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:listBuckets', Parameters: {}, End: true } },
      'List',
      {},
    );
    const done = await waitForExecutionEnd(client, executionArn);
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(done.cause).toContain('npm install @aws-sdk/client-s3');
  });

  it('says how to configure a service the config does not route', async () => {
    const executionArn = await start(
      'no-route',
      { Publish: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { Message: 'hi' }, End: true } },
      'Publish',
      {},
    );
    const done = await waitForExecutionEnd(client, executionArn);
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
    expect(done.cause).toContain('add a route under "services" in the config file');
  });
});
