import {
  CreateActivityCommand,
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  ListExecutionsCommand,
  ListStateMachineVersionsCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { dropSchemas, testDatabaseUrlFor, uniqueSchema } from '@statefold/store-postgres/testing';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  createSdkClient,
  killAllServerProcesses,
  PROCESS_SUITE_TIMEOUTS,
  ROLE_ARN,
  startServerProcess,
  waitForExecutionEnd,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// Versions, aliases and RedriveExecution on PostgreSQL, through two `statefold serve` nodes on one
// schema with the default lease (10 s): what one node records, the other lists and describes, and
// an execution redriven on a node other than the one that ran it is driven again at once (its
// lease went when it ended), not after a lease time nor never.

const schemas: string[] = [];
afterAll(async () => {
  await killAllServerProcesses();
  await dropSchemas(schemas);
});

async function taskOf(client: SFNClient, activityArn: string): Promise<{ taskToken: string; input: string }> {
  const task = await client.send(new GetActivityTaskCommand({ activityArn, workerName: 'worker' }));
  if (task.taskToken === undefined) throw new Error('no activity task within the poll');
  return { taskToken: task.taskToken, input: task.input ?? '' };
}

describe('versions, aliases and redrive on PostgreSQL', () => {
  it('are shared by two nodes, and a redrive on the other node resumes the execution at once', async () => {
    const schema = uniqueSchema('versions');
    schemas.push(schema);
    const db = testDatabaseUrlFor(schema);
    const [first, second] = await Promise.all([startServerProcess({ db }), startServerProcess({ db })]);
    const a = createSdkClient(first.endpoint);
    const b = createSdkClient(second.endpoint);

    const { activityArn = '' } = await a.send(new CreateActivityCommand({ name: 'approve' }));
    const created = await a.send(
      new CreateStateMachineCommand({
        name: 'approval',
        roleArn: ROLE_ARN,
        publish: true,
        versionDescription: 'first',
        definition: JSON.stringify({
          StartAt: 'Ask',
          States: { Ask: { Type: 'Task', Resource: activityArn, End: true } },
        }),
      }),
    );
    const machineArn = created.stateMachineArn ?? '';
    const versionArn = `${machineArn}:1`;
    expect(created.stateMachineVersionArn).toBe(versionArn);
    const versions = await b.send(new ListStateMachineVersionsCommand({ stateMachineArn: machineArn }));
    expect(versions.stateMachineVersions?.map((version) => version.stateMachineVersionArn)).toEqual([versionArn]);
    const { stateMachineAliasArn: aliasArn = '' } = await b.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        routingConfiguration: [{ stateMachineVersionArn: versionArn, weight: 100 }],
      }),
    );

    // Started through the alias on one node; the task fails through the other.
    const { executionArn } = await a.send(
      new StartExecutionCommand({ stateMachineArn: aliasArn, name: 'once', input: '{"n":1}' }),
    );
    const failed = await taskOf(b, activityArn);
    expect(failed.input).toBe('{"n":1}');
    await b.send(new SendTaskFailureCommand({ taskToken: failed.taskToken, error: 'Denied', cause: 'not yet' }));
    expect(await waitForExecutionEnd(a, executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'Denied',
      stateMachineVersionArn: versionArn,
      stateMachineAliasArn: aliasArn,
      redriveCount: 0,
      redriveStatus: 'REDRIVABLE',
    });

    // Redriven on the node that did not run it, well within the 10 s lease the other node held.
    await b.send(new RedriveExecutionCommand({ executionArn }));
    const began = Date.now();
    const retried = await taskOf(a, activityArn);
    expect(Date.now() - began).toBeLessThan(5_000);
    await a.send(new SendTaskSuccessCommand({ taskToken: retried.taskToken, output: '{"ok":true}' }));
    expect(await waitForExecutionEnd(b, executionArn)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"ok":true}',
      redriveCount: 1,
      stateMachineVersionArn: versionArn,
      stateMachineAliasArn: aliasArn,
    });
    expect(await a.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({ redriveCount: 1 });

    // ListExecutions filters on the version, the alias and redriven, on either node.
    const listed = async (
      client: SFNClient,
      input: { stateMachineArn: string; redriveFilter?: 'REDRIVEN' | 'NOT_REDRIVEN' },
    ) => (await client.send(new ListExecutionsCommand(input))).executions?.map((execution) => execution.name);
    await a.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'plain' }));
    expect(await listed(a, { stateMachineArn: machineArn })).toEqual(['plain', 'once']);
    expect(await listed(b, { stateMachineArn: aliasArn })).toEqual(['once']);
    expect(await listed(b, { stateMachineArn: versionArn })).toEqual(['once']);
    expect(await listed(a, { stateMachineArn: machineArn, redriveFilter: 'REDRIVEN' })).toEqual(['once']);
    expect(await listed(b, { stateMachineArn: machineArn, redriveFilter: 'NOT_REDRIVEN' })).toEqual(['plain']);

    a.destroy();
    b.destroy();
    expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(first.stderr() + second.stderr()).toBe('');
  });
});
