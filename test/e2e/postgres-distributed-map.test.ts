import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  ResourceNotFound,
  StartExecutionCommand,
  type ExecutionListItem,
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

// Distributed Map on PostgreSQL, through two `statefold serve` nodes on one schema: a Map Run that
// one node runs, the other describes and lists (its record, and its children by Map Run ARN, each
// child keeping the Map Run it belongs to after it ended).

const schemas: string[] = [];
afterAll(async () => {
  await killAllServerProcesses();
  await dropSchemas(schemas);
});

async function childrenOf(client: SFNClient, mapRunArn: string): Promise<ExecutionListItem[]> {
  const children: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListExecutionsCommand({ mapRunArn, maxResults: 7, nextToken }));
    children.push(...(page.executions ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return children;
}

describe('Distributed Map on PostgreSQL', () => {
  it('runs a Map Run on one node that the other describes and lists with its children', async () => {
    const schema = uniqueSchema('distmap');
    schemas.push(schema);
    const db = testDatabaseUrlFor(schema);
    const [first, second] = await Promise.all([startServerProcess({ db }), startServerProcess({ db })]);
    const a = createSdkClient(first.endpoint);
    const b = createSdkClient(second.endpoint);
    const definition = JSON.stringify({
      StartAt: 'Fanout',
      States: {
        Fanout: {
          Type: 'Map',
          End: true,
          Label: 'Tagging',
          MaxConcurrency: 4,
          ToleratedFailurePercentage: 12.5,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Tag',
            States: { Tag: { Type: 'Pass', Parameters: { 'item.$': '$' }, End: true } },
          },
        },
      },
    });
    const { stateMachineArn } = await a.send(
      new CreateStateMachineCommand({ name: 'tagger', definition, roleArn: ROLE_ARN }),
    );
    const items = Array.from({ length: 20 }, (_, index) => index);
    const { executionArn } = await a.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(items) }));
    const ended = await waitForExecutionEnd(b, executionArn);
    expect(ended.status).toBe('SUCCEEDED');
    expect(JSON.parse(ended.output ?? 'null')).toEqual(items.map((item) => ({ item })));

    const { mapRuns } = await b.send(new ListMapRunsCommand({ executionArn }));
    expect(mapRuns).toHaveLength(1);
    const mapRunArn = mapRuns?.[0]?.mapRunArn ?? '';
    expect(await b.send(new DescribeMapRunCommand({ mapRunArn }))).toMatchObject({
      executionArn,
      status: 'SUCCEEDED',
      maxConcurrency: 4,
      toleratedFailurePercentage: 12.5,
      itemCounts: { succeeded: 20, total: 20, failed: 0 },
      executionCounts: { succeeded: 20, total: 20 },
    });
    const children = await childrenOf(b, mapRunArn);
    expect(new Set(children.map((child) => child.executionArn)).size).toBe(20);
    expect(children.every((child) => child.status === 'SUCCEEDED' && child.mapRunArn === mapRunArn)).toBe(true);
    const child = await a.send(new DescribeExecutionCommand({ executionArn: children[0]?.executionArn }));
    expect(child.mapRunArn).toBe(mapRunArn);
    // The parent belongs to no Map Run.
    const parent = await b.send(new DescribeExecutionCommand({ executionArn }));
    expect(parent.mapRunArn).toBeUndefined();
    await expect(
      b.send(new DescribeMapRunCommand({ mapRunArn: `${mapRunArn.slice(0, -4)}0000` })),
    ).rejects.toBeInstanceOf(ResourceNotFound);
    a.destroy();
    b.destroy();
  });
});
