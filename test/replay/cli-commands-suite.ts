import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  CreateActivityCommand,
  type HistoryEvent as SdkHistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createSdkClient,
  createTempDir,
  killAllServerProcesses,
  PROCESS_SUITE_TIMEOUTS,
  ROLE_ARN,
  startServerProcess,
  waitForExecutionEnd,
  type ServerProcess,
  type TempDir,
} from '../e2e/server-process.js';
import { runCli, startCli } from './cli-process.js';

// Every inspection command through the real `statefold` executable, against a real `statefold
// serve` process's store (a SQLite file, or a PostgreSQL URL: the commands work alike on both), an
// export of it, and a history as AWS prints it.

/** Where the server keeps its store and where `import` writes a copy: two SQLite files, or two PostgreSQL schemas. */
export interface CliStoreTarget {
  readonly label: string;
  /** The server's `--db` and the import destination's, under `directory`; `cleanup` removes what they made. */
  readonly databases: (directory: string) => { db: string; copy: string; cleanup?: () => Promise<void> };
}

const ORDER = {
  Comment: 'An order: priced, then checked',
  StartAt: 'Price',
  States: {
    Price: { Type: 'Pass', Result: { total: 42 }, ResultPath: '$.price', Next: 'Check' },
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.price.total', NumericGreaterThan: 100, Next: 'Reject' }],
      Default: 'Accept',
    },
    Accept: { Type: 'Succeed' },
    Reject: { Type: 'Fail', Error: 'Order.TooExpensive', Cause: 'over the limit' },
  },
};
const CHEAPER_LIMIT = {
  ...ORDER,
  States: {
    ...ORDER.States,
    Check: { ...ORDER.States.Check, Choices: [{ Variable: '$.price.total', NumericGreaterThan: 10, Next: 'Reject' }] },
  },
};
const APPROVAL = {
  StartAt: 'Approve',
  States: {
    Approve: { Type: 'Task', Resource: '', HeartbeatSeconds: 600, Next: 'Done' },
    Done: { Type: 'Pass', End: true },
  },
};

/** Registers the suite against one kind of store. */
export function describeCliCommands(target: CliStoreTarget): void {
  // A dozen CLI processes in one test: on a loaded 2-core machine that outlasts the default 30 s.
  vi.setConfig(PROCESS_SUITE_TIMEOUTS);
  describe(`the statefold commands on ${target.label}`, () => {
    let dir: TempDir;
    let server: ServerProcess;
    let client: SFNClient;
    let db: string;
    let copy: string;
    let cleanup: (() => Promise<void>) | undefined;
    let orderMachine: string;
    let firstOrder: string;
    let secondOrder: string;
    let activityArn: string;
    let approvalMachine: string;

    async function startOrder(name: string): Promise<string> {
      const { executionArn } = await client.send(
        new StartExecutionCommand({ stateMachineArn: orderMachine, name, input: JSON.stringify({ id: name }) }),
      );
      if (executionArn === undefined) throw new Error('no execution');
      await waitForExecutionEnd(client, executionArn);
      return executionArn;
    }

    beforeAll(async () => {
      dir = await createTempDir('statefold-replay-');
      ({ db, copy, cleanup } = target.databases(dir.path));
      server = await startServerProcess({ db });
      client = createSdkClient(server.endpoint);
      orderMachine =
        (
          await client.send(
            new CreateStateMachineCommand({ name: 'orders', definition: JSON.stringify(ORDER), roleArn: ROLE_ARN }),
          )
        ).stateMachineArn ?? '';
      activityArn = (await client.send(new CreateActivityCommand({ name: 'approvals' }))).activityArn ?? '';
      const approval = {
        ...APPROVAL,
        States: { ...APPROVAL.States, Approve: { ...APPROVAL.States.Approve, Resource: activityArn } },
      };
      approvalMachine =
        (
          await client.send(
            new CreateStateMachineCommand({
              name: 'approval',
              definition: JSON.stringify(approval),
              roleArn: ROLE_ARN,
            }),
          )
        ).stateMachineArn ?? '';
      firstOrder = await startOrder('order-1');
      secondOrder = await startOrder('order-2');
      await writeFile(join(dir.path, 'cheaper-limit.json'), JSON.stringify(CHEAPER_LIMIT));
      await writeFile(join(dir.path, 'order.json'), JSON.stringify(ORDER));
    });

    afterAll(async () => {
      client?.destroy();
      const exit = await server?.stop('SIGTERM');
      await killAllServerProcesses();
      await dir?.remove();
      await cleanup?.();
      expect(exit).toEqual({ code: 0, signal: null });
    });

    describe('statefold executions', () => {
      it('lists what ran newest first, by state machine and status, a page at a time', async () => {
        const all = await runCli(['executions', '--db', db]);
        expect(all.code).toBe(0);
        expect(all.stdout.indexOf('order-2')).toBeLessThan(all.stdout.indexOf('order-1'));
        expect(all.stdout).toMatch(/SUCCEEDED\s+order-2\s+arn:aws:states:/);

        const first = await runCli([
          'executions',
          '--db',
          db,
          '--state-machine',
          orderMachine,
          '--limit',
          '1',
          '--json',
        ]);
        const page = JSON.parse(first.stdout) as { executions: { name: string }[]; nextToken?: string };
        expect(page.executions.map((e) => e.name)).toEqual(['order-2']);
        const second = await runCli([
          'executions',
          '--db',
          db,
          '--state-machine',
          orderMachine,
          '--limit',
          '1',
          '--json',
          '--next-token',
          page.nextToken ?? '',
        ]);
        expect((JSON.parse(second.stdout) as { executions: { name: string }[] }).executions.map((e) => e.name)).toEqual(
          ['order-1'],
        );

        const byName = await runCli(['executions', '--db', db, '--state-machine', 'orders', '--json']);
        expect((JSON.parse(byName.stdout) as { executions: { name: string }[] }).executions.map((e) => e.name)).toEqual(
          ['order-2', 'order-1'],
        );
        const unknownName = await runCli(['executions', '--db', db, '--state-machine', 'no-such-machine']);
        expect(unknownName.code).toBe(1);
        expect(unknownName.stderr).toContain("No state machine is named 'no-such-machine' (give a name or an ARN).");

        expect((await runCli(['executions', '--db', db, '--status', 'FAILED'])).stdout).toBe('No executions.\n');
        expect((await runCli(['executions', '--db', db, '--since', '2999-01-01'])).stdout).toBe('No executions.\n');
        const bad = await runCli(['executions', '--db', db, '--status', 'DONE']);
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain(
          "--status must be one of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE, not 'DONE'.",
        );
      });
    });

    describe('statefold history', () => {
      it('prints a readable timeline with each event state name and detail', async () => {
        const run = await runCli(['history', firstOrder, '--db', db]);
        expect(run.code).toBe(0);
        const lines = run.stdout.trimEnd().split('\n');
        expect(lines[0]).toMatch(/^\s+id\s+elapsed\s+type\s+state\s+detail$/);
        expect(lines[1]).toMatch(/^\s+1\s+\+0\.\d{3}s\s+ExecutionStarted\s+\{"id":"order-1"\}$/);
        expect(lines[3]).toMatch(
          /^\s+3\s+\+\d+\.\d{3}s\s+PassStateExited\s+Price\s+\{"id":"order-1","price":\{"total":42\}\}$/,
        );
        expect(lines).toHaveLength(9);
        const json = JSON.parse((await runCli(['history', firstOrder, '--db', db, '--json'])).stdout) as {
          type: string;
          stateName?: string;
        }[];
        expect(json.map((entry) => entry.type)).toEqual([
          'ExecutionStarted',
          'PassStateEntered',
          'PassStateExited',
          'ChoiceStateEntered',
          'ChoiceStateExited',
          'SucceedStateEntered',
          'SucceedStateExited',
          'ExecutionSucceeded',
        ]);
      });

      it('reports an execution the database does not have with AWS words and exit code 1', async () => {
        const missing = `${firstOrder}-missing`;
        const run = await runCli(['history', missing, '--db', db]);
        expect(run).toMatchObject({ code: 1, stdout: '' });
        expect(run.stderr).toBe(`statefold history: Execution Does Not Exist: '${missing}'\n`);
        expect((await runCli(['history', firstOrder, '--db', join(dir.path, 'none.db')])).stderr).toContain(
          'No statefold database at',
        );
      });

      it('follows a running execution live until it ends', async () => {
        const { executionArn } = await client.send(
          new StartExecutionCommand({ stateMachineArn: approvalMachine, input: '{"amount":5}' }),
        );
        const follow = startCli(['history', executionArn ?? '', '--follow', '--db', db, '--poll-ms', '50']);
        await follow.waitForOutput('ActivityScheduled');
        expect(follow.stdout()).not.toContain('ExecutionSucceeded');
        const task = await client.send(new GetActivityTaskCommand({ activityArn, workerName: 'tester' }));
        await client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"approved":true}' }));
        const run = await follow.exited;
        expect(run.code).toBe(0);
        const types = run.stdout
          .trimEnd()
          .split('\n')
          .slice(1)
          .map((line) => line.trim().split(/\s+/)[2]);
        expect(types).toEqual([
          'ExecutionStarted',
          'TaskStateEntered',
          'ActivityScheduled',
          'ActivityStarted',
          'ActivitySucceeded',
          'TaskStateExited',
          'PassStateEntered',
          'PassStateExited',
          'ExecutionSucceeded',
        ]);
        expect(run.stdout).toMatch(/ActivityStarted\s+Approve\s+worker tester/);
      });
    });

    describe('statefold inspect', () => {
      it('prints the state at an event: status, thread, input and what it waits for', async () => {
        const run = await runCli(['inspect', firstOrder, '--at', '4', '--db', db]);
        expect(run.code).toBe(0);
        expect(run.stdout).toContain("At event   4 (ChoiceStateEntered 'Check'");
        expect(run.stdout).toContain('Status     RUNNING');
        expect(run.stdout).toContain(
          '  main: Choice state \'Check\', entered at event 4\n    input      {"id":"order-1","price":{"total":42}}',
        );
        const end = JSON.parse((await runCli(['inspect', firstOrder, '--at', '8', '--db', db, '--json'])).stdout) as {
          status: string;
          state: { output: string };
        };
        expect(end).toMatchObject({ status: 'SUCCEEDED', state: { output: '{"id":"order-1","price":{"total":42}}' } });
        const beyond = await runCli(['inspect', firstOrder, '--at', '9', '--db', db]);
        expect(beyond.code).toBe(1);
        expect(beyond.stderr).toContain('has no event 9 (its last is 8)');
        expect((await runCli(['inspect', firstOrder, '--db', db])).code).toBe(2);
      });
    });

    describe('statefold replay', () => {
      it('replays a stored execution cleanly against the definition it ran', async () => {
        const run = await runCli(['replay', firstOrder, '--db', db]);
        expect(run.code).toBe(0);
        expect(run.stdout).toContain('Replays cleanly: the definition decides all 8 events as recorded.');
      });

      it('names where an edited definition parts from the recorded history, and exits 1', async () => {
        const run = await runCli([
          'replay',
          firstOrder,
          '--db',
          db,
          '--definition',
          join(dir.path, 'cheaper-limit.json'),
        ]);
        expect(run.code).toBe(1);
        // A Choice's exit does not say which branch it took: the next state's entry does.
        expect(run.stdout).toContain('Diverges at event 6, after 5 matching events.');
        expect(run.stdout).toContain(
          "Event 6 recorded SucceedStateEntered 'Accept'; the definition decides FailStateEntered 'Reject'.",
        );
        expect(run.stdout).toContain("recorded: SucceedStateEntered 'Accept'");
        expect(run.stdout).toContain("decided:  FailStateEntered 'Reject'");
        const json = JSON.parse(
          (
            await runCli([
              'replay',
              firstOrder,
              '--db',
              db,
              '--definition',
              join(dir.path, 'cheaper-limit.json'),
              '--json',
            ])
          ).stdout,
        ) as {
          clean: boolean;
          divergence: {
            eventId: number;
            recorded: { event: { type: string }; facts: object };
            decided: { event: { type: string }; facts: object };
            differences: { path: string }[];
          };
        };
        expect(json).toMatchObject({
          clean: false,
          divergence: {
            eventId: 6,
            recorded: { event: { type: 'SucceedStateEntered' }, facts: {} },
            decided: { event: { type: 'FailStateEntered' }, facts: {} },
          },
        });
      });

      it('replays a history printed as AWS prints it, with its definition', async () => {
        const events: SdkHistoryEvent[] = [];
        let nextToken: string | undefined;
        do {
          const page = await client.send(
            new GetExecutionHistoryCommand({
              executionArn: secondOrder,
              maxResults: 3,
              ...(nextToken ? { nextToken } : {}),
            }),
          );
          events.push(...(page.events ?? []));
          nextToken = page.nextToken;
        } while (nextToken !== undefined);
        const file = join(dir.path, 'aws-history.json');
        // As the AWS CLI prints it: every page's events in one "events" array, timestamps with an offset.
        await writeFile(
          file,
          JSON.stringify(
            { events: events.map((e) => ({ ...e, timestamp: e.timestamp?.toISOString().replace('Z', '+00:00') })) },
            null,
            4,
          ),
        );
        const clean = await runCli(['replay', file, '--definition', join(dir.path, 'order.json')]);
        expect(clean.stdout).toContain('(aws history, 8 events)');
        expect(clean.code).toBe(0);
        const diverged = await runCli(['replay', file, '--definition', join(dir.path, 'cheaper-limit.json')]);
        expect(diverged.code).toBe(1);
        expect(diverged.stdout).toContain('Diverges at event 6');
        expect((await runCli(['history', file])).stdout).toMatch(/ChoiceStateEntered\s+Check/);
        expect(
          (await runCli(['inspect', file, '--at', '2', '--definition', join(dir.path, 'order.json')])).stdout,
        ).toContain("main: Pass state 'Price'");
        const noDefinition = await runCli(['replay', file]);
        expect(noDefinition.code).toBe(2);
        expect(noDefinition.stderr).toContain('does not carry its definition: pass --definition <file>.');
      });
    });

    describe('statefold export, import and verify', () => {
      it('verifies the hash chains of a live server database', async () => {
        const run = await runCli(['verify', '--db', db]);
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^ok {4}arn:aws:states:.*:order-1 {2}8 events, head [0-9a-f]{16}$/m);
        expect(run.stdout).toContain('every hash chain holds and every row matches its history.');
      });

      it('exports a state machine, imports it elsewhere losslessly, and every command reads the export', async () => {
        const file = join(dir.path, 'orders.jsonl');
        const exported = await runCli(['export', orderMachine, '--db', db, '--output', file]);
        expect(exported).toMatchObject({ code: 0, stdout: `Exported 2 executions (16 events) to ${file}.\n` });
        const lines = (await readFile(file, 'utf8'))
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line) as { kind: string; hash?: string });
        expect(lines.map((line) => line.kind)).toEqual([
          'execution',
          ...Array<string>(8).fill('event'),
          'execution',
          ...Array<string>(8).fill('event'),
        ]);
        expect(lines[1]?.hash).toMatch(/^[0-9a-f]{64}$/);

        const imported = await runCli(['import', file, '--db', copy]);
        expect(imported.code).toBe(0);
        expect(imported.stdout).toContain(`imported  ${firstOrder} (8 events)`);
        expect((await runCli(['verify', '--db', copy])).stdout).toContain(
          '2 executions verified: every hash chain holds and every row matches its history.',
        );
        const again = await runCli(['export', orderMachine, '--db', copy]);
        expect(again.stdout).toBe(await readFile(file, 'utf8'));

        expect((await runCli(['verify', file])).code).toBe(0);
        expect((await runCli(['replay', file, '--execution', firstOrder])).stdout).toContain('Replays cleanly');
        expect((await runCli(['history', file, '--execution', secondOrder])).stdout).toContain('ExecutionSucceeded');
        expect((await runCli(['inspect', file, '--execution', firstOrder, '--at', '3'])).stdout).toContain(
          'Status     RUNNING',
        );
        const ambiguous = await runCli(['history', file]);
        expect(ambiguous.code).toBe(2);
        expect(ambiguous.stderr).toContain('holds 2 executions; pick one with --execution <arn>');
      });
    });
  });
}
