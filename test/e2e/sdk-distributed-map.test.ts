import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  InvalidArn,
  ListExecutionsCommand,
  ListMapRunsCommand,
  ResourceNotFound,
  StartExecutionCommand,
  UpdateMapRunCommand,
  ValidationException,
  type ExecutionListItem,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
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

// Distributed Map through the real @aws-sdk/client-sfn against a real `statefold serve` on a
// SQLite file: the Map Run operations, child executions listed by their Map Run, and a server
// killed with SIGKILL in the middle of a Map Run that a new process on the same file finishes,
// every item processed by exactly one child execution.

const dirs: TempDir[] = [];
const clients: SFNClient[] = [];

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

afterAll(async () => {
  await killAllServerProcesses();
  for (const dir of dirs) await dir.remove();
});

async function serve(
  db?: string,
): Promise<{ client: SFNClient; db: string; stop: (signal: NodeJS.Signals) => Promise<unknown> }> {
  let file = db;
  if (file === undefined) {
    const dir = await createTempDir();
    dirs.push(dir);
    file = `${dir.path}/statefold.db`;
  }
  const server = await startServerProcess({ db: file });
  const client = createSdkClient(server.endpoint);
  clients.push(client);
  return { client, db: file, stop: (signal) => server.stop(signal) };
}

const fanout = (processor: object, fields: object) =>
  JSON.stringify({
    StartAt: 'Fanout',
    States: {
      Fanout: {
        Type: 'Map',
        End: true,
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, ...processor },
        ...fields,
      },
    },
  });

async function allChildren(client: SFNClient, mapRunArn: string): Promise<ExecutionListItem[]> {
  const children: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListExecutionsCommand({ mapRunArn, maxResults: 1000, nextToken }));
    children.push(...(page.executions ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return children;
}

async function onlyMapRun(client: SFNClient, executionArn: string | undefined): Promise<string> {
  const { mapRuns } = await client.send(new ListMapRunsCommand({ executionArn }));
  expect(mapRuns).toHaveLength(1);
  return mapRuns?.[0]?.mapRunArn ?? '';
}

describe('Distributed Map through @aws-sdk/client-sfn', () => {
  it('runs a Map Run, describes it, lists its children and refuses bad Map Run requests', async () => {
    const { client } = await serve();
    const definition = fanout(
      { StartAt: 'Tag', States: { Tag: { Type: 'Pass', Parameters: { 'item.$': '$' }, End: true } } },
      { MaxConcurrency: 5, Label: 'Tagging' },
    );
    const { stateMachineArn } = await client.send(
      new CreateStateMachineCommand({ name: 'tagger', definition, roleArn: ROLE_ARN }),
    );
    const items = Array.from({ length: 30 }, (_, index) => index);
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(items) }),
    );
    const ended = await waitForExecutionEnd(client, executionArn);
    expect(ended.status).toBe('SUCCEEDED');
    expect(JSON.parse(ended.output ?? 'null')).toEqual(items.map((item) => ({ item })));
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(history.events?.map((event) => event.type)).toContain('MapRunSucceeded');

    const mapRunArn = await onlyMapRun(client, executionArn);
    expect(mapRunArn).toMatch(/:mapRun:tagger\/Tagging:[0-9a-f-]{36}$/);
    const described = await client.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(described).toMatchObject({
      executionArn,
      status: 'SUCCEEDED',
      maxConcurrency: 5,
      toleratedFailureCount: 0,
      toleratedFailurePercentage: 0,
      itemCounts: { succeeded: 30, total: 30, pending: 0, failed: 0 },
      executionCounts: { succeeded: 30, total: 30 },
    });
    expect(described.stopDate).toBeInstanceOf(Date);

    const firstPage = await client.send(new ListExecutionsCommand({ mapRunArn, maxResults: 10 }));
    expect(firstPage.executions).toHaveLength(10);
    expect(firstPage.nextToken).toBeDefined();
    const children = await allChildren(client, mapRunArn);
    expect(new Set(children.map((child) => child.executionArn)).size).toBe(30);
    const child = children[0];
    expect(child).toMatchObject({ status: 'SUCCEEDED', mapRunArn, itemCount: 1 });
    expect(child?.executionArn).toMatch(/:execution:tagger\/Tagging:[0-9a-f-]{36}$/);
    const childDescription = await client.send(new DescribeExecutionCommand({ executionArn: child?.executionArn }));
    expect(childDescription.mapRunArn).toBe(mapRunArn);

    await expect(client.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 1 }))).rejects.toBeInstanceOf(
      ValidationException,
    );
    await expect(client.send(new UpdateMapRunCommand({ mapRunArn }))).rejects.toBeInstanceOf(ValidationException);
    await expect(
      client.send(new DescribeMapRunCommand({ mapRunArn: `${mapRunArn.slice(0, -4)}0000` })),
    ).rejects.toBeInstanceOf(ResourceNotFound);
    await expect(client.send(new DescribeMapRunCommand({ mapRunArn: 'arn:nope' }))).rejects.toBeInstanceOf(InvalidArn);
    await expect(client.send(new ListExecutionsCommand({ mapRunArn, stateMachineArn }))).rejects.toBeInstanceOf(
      ValidationException,
    );
  });

  it('finishes a Map Run of 2,000 items after a SIGKILL, each item processed by exactly one child', async () => {
    const first = await serve();
    // Children wait a second, 500 at a time: the run lasts four waves, and the kill lands in one.
    const definition = fanout(
      {
        StartAt: 'Hold',
        States: { Hold: { Type: 'Wait', Seconds: 1, Next: 'Done' }, Done: { Type: 'Pass', End: true } },
      },
      { MaxConcurrency: 500 },
    );
    const { stateMachineArn } = await first.client.send(
      new CreateStateMachineCommand({ name: 'bulk', definition, roleArn: ROLE_ARN }),
    );
    const items = Array.from({ length: 2000 }, (_, index) => ({ n: index }));
    const { executionArn } = await first.client.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(items) }),
    );
    let mapRunArn = '';
    for (;;) {
      const { mapRuns } = await first.client.send(new ListMapRunsCommand({ executionArn }));
      mapRunArn = mapRuns?.[0]?.mapRunArn ?? '';
      if (mapRunArn !== '') {
        const { itemCounts } = await first.client.send(new DescribeMapRunCommand({ mapRunArn }));
        if ((itemCounts?.succeeded ?? 0) >= 1) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await first.stop('SIGKILL');
    const killedAt = await first.client.send(new DescribeMapRunCommand({ mapRunArn })).catch(() => undefined);
    expect(killedAt).toBeUndefined();

    const second = await serve(first.db);
    const before = await second.client.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(before.itemCounts?.succeeded).toBeLessThan(2000);
    const ended = await waitForExecutionEnd(second.client, executionArn, 90_000);
    expect(ended.status).toBe('SUCCEEDED');
    expect(JSON.parse(ended.output ?? 'null')).toEqual(items);
    const children = await allChildren(second.client, mapRunArn);
    expect(children).toHaveLength(2000);
    expect(new Set(children.map((child) => child.executionArn)).size).toBe(2000);
    expect(children.every((child) => child.status === 'SUCCEEDED')).toBe(true);
    expect(await second.client.send(new DescribeMapRunCommand({ mapRunArn }))).toMatchObject({
      status: 'SUCCEEDED',
      itemCounts: { succeeded: 2000, total: 2000 },
      executionCounts: { succeeded: 2000, total: 2000 },
    });
  });
});
