import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createTempDir,
  killAllServerProcesses,
  PROCESS_SUITE_TIMEOUTS,
  ROLE_ARN,
  startServerProcess,
  type ServerProcess,
  type TempDir,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// boto3 (python3's, as a user's script would use it) against a real `statefold serve` process:
// versions and aliases, and one of their errors as boto3's modeled exception.

const SCRIPT = `
import json, sys
import boto3
sfn = boto3.client('stepfunctions', endpoint_url=sys.argv[1], region_name='us-east-1',
                   aws_access_key_id='local', aws_secret_access_key='local')
definition = json.dumps({'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'Result': 'v1', 'End': True}}})
created = sfn.create_state_machine(name='boto3-versioned', definition=definition, roleArn=sys.argv[2], publish=True)
version_arn = created['stateMachineVersionArn']
alias_arn = sfn.create_state_machine_alias(
    name='prod', routingConfiguration=[{'stateMachineVersionArn': version_arn, 'weight': 100}])['stateMachineAliasArn']
execution_arn = sfn.start_execution(stateMachineArn=alias_arn, name='through-alias')['executionArn']
described = sfn.describe_execution(executionArn=execution_arn)
try:
    sfn.delete_state_machine_version(stateMachineVersionArn=version_arn)
    refused = None
except sfn.exceptions.ConflictException as error:
    refused = error.response['Error']['Code']
print(json.dumps({
    'versionArn': version_arn,
    'aliasArn': alias_arn,
    'executionVersion': described.get('stateMachineVersionArn'),
    'executionAlias': described.get('stateMachineAliasArn'),
    'versions': [v['stateMachineVersionArn'] for v in sfn.list_state_machine_versions(stateMachineArn=created['stateMachineArn'])['stateMachineVersions']],
    'aliases': [a['stateMachineAliasArn'] for a in sfn.list_state_machine_aliases(stateMachineArn=created['stateMachineArn'])['stateMachineAliases']],
    'refused': refused,
}))
`;

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

function runPython(...args: string[]): Promise<string> {
  // No AWS settings from the machine: the script passes its endpoint, region and keys itself.
  const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return new Promise((resolve, reject) => {
    execFile(
      'python3',
      ['-c', SCRIPT, ...args],
      { env: { ...environment, AWS_EC2_METADATA_DISABLED: 'true' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`python3 with boto3 failed: ${error.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

describe('boto3 against statefold serve', () => {
  it('publishes a version, routes an alias to it, starts through the alias and gets ConflictException', async () => {
    const result = JSON.parse(await runPython(server.endpoint, ROLE_ARN)) as Record<string, unknown>;
    const machineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:boto3-versioned';
    expect(result).toEqual({
      versionArn: `${machineArn}:1`,
      aliasArn: `${machineArn}:prod`,
      executionVersion: `${machineArn}:1`,
      executionAlias: `${machineArn}:prod`,
      versions: [`${machineArn}:1`],
      aliases: [`${machineArn}:prod`],
      refused: 'ConflictException',
    });
  });
});
