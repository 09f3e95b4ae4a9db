import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { dropSchemas, testDatabaseUrl, testDatabaseUrlFor, uniqueSchema } from '@statefold/store-postgres/testing';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  createSdkClient,
  killAllServerProcesses,
  PROCESS_SUITE_TIMEOUTS,
  startServerProcess,
  type ServerProcess,
} from '../e2e/server-process.js';
import {
  definitionOf,
  endingsInMemory,
  inputOf,
  KINDS,
  ROLE_ARN,
  workerOutput,
  type Ending,
  type Kind,
} from './workload.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// Several `statefold serve` processes on one PostgreSQL schema, driven through the real SDK: any
// node answers any call, a node killed mid-run has its executions taken over when its leases
// expire, and every execution ends exactly as it does uninterrupted in memory.

const LEASE_MS = 2_000;
const schemas: string[] = [];
const clients: SFNClient[] = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
  await killAllServerProcesses();
  await dropSchemas(schemas);
});

interface Node {
  readonly process: ServerProcess;
  readonly client: SFNClient;
  /** The node's name in the leases, from its start line. */
  readonly id: string;
}

async function startNode(db: string): Promise<Node> {
  const process = await startServerProcess({ db, args: ['--lease-ms', String(LEASE_MS)] });
  const client = createSdkClient(process.endpoint);
  clients.push(client);
  const id = /, node ([^\s;)]+)/.exec(process.stdout())?.[1] ?? '';
  return { process, client, id };
}

/** Calls `send` on each node in turn until one answers (a killed node refuses connections). */
async function onAnyNode<T>(
  nodes: readonly Node[],
  first: number,
  send: (client: SFNClient) => Promise<T>,
): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < nodes.length * 3; attempt++) {
    const node = nodes[(first + attempt) % nodes.length];
    if (node === undefined) continue;
    try {
      return await send(node.client);
    } catch (error) {
      const name = (error as Error).name;
      // Answers of the service are final; only a node that cannot be reached moves us on.
      if (
        !['ECONNREFUSED', 'ECONNRESET', 'TimeoutError', 'Error', 'EPIPE'].includes(name) &&
        !/ECONN|socket/i.test(String(error))
      )
        throw error;
      lastError = error;
    }
  }
  throw lastError;
}

async function withDatabase<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** RUNNING executions whose lease `owner` holds. */
function runningOwnedBy(schema: string, owner: string): Promise<number> {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ count: string }>(
      `select count(*) from "${schema}".executions where status = 'RUNNING' and owner = $1`,
      [owner],
    );
    return Number(rows[0]?.count ?? 0);
  });
}

/** Milliseconds from now until no RUNNING execution is leased to `owner` any more (polled every 50 ms). */
async function timeToTakeOver(schema: string, owner: string): Promise<number> {
  const started = performance.now();
  while ((await runningOwnedBy(schema, owner)) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  return performance.now() - started;
}

async function fullHistory(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

describe('three statefold serve nodes on one PostgreSQL schema', () => {
  it('finish every execution as memory does while two nodes are killed mid-run', async () => {
    const schema = uniqueSchema('nodes');
    schemas.push(schema);
    const db = testDatabaseUrlFor(schema);
    // nodes[2] is the workers' node and lives throughout; nodes[0] and nodes[1] are each killed once.
    const nodes: Node[] = [await startNode(db), await startNode(db), await startNode(db)];
    const { activityArn = '' } = await nodes[0]!.client.send(new CreateActivityCommand({ name: 'work' }));
    const machines = new Map<Kind, string>();
    for (const kind of KINDS) {
      const created = await nodes[0]!.client.send(
        new CreateStateMachineCommand({ name: kind, definition: definitionOf(kind, activityArn), roleArn: ROLE_ARN }),
      );
      machines.set(kind, created.stateMachineArn ?? '');
    }
    const planned = Array.from({ length: 200 }, (_, n) => ({ kind: KINDS[n % KINDS.length] as Kind, n }));
    const expected = await endingsInMemory(planned);
    const activities = planned.filter((item) => item.kind === 'activity').length;

    // Workers poll the third node and answer each token on a node that neither started nor handed it out.
    let answered = 0;
    const worker = (async () => {
      while (answered < activities) {
        const task = await nodes[2]!.client.send(new GetActivityTaskCommand({ activityArn, workerName: 'w' }));
        if (task.taskToken === undefined) continue;
        const n = (JSON.parse(task.input ?? '{}') as { n: number }).n;
        await onAnyNode(nodes, (n + 1) % 2, (client) =>
          client.send(
            new SendTaskSuccessCommand({ taskToken: task.taskToken, output: workerOutput(task.input ?? '{}') }),
          ),
        );
        answered++;
      }
    })();

    const arns = new Map<number, string>();
    const start = (n: number, kind: Kind) =>
      onAnyNode(nodes, n % 3, async (client) => {
        const started = await client.send(
          new StartExecutionCommand({ stateMachineArn: machines.get(kind), name: `e${n}`, input: inputOf(n) }),
        );
        arns.set(n, started.executionArn ?? '');
      });
    const kills: Promise<void>[] = [];
    const takeovers: Promise<number>[] = [];
    for (const { kind, n } of planned) {
      await start(n, kind);
      // Mid-run, twice: a node dies with executions it owns half done, and a fresh node joins.
      if (n === 60 || n === 130) {
        const victim = n === 60 ? 0 : 1;
        const held = await runningOwnedBy(schema, nodes[victim]!.id);
        // The node dies owning executions it has not finished.
        expect(held).toBeGreaterThan(0);
        await nodes[victim]!.process.stop('SIGKILL');
        takeovers.push(timeToTakeOver(schema, nodes[victim]!.id));
        kills.push(
          startNode(db).then((node) => {
            nodes[victim] = node;
          }),
        );
      }
    }
    await Promise.all(kills);
    // Failover: the others hold every execution the dead node held within the lease time and a second.
    for (const takeoverMs of await Promise.all(takeovers)) expect(takeoverMs).toBeLessThan(LEASE_MS + 1_000);
    await worker;

    for (const { n } of planned) {
      const executionArn = arns.get(n) ?? '';
      let described = await nodes[2]!.client.send(new DescribeExecutionCommand({ executionArn }));
      for (let tries = 0; described.status === 'RUNNING' && tries < 300; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        described = await nodes[2]!.client.send(new DescribeExecutionCommand({ executionArn }));
      }
      const events = await fullHistory(nodes[2]!.client, executionArn);
      expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
      for (const event of events) expect(event.previousEventId ?? 0).toBeLessThan(event.id ?? 0);
      const ending: Ending = {
        status: described.status ?? '',
        ...(described.output === undefined ? {} : { output: described.output }),
        types: events.map((event) => event.type ?? '').sort(),
      };
      expect({ n, ...ending }).toEqual({ n, ...expected.get(n) });
    }
    for (const node of nodes) expect(node.process.stderr()).toBe('');
  });

  it('take over from a node paused past its leases, which appends nothing to them once resumed', async () => {
    const schema = uniqueSchema('paused');
    schemas.push(schema);
    const db = testDatabaseUrlFor(schema);
    const paused = await startNode(db);
    const other = await startNode(db);
    const { stateMachineArn } = await paused.client.send(
      new CreateStateMachineCommand({
        name: 'wait',
        roleArn: ROLE_ARN,
        definition: JSON.stringify({
          StartAt: 'W',
          States: { W: { Type: 'Wait', Seconds: 4, Next: 'D' }, D: { Type: 'Pass', End: true } },
        }),
      }),
    );
    const arns: string[] = [];
    for (let n = 0; n < 20; n++) {
      const started = await paused.client.send(new StartExecutionCommand({ stateMachineArn, name: `p${n}` }));
      arns.push(started.executionArn ?? '');
    }
    expect(await runningOwnedBy(schema, paused.id)).toBe(20);
    paused.process.child.kill('SIGSTOP');
    // The other node holds every execution within the lease time and a second of the pause.
    expect(await timeToTakeOver(schema, paused.id)).toBeLessThan(LEASE_MS + 1_000);
    expect(await runningOwnedBy(schema, other.id)).toBe(20);
    // Resumed before the Waits end, the paused node's timers are still armed: it must give them up.
    paused.process.child.kill('SIGCONT');
    for (const executionArn of arns) {
      let described = await paused.client.send(new DescribeExecutionCommand({ executionArn }));
      for (let tries = 0; described.status === 'RUNNING' && tries < 200; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        described = await paused.client.send(new DescribeExecutionCommand({ executionArn }));
      }
      expect(described.status).toBe('SUCCEEDED');
      const events = await fullHistory(other.client, executionArn);
      // One run of the machine: nothing appended twice, by either node.
      expect(events.map((event) => [event.id, event.type])).toEqual([
        [1, 'ExecutionStarted'],
        [2, 'WaitStateEntered'],
        [3, 'WaitStateExited'],
        [4, 'PassStateEntered'],
        [5, 'PassStateExited'],
        [6, 'ExecutionSucceeded'],
      ]);
    }
    expect(await runningOwnedBy(schema, paused.id)).toBe(0);
    expect(paused.process.stderr() + other.process.stderr()).toBe('');
  });
});
