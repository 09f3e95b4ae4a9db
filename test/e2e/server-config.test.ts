import { writeFile } from 'node:fs/promises';
import {
  ActivityLimitExceeded,
  CreateActivityCommand,
  CreateStateMachineCommand,
  ExecutionLimitExceeded,
  ListTagsForResourceCommand,
  ResourceNotFound,
  StartExecutionCommand,
  StateMachineLimitExceeded,
  ListActivitiesCommand,
  SFNClient,
  StopExecutionCommand,
  TagResourceCommand,
  TooManyTags,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createSdkClient,
  createTempDir,
  killAllServerProcesses,
  ROLE_ARN,
  startServerProcess,
  type ServerProcess,
  type TempDir,
  PROCESS_SUITE_TIMEOUTS,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// A server process configured by a file: small limits (the quota errors, through the real SDK) and
// SigV4 signatures required with one key (the one `createSdkClient` signs with).

const WAIT = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } });

let dir: TempDir;
let server: ServerProcess;
let client: SFNClient;

beforeAll(async () => {
  dir = await createTempDir();
  const config = `${dir.path}/limits.json`;
  await writeFile(
    config,
    JSON.stringify({
      limits: { maxStateMachines: 1, maxActivities: 1, maxOpenExecutions: 1, maxTagsPerResource: 2 },
      auth: { credentials: [{ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'e2e-secret' }] },
    }),
  );
  server = await startServerProcess({ db: `${dir.path}/statefold.db`, args: ['--config', config] });
  client = createSdkClient(server.endpoint);
});

afterAll(async () => {
  client?.destroy();
  await server?.stop('SIGTERM');
  await killAllServerProcesses();
  await dir?.remove();
});

async function rejection<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

describe('limits from the config file', () => {
  it('answers StateMachineLimitExceeded, ExecutionLimitExceeded, ActivityLimitExceeded and TooManyTags', async () => {
    const { stateMachineArn } = await client.send(
      new CreateStateMachineCommand({ name: 'only', definition: WAIT, roleArn: ROLE_ARN }),
    );
    await rejection(
      client.send(new CreateStateMachineCommand({ name: 'second', definition: WAIT, roleArn: ROLE_ARN })),
      StateMachineLimitExceeded,
    );

    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn }));
    await rejection(client.send(new StartExecutionCommand({ stateMachineArn })), ExecutionLimitExceeded);
    await client.send(new StopExecutionCommand({ executionArn }));
    // A stopped execution no longer counts against the open-executions limit.
    const next = await client.send(new StartExecutionCommand({ stateMachineArn }));
    await client.send(new StopExecutionCommand({ executionArn: next.executionArn }));

    await client.send(new CreateActivityCommand({ name: 'only-activity' }));
    await rejection(client.send(new CreateActivityCommand({ name: 'second-activity' })), ActivityLimitExceeded);

    await client.send(
      new TagResourceCommand({
        resourceArn: stateMachineArn,
        tags: [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
        ],
      }),
    );
    const tooMany = await rejection(
      client.send(new TagResourceCommand({ resourceArn: stateMachineArn, tags: [{ key: 'c', value: '3' }] })),
      TooManyTags,
    );
    expect(tooMany.message).toContain(stateMachineArn);
    const missing = await rejection(
      client.send(
        new ListTagsForResourceCommand({ resourceArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:nope' }),
      ),
      ResourceNotFound,
    );
    expect(missing.$metadata.httpStatusCode).toBe(404);
  });
});

describe('request signing from the config file', () => {
  it('accepts the configured key and refuses a wrong secret, an unknown key and an unsigned request', async () => {
    expect((await client.send(new ListActivitiesCommand({}))).activities).toBeDefined();
    const signedWith = (accessKeyId: string, secretAccessKey: string): SFNClient =>
      new SFNClient({
        endpoint: server.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId, secretAccessKey },
        maxAttempts: 1,
      });
    const wrongSecret = signedWith('AKIDEXAMPLE', 'not-the-secret');
    const unknownKey = signedWith('AKIDSOMEONE', 'e2e-secret');
    try {
      await expect(wrongSecret.send(new ListActivitiesCommand({}))).rejects.toMatchObject({
        name: 'InvalidSignatureException',
      });
      await expect(unknownKey.send(new ListActivitiesCommand({}))).rejects.toMatchObject({
        name: 'UnrecognizedClientException',
      });
    } finally {
      wrongSecret.destroy();
      unknownKey.destroy();
    }
    const unsigned = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListActivities' },
      body: '{}',
    });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
  });
});
