import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceRoutes } from '../integrations/service-routes.js';
import { parseConfig } from './statefold-config.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'statefold-services-'));
  await writeFile(
    join(directory, 'notify.mjs'),
    'export async function notify(parameters, context) {\n' +
      '  if (parameters.fail) throw Object.assign(new Error("no such topic"), { name: "SNS.NotFoundException" });\n' +
      '  return { MessageId: `m-${parameters.n}`, resource: context.resource, token: context.taskToken };\n' +
      '}\n',
  );
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const parse = (services: unknown) => parseConfig({ services }, { source: 'test.json', baseDirectory: directory });

function request(resource: string, parameters: unknown, taskToken?: string) {
  return {
    resource,
    parameters: parameters as never,
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:e',
    stateName: 'S',
    scheduledEventId: 3,
    signal: new AbortController().signal,
    ...(taskToken === undefined ? {} : { taskToken }),
  };
}

describe('the config’s services', () => {
  it('routes a service name to its optimized and aws-sdk resources, and an ARN to itself', async () => {
    const config = await parse({
      sqs: {
        endpoint: 'http://127.0.0.1:9324',
        region: 'eu-west-1',
        credentials: { accessKeyId: 'A', secretAccessKey: 'S' },
      },
      events: { endpoint: 'http://127.0.0.1:4010' },
      'arn:aws:states:::sns:publish.waitForTaskToken': { module: './notify.mjs', export: 'notify' },
      'arn:aws:states:::aws-sdk:s3:listBuckets': {
        responses: [{ error: 'S3.AccessDeniedException', cause: 'denied' }, { output: { Buckets: [] } }],
      },
    });
    expect(config.services?.get('sqs')).toEqual({
      kind: 'endpoint',
      endpoint: 'http://127.0.0.1:9324',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'A', secretAccessKey: 'S' },
    });
    const handlers = createServiceRoutes(config.services ?? new Map());
    expect(Object.keys(handlers).sort()).toEqual([
      'arn:aws:states:::aws-sdk:eventbridge:*',
      'arn:aws:states:::aws-sdk:events:*',
      'arn:aws:states:::aws-sdk:s3:listBuckets',
      'arn:aws:states:::aws-sdk:sqs:*',
      'arn:aws:states:::eventbridge:*',
      'arn:aws:states:::events:*',
      'arn:aws:states:::sns:publish.waitForTaskToken',
      'arn:aws:states:::sqs:*',
    ]);

    const notify = handlers['arn:aws:states:::sns:publish.waitForTaskToken'];
    const resource = 'arn:aws:states:::sns:publish.waitForTaskToken';
    expect(await notify?.(request(resource, { n: 1 }, 'tok'))).toEqual({
      ok: true,
      output: { MessageId: 'm-1', resource, token: 'tok' },
    });
    expect(await notify?.(request(resource, { fail: true }))).toEqual({
      ok: false,
      error: 'SNS.NotFoundException',
      cause: 'no such topic',
    });

    const canned = handlers['arn:aws:states:::aws-sdk:s3:listBuckets'];
    const answers = [];
    for (let index = 0; index < 3; index++) answers.push(await canned?.(request('x', {})));
    expect(answers).toEqual([
      { ok: false, error: 'S3.AccessDeniedException', cause: 'denied' },
      { ok: true, output: { Buckets: [] } },
      { ok: true, output: { Buckets: [] } },
    ]);
  });

  it.each([
    [[], 'Invalid config test.json: "services" must be an object'],
    [{ 'Not A Service': { endpoint: 'http://x' } }, 'must be keyed by a service name'],
    [{ sqs: {} }, 'services["sqs"] must have exactly one of "endpoint", "module", "handler" or "responses"'],
    [{ sqs: { endpoint: 'ftp://x' } }, 'services["sqs"].endpoint must be an http:// or https:// URL'],
    [{ sqs: { endpoint: 'http://x', port: 1 } }, 'services["sqs"] has an unknown member "port"'],
    [{ sqs: { endpoint: 'http://x', region: 3 } }, 'services["sqs"].region must be a region name'],
    [
      { sqs: { endpoint: 'http://x', credentials: { accessKeyId: 'A' } } },
      'must give "accessKeyId" and "secretAccessKey"',
    ],
    [{ sqs: { responses: [] } }, 'services["sqs"].responses must be a non-empty list'],
    [{ sqs: { responses: [{ error: 'E' }] } }, 'services["sqs"].responses[0].cause must be a string'],
    [{ sqs: { module: './missing.mjs' } }, 'services["sqs"].module cannot be loaded'],
    [{ sqs: { module: './notify.mjs' } }, 'services["sqs"].export names no function exported'],
  ])('refuses %j', async (services, message) => {
    await expect(parse(services)).rejects.toThrow(message);
  });
});
