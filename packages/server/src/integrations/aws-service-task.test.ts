import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonValue, ServiceTaskHandler } from '@statefold/core';
import { describe, expect, it } from 'vitest';
import { parseAwsServiceResource, serviceErrorName } from './aws-service-names.js';
import { createAwsServiceTask } from './aws-service-task.js';

const ROUTE = { endpoint: 'http://127.0.0.1:9' };

function call(handler: ServiceTaskHandler, resource: string, parameters: JsonValue) {
  return handler({
    resource,
    parameters,
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:e',
    stateName: 'Call',
    scheduledEventId: 3,
    signal: new AbortController().signal,
  });
}

// A stand-in for an @aws-sdk/client-* module (unit test only): one client class and the commands it
// is given, answering through `answer`.
function fakeModule(
  prefix: string,
  commands: readonly string[],
  answer: (command: string, input: unknown) => Promise<Record<string, unknown>>,
) {
  const seen: { command: string; input: unknown; config: unknown }[] = [];
  class Client {
    constructor(readonly config: unknown) {}
    async send(command: { name: string; input: unknown }) {
      seen.push({ command: command.name, input: command.input, config: this.config });
      return answer(command.name, command.input);
    }
    destroy() {}
  }
  const module: Record<string, unknown> = { [`${prefix}Client`]: Client };
  for (const name of commands) {
    module[name] = class {
      readonly name = name;
      readonly middlewareStack = { add() {} };
      constructor(readonly input: unknown) {}
    };
  }
  return { module, seen };
}

describe('parseAwsServiceResource', () => {
  it('reads optimized and aws-sdk resources with their pattern', () => {
    expect(parseAwsServiceResource('arn:aws:states:::sqs:sendMessage.waitForTaskToken')).toEqual({
      service: 'sqs',
      action: 'sendMessage',
      sdk: false,
      pattern: 'waitForTaskToken',
    });
    expect(parseAwsServiceResource('arn:aws:states:::aws-sdk:secretsmanager:getSecretValue')).toEqual({
      service: 'secretsmanager',
      action: 'getSecretValue',
      sdk: true,
      pattern: undefined,
    });
    expect(parseAwsServiceResource('arn:aws:states:::glue:startJobRun.sync')).toBeUndefined();
  });

  it('names errors as AWS does, adding the Exception suffix', () => {
    const sqs = { service: 'sqs', action: 'sendMessage', sdk: false, pattern: undefined };
    expect(serviceErrorName(sqs, 'QueueDoesNotExist')).toBe('SQS.QueueDoesNotExistException');
    const s3 = { service: 's3', action: 'getObject', sdk: true, pattern: undefined };
    expect(serviceErrorName(s3, 'NoSuchKey')).toBe('S3.NoSuchKeyException');
    const ddb = { service: 'dynamodb', action: 'getItem', sdk: true, pattern: undefined };
    expect(serviceErrorName(ddb, 'ResourceNotFoundException')).toBe('DynamoDb.ResourceNotFoundException');
  });
});

describe('createAwsServiceTask', () => {
  it('says which package to install when the client cannot be loaded', async () => {
    const handler = createAwsServiceTask(ROUTE, async (name) => {
      throw new Error(`Cannot find package '${name}'`);
    });
    const result = await call(handler, 'arn:aws:states:::aws-sdk:s3:listBuckets', {});
    expect(result).toMatchObject({ ok: false, error: 'States.Runtime' });
    expect(!result.ok && result.cause).toContain('npm install @aws-sdk/client-s3');
  });

  it('refuses .sync and optimized actions statefold does not run, naming the alternative', async () => {
    const handler = createAwsServiceTask(ROUTE, async () => ({}));
    expect(await call(handler, 'arn:aws:states:::aws-sdk:s3:listBuckets.sync', {})).toMatchObject({
      ok: false,
      error: 'States.Runtime',
      cause: expect.stringContaining("'.sync' pattern is not supported"),
    });
    expect(await call(handler, 'arn:aws:states:::dynamodb:putItem.waitForTaskToken', {})).toMatchObject({
      ok: false,
      cause: expect.stringContaining("'.waitForTaskToken' pattern is not supported"),
    });
    expect(await call(handler, 'arn:aws:states:::sqs:receiveMessage', {})).toMatchObject({
      ok: false,
      cause: expect.stringContaining('arn:aws:states:::aws-sdk:sqs:receiveMessage'),
    });
  });

  it('fails on an unknown action of an installed client', async () => {
    const { module } = fakeModule('S3', [], async () => ({}));
    const handler = createAwsServiceTask(ROUTE, async () => module);
    expect(await call(handler, 'arn:aws:states:::aws-sdk:s3:listBukkets', {})).toMatchObject({
      ok: false,
      error: 'States.Runtime',
      cause: "@aws-sdk/client-s3 has no action 'listBukkets' (no ListBukketsCommand).",
    });
  });

  it('sends SNS Message and EventBridge Detail JSON as text, and fails putEvents with failed entries', async () => {
    const sns = fakeModule('SNS', ['PublishCommand'], async () => ({ MessageId: 'm-1', $metadata: {} }));
    const publish = createAwsServiceTask({ ...ROUTE, region: 'eu-west-1' }, async () => sns.module);
    const published = await call(publish, 'arn:aws:states:::sns:publish', { TopicArn: 't', Message: { a: 1 } });
    expect(sns.seen[0]).toMatchObject({
      input: { TopicArn: 't', Message: '{"a":1}' },
      config: { endpoint: ROUTE.endpoint, region: 'eu-west-1', maxAttempts: 1 },
    });
    expect(published).toMatchObject({ ok: true, output: { MessageId: 'm-1', SdkResponseMetadata: { RequestId: '' } } });

    const failedEntries = { Entries: [{ EventId: 'e-1' }, { ErrorCode: 'MalformedDetail' }], FailedEntryCount: 1 };
    const events = fakeModule('EventBridge', ['PutEventsCommand'], async () => ({ ...failedEntries, $metadata: {} }));
    const putEvents = createAwsServiceTask(ROUTE, async (name) => {
      expect(name).toBe('@aws-sdk/client-eventbridge');
      return events.module;
    });
    const result = await call(putEvents, 'arn:aws:states:::events:putEvents', {
      Entries: [{ Detail: { x: 1 }, DetailType: 'd', Source: 's' }],
    });
    expect(events.seen[0]?.input).toEqual({ Entries: [{ Detail: '{"x":1}', DetailType: 'd', Source: 's' }] });
    expect(result).toEqual({ ok: false, error: 'EventBridge.FailedEntry', cause: JSON.stringify(failedEntries) });
  });

  it('fails with <Service>.SdkClientException when the endpoint does not answer', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise((resolve) => server.close(resolve));
    const handler = createAwsServiceTask({ endpoint });
    const result = await call(handler, 'arn:aws:states:::dynamodb:getItem', { TableName: 't', Key: {} });
    expect(result).toMatchObject({ ok: false, error: 'DynamoDB.SdkClientException' });
    expect(!result.ok && result.cause).toMatch(/^Unable to execute HTTP request: .*\(Service: AmazonDynamoDBv2\)$/);
  });
});
