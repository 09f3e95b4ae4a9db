import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  awsClientEnvironment,
  createTempDir,
  killAllServerProcesses,
  PROCESS_SUITE_TIMEOUTS,
  ROLE_ARN,
  startServerProcess,
  type ServerProcess,
  type TempDir,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// RedriveExecution and StartSyncExecution through the AWS CLI (`aws`, botocore-based) and boto3
// (`python3 -c "import boto3"`; Debian's python3-boto3) against a real `statefold serve`. Both
// clients send StartSyncExecution to `sync-<host>` unless told not to: the CLI reads
// AWS_DISABLE_HOST_PREFIX_INJECTION=true, boto3 takes Config(inject_host_prefix=False) (README).

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

/** The test's own AWS settings, with the `sync-` host prefix turned off as the README says. */
function awsEnvironment(): NodeJS.ProcessEnv {
  return { ...awsClientEnvironment(dir.path), AWS_DISABLE_HOST_PREFIX_INJECTION: 'true' };
}

function run(command: string, args: readonly string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { env: awsEnvironment(), timeout: 60_000 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') {
        reject(new Error(`cannot run ${command}: ${error.message}`));
        return;
      }
      resolve({ exitCode: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

async function aws(...args: string[]): Promise<Record<string, unknown>> {
  const result = await run('aws', ['stepfunctions', '--endpoint-url', server.endpoint, '--output', 'json', ...args]);
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return result.stdout.trim() === '' ? {} : (JSON.parse(result.stdout) as Record<string, unknown>);
}

const NAP = JSON.stringify({
  StartAt: 'Nap',
  States: { Nap: { Type: 'Wait', Seconds: 3600, Next: 'Done' }, Done: { Type: 'Succeed' } },
});
const GREET = JSON.stringify({
  StartAt: 'Greet',
  States: { Greet: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('Hello, {}!', $.who)" }, End: true } },
});

describe('the AWS CLI', () => {
  it('redrives a stopped execution and runs an Express state machine with start-sync-execution', async () => {
    const nap = await aws('create-state-machine', '--name', 'cli-nap', '--definition', NAP, '--role-arn', ROLE_ARN);
    const started = await aws('start-execution', '--state-machine-arn', String(nap.stateMachineArn));
    const executionArn = String(started.executionArn);
    await aws('stop-execution', '--execution-arn', executionArn);
    const redriven = await aws('redrive-execution', '--execution-arn', executionArn, '--client-token', 'cli-1');
    expect(Object.keys(redriven)).toEqual(['redriveDate']);
    expect(await aws('describe-execution', '--execution-arn', executionArn)).toMatchObject({
      status: 'RUNNING',
      redriveCount: 1,
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is RUNNING and cannot be redriven',
    });
    const refused = await run('aws', [
      'stepfunctions',
      '--endpoint-url',
      server.endpoint,
      'redrive-execution',
      '--execution-arn',
      executionArn,
    ]);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain('ExecutionNotRedrivable');

    const greet = await aws(
      'create-state-machine',
      '--name',
      'cli-greet',
      '--type',
      'EXPRESS',
      '--definition',
      GREET,
      '--role-arn',
      ROLE_ARN,
    );
    const answer = await aws(
      'start-sync-execution',
      '--state-machine-arn',
      String(greet.stateMachineArn),
      '--input',
      '{"who":"CLI"}',
    );
    expect(answer).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"greeting":"Hello, CLI!"}',
      billingDetails: { billedMemoryUsedInMB: 64 },
    });
  });
});

// boto3, configured as the README says: inject_host_prefix=False for the local endpoint.
const BOTO3_SCRIPT = `
import json, sys
import boto3
from botocore.config import Config
sfn = boto3.client('stepfunctions', endpoint_url=sys.argv[1], config=Config(inject_host_prefix=False, retries={'max_attempts': 1}))
role = sys.argv[2]
nap = sfn.create_state_machine(name='boto-nap', definition=sys.argv[3], roleArn=role)['stateMachineArn']
arn = sfn.start_execution(stateMachineArn=nap)['executionArn']
sfn.stop_execution(executionArn=arn)
redriven = sfn.redrive_execution(executionArn=arn)
described = sfn.describe_execution(executionArn=arn)
greet = sfn.create_state_machine(name='boto-greet', definition=sys.argv[4], roleArn=role, type='EXPRESS')['stateMachineArn']
answer = sfn.start_sync_execution(stateMachineArn=greet, input='{"who":"boto3"}')
try:
    sfn.start_sync_execution(stateMachineArn=nap)
    refusal = None
except sfn.exceptions.StateMachineTypeNotSupported as error:
    refusal = error.response['Error']['Code']
print(json.dumps({
  'redriveDate': 'redriveDate' in redriven,
  'status': described['status'],
  'redriveCount': described['redriveCount'],
  'sync': {'status': answer['status'], 'output': answer['output'], 'billing': answer['billingDetails']},
  'refusal': refusal,
}))
`;

describe('boto3', () => {
  it('redrives an execution and runs start_sync_execution with inject_host_prefix=False', async () => {
    const result = await run('python3', ['-c', BOTO3_SCRIPT, server.endpoint, ROLE_ARN, NAP, GREET]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      redriveDate: true,
      status: 'RUNNING',
      redriveCount: 1,
      sync: {
        status: 'SUCCEEDED',
        output: '{"greeting":"Hello, boto3!"}',
        billing: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: 100 },
      },
      refusal: 'StateMachineTypeNotSupported',
    });
  });
});
