import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  awsClientEnvironment,
  createTempDir,
  killAllServerProcesses,
  ROLE_ARN,
  startServerProcess,
  type ServerProcess,
  type TempDir,
  PROCESS_SUITE_TIMEOUTS,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// The AWS CLI (`aws stepfunctions`, Debian's `awscli`; .ci/run installs it when missing) against a
// real `statefold serve` process, with dummy credentials and region from the environment. CLI v1
// prints timestamps as the wire's epoch seconds, v2 as ISO 8601 text: both are accepted.

/** A timestamp as the CLI prints it, in epoch milliseconds (NaN for anything else). */
function instantOf(value: unknown): number {
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return Date.parse(value);
  return Number.NaN;
}
const aTimestamp = expect.toSatisfy((value: unknown) => Number.isFinite(instantOf(value)), 'a timestamp');

const DEFINITION = JSON.stringify({
  StartAt: 'Greet',
  States: { Greet: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('Hello, {}!', $.who)" }, End: true } },
});

let dir: TempDir;
let server: ServerProcess;

beforeAll(async () => {
  dir = await createTempDir();
  server = await startServerProcess({ db: `${dir.path}/statefold.db` });
});

afterAll(async () => {
  await server?.stop('SIGTERM');
  await killAllServerProcesses();
  await dir?.remove();
});

interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

function aws(...args: string[]): Promise<CliResult> {
  // TestState is modelled with the `sync-` host prefix, which a local endpoint cannot resolve.
  const environment = { ...awsClientEnvironment(dir.path), AWS_DISABLE_HOST_PREFIX_INJECTION: 'true' };
  return new Promise((resolve, reject) => {
    execFile(
      'aws',
      ['stepfunctions', '--endpoint-url', server.endpoint, '--output', 'json', ...args],
      { env: environment, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(new Error(`cannot run the AWS CLI ('aws' on PATH, Debian package awscli): ${error.message}`));
          return;
        }
        resolve({ exitCode: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
  });
}

async function awsJson(...args: string[]): Promise<Record<string, unknown>> {
  const result = await aws(...args);
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe('aws stepfunctions --endpoint-url', () => {
  it('tests one state with a mock through test-state', async () => {
    const response = await awsJson(
      'test-state',
      '--definition',
      JSON.stringify({
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'greeter', 'Payload.$': '$' },
        ResultSelector: { 'greeting.$': '$.Payload' },
        Next: 'Done',
      }),
      '--input',
      '{"who":"CLI"}',
      '--inspection-level',
      'DEBUG',
      '--mock',
      JSON.stringify({ result: JSON.stringify({ Payload: 'Hello, CLI!', StatusCode: 200 }) }),
    );
    expect(response).toEqual({
      status: 'SUCCEEDED',
      output: '{"greeting":"Hello, CLI!"}',
      nextState: 'Done',
      inspectionData: {
        input: '{"who":"CLI"}',
        afterInputPath: '{"who":"CLI"}',
        afterParameters: '{"FunctionName":"greeter","Payload":{"who":"CLI"}}',
        result: '{"Payload":"Hello, CLI!","StatusCode":200}',
        afterResultSelector: '{"greeting":"Hello, CLI!"}',
        afterResultPath: '{"greeting":"Hello, CLI!"}',
      },
    });
    const refused = await aws('test-state', '--definition', '{"Type":"Pass","End":true}', '--mock', '{"result":"{}"}');
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain('ValidationException');
  });

  it('creates a state machine, starts an execution, and reads it back with describe, history and list', async () => {
    const created = await awsJson(
      'create-state-machine',
      '--name',
      'cli-hello',
      '--definition',
      DEFINITION,
      '--role-arn',
      ROLE_ARN,
    );
    expect(created).toEqual({
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:cli-hello',
      creationDate: aTimestamp,
    });

    const started = await awsJson(
      'start-execution',
      '--state-machine-arn',
      String(created.stateMachineArn),
      '--name',
      'first-run',
      '--input',
      '{"who":"CLI"}',
    );
    expect(started).toEqual({
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:cli-hello:first-run',
      startDate: aTimestamp,
    });

    const described = await awsJson('describe-execution', '--execution-arn', String(started.executionArn));
    expect(described).toMatchObject({
      executionArn: started.executionArn,
      stateMachineArn: created.stateMachineArn,
      name: 'first-run',
      status: 'SUCCEEDED',
      input: '{"who":"CLI"}',
      output: '{"greeting":"Hello, CLI!"}',
      startDate: started.startDate,
    });
    expect(described.stopDate).toEqual(aTimestamp);

    const history = await awsJson('get-execution-history', '--execution-arn', String(started.executionArn));
    const events = history.events as readonly Record<string, unknown>[];
    expect(events.map((event) => [event.id, event.previousEventId, event.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'], // AWS links the first state to event 0, not to ExecutionStarted
      [3, 2, 'PassStateExited'],
      [4, 3, 'ExecutionSucceeded'],
    ]);
    expect(events[0]).toMatchObject({
      timestamp: aTimestamp,
      executionStartedEventDetails: { input: '{"who":"CLI"}', roleArn: ROLE_ARN },
    });
    expect(events[2]).toMatchObject({
      stateExitedEventDetails: { name: 'Greet', output: '{"greeting":"Hello, CLI!"}' },
    });

    const listed = await awsJson(
      'list-executions',
      '--state-machine-arn',
      String(created.stateMachineArn),
      '--status-filter',
      'SUCCEEDED',
    );
    expect(listed).toEqual({
      executions: [
        {
          executionArn: started.executionArn,
          stateMachineArn: created.stateMachineArn,
          name: 'first-run',
          status: 'SUCCEEDED',
          startDate: started.startDate,
          stopDate: described.stopDate,
          redriveCount: 0,
        },
      ],
    });
  });

  it('reports an AWS error code and message on stderr with a failing exit code', async () => {
    const result = await aws(
      'describe-execution',
      '--execution-arn',
      'arn:aws:states:us-east-1:123456789012:execution:none:missing',
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'An error occurred (ExecutionDoesNotExist) when calling the DescribeExecution operation',
    );
    const invalid = await aws(
      'create-state-machine',
      '--name',
      'broken',
      '--definition',
      '{"StartAt":"X"}',
      '--role-arn',
      ROLE_ARN,
    );
    expect(invalid.exitCode).not.toBe(0);
    expect(invalid.stderr).toContain(
      'An error occurred (InvalidDefinition) when calling the CreateStateMachine operation',
    );
  });

  it('publishes a version, points an alias at it and starts an execution through the alias', async () => {
    const created = await awsJson(
      'create-state-machine',
      '--name',
      'cli-versioned',
      '--definition',
      DEFINITION,
      '--role-arn',
      ROLE_ARN,
      '--publish',
      '--version-description',
      'first',
    );
    const versionArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:cli-versioned:1';
    expect(created).toMatchObject({ stateMachineVersionArn: versionArn });
    const versions = await awsJson(
      'list-state-machine-versions',
      '--state-machine-arn',
      String(created.stateMachineArn),
    );
    expect(versions).toEqual({
      stateMachineVersions: [{ stateMachineVersionArn: versionArn, creationDate: aTimestamp }],
    });

    const alias = await awsJson(
      'create-state-machine-alias',
      '--name',
      'prod',
      '--routing-configuration',
      JSON.stringify([{ stateMachineVersionArn: versionArn, weight: 100 }]),
    );
    const aliasArn = `${String(created.stateMachineArn)}:prod`;
    expect(alias).toEqual({ stateMachineAliasArn: aliasArn, creationDate: aTimestamp });
    const started = await awsJson('start-execution', '--state-machine-arn', aliasArn, '--input', '{"who":"alias"}');
    const described = await awsJson('describe-execution', '--execution-arn', String(started.executionArn));
    expect(described).toMatchObject({
      stateMachineArn: created.stateMachineArn,
      stateMachineVersionArn: versionArn,
      stateMachineAliasArn: aliasArn,
    });

    const refused = await aws('delete-state-machine-version', '--state-machine-version-arn', versionArn);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain(
      'An error occurred (ConflictException) when calling the DeleteStateMachineVersion operation',
    );
  });
});
