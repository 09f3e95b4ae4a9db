import { InvalidDefinition, SFNClient, TestStateCommand, ValidationException } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createTempDir,
  killAllServerProcesses,
  ROLE_ARN,
  startServerProcess,
  type ServerProcess,
  type TempDir,
  PROCESS_SUITE_TIMEOUTS,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// TestState through the real SDK against a real `statefold serve` on a SQLite file. The SDK models
// TestState with the `sync-` host prefix, which a local endpoint cannot resolve: the client says
// `disableHostPrefix`, and the server answers whatever host the request names.

let dir: TempDir;
let server: ServerProcess;
let client: SFNClient;

beforeAll(async () => {
  dir = await createTempDir();
  server = await startServerProcess({ db: `${dir.path}/statefold.db` });
  client = new SFNClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'e2e-secret' },
    maxAttempts: 1,
    disableHostPrefix: true,
  });
});

afterAll(async () => {
  client?.destroy();
  await server?.stop('SIGTERM');
  await killAllServerProcesses();
  await dir?.remove();
});

const APPROVAL = JSON.stringify({
  QueryLanguage: 'JSONata',
  StartAt: 'Approval Required',
  States: {
    'Approval Required': {
      Type: 'Choice',
      Choices: [{ Condition: '{% $states.input.cost < 10 %}', Next: 'Approved' }],
      Default: 'Ask',
    },
    Ask: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: { FunctionName: 'approver', Payload: '{% $states.input %}' },
      Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 3 }],
      Output: { approved: '{% $states.result.Payload.approved %}' },
      Next: 'Approved',
    },
    Approved: { Type: 'Succeed' },
  },
});

describe('TestState through @aws-sdk/client-sfn', () => {
  it('tests a Choice state of a whole state machine and names the state it chooses', async () => {
    const response = await client.send(
      new TestStateCommand({
        definition: APPROVAL,
        stateName: 'Approval Required',
        input: '{"cost":25}',
        roleArn: ROLE_ARN,
      }),
    );
    expect(response).toMatchObject({ status: 'SUCCEEDED', nextState: 'Ask', output: '{"cost":25}' });
    expect(response.inspectionData).toBeUndefined();
  });

  it('tests a Task with a mocked result and shows its data flow at TRACE', async () => {
    const response = await client.send(
      new TestStateCommand({
        definition: APPROVAL,
        stateName: 'Ask',
        input: '{"cost":25}',
        inspectionLevel: 'TRACE',
        mock: { result: '{"Payload":{"approved":true},"StatusCode":200}' },
      }),
    );
    expect(response).toMatchObject({
      status: 'SUCCEEDED',
      nextState: 'Approved',
      output: '{"approved":true}',
      inspectionData: {
        input: '{"cost":25}',
        afterArguments: '{"FunctionName":"approver","Payload":{"cost":25}}',
        result: '{"Payload":{"approved":true},"StatusCode":200}',
      },
    });
  });

  it('reports a mocked error with retries left as RETRIABLE', async () => {
    const response = await client.send(
      new TestStateCommand({
        definition: APPROVAL,
        stateName: 'Ask',
        inspectionLevel: 'DEBUG',
        mock: { errorOutput: { error: 'Lambda.ServiceException', cause: 'down' } },
        stateConfiguration: { retrierRetryCount: 1 },
      }),
    );
    expect(response).toMatchObject({
      status: 'RETRIABLE',
      error: 'Lambda.ServiceException',
      cause: 'down',
      inspectionData: { errorDetails: { retryIndex: 0, retryBackoffIntervalSeconds: 2 } },
    });
  });

  it('answers a bad request with AWS’s exceptions', async () => {
    await expect(
      client.send(new TestStateCommand({ definition: '{"Type":"Succeed"}', mock: { result: '{}' } })),
    ).rejects.toBeInstanceOf(ValidationException);
    await expect(client.send(new TestStateCommand({ definition: '{"Type":"Nope"}' }))).rejects.toBeInstanceOf(
      InvalidDefinition,
    );
  });
});
