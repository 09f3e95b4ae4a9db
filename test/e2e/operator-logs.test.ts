import { writeFile } from 'node:fs/promises';
import {
  CreateStateMachineCommand,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../replay/cli-process.js';
import {
  createSdkClient,
  createTempDir,
  killAllServerProcesses,
  PROCESS_SUITE_TIMEOUTS,
  ROLE_ARN,
  startServerProcess,
  type ServerProcess,
  type TempDir,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// What an operator reads: `statefold serve --log-format json` writes one JSON object a line for its
// start (with the executions it resumed), each request at `--log-level debug`, each request answered
// 5xx, each execution that failed for an internal reason, and its stop.

interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly event?: string;
  readonly [field: string]: unknown;
}

function logLines(text: string): LogLine[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LogLine);
}

/** Resolves once the process has written a line that `test` accepts (the server runs on the real clock). */
async function lineOf(read: () => string, test: (line: LogLine) => boolean, timeoutMs = 20_000): Promise<LogLine> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const found = logLines(read()).find(test);
    if (found !== undefined) return found;
    if (performance.now() > deadline) throw new Error(`no such log line in:\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const WAIT = (seconds: number) =>
  JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: seconds, End: true } } });

let dir: TempDir;
let db: string;
let server: ServerProcess;
let client: SFNClient;

beforeAll(async () => {
  dir = await createTempDir();
  db = `${dir.path}/statefold.db`;
  server = await startServerProcess({ db, args: ['--log-format', 'json', '--log-level', 'debug'] });
  client = createSdkClient(server.endpoint);
});

afterAll(async () => {
  client?.destroy();
  await server?.stop('SIGTERM');
  await killAllServerProcesses();
  await dir?.remove();
});

async function startWaiting(name: string, seconds: number): Promise<string> {
  const { stateMachineArn } = await client.send(
    new CreateStateMachineCommand({ name, definition: WAIT(seconds), roleArn: ROLE_ARN }),
  );
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'e1' }));
  if (executionArn === undefined) throw new Error('no execution');
  return executionArn;
}

describe('statefold serve --log-format json', () => {
  it('starts with one JSON line naming the endpoint, the new file and the executions it resumed', () => {
    const [first] = logLines(server.stdout());
    expect(first).toMatchObject({
      level: 'info',
      event: 'started',
      endpoint: server.endpoint,
      store: `sqlite ${db}, a new file`,
      resumedExecutions: 0,
    });
    expect(first?.message).toContain(`statefold listening on ${server.endpoint}`);
  });

  it('writes a line per request at --log-level debug', async () => {
    await client.send(new ListStateMachinesCommand({}));
    expect(await lineOf(server.stdout, (line) => line.action === 'AWSStepFunctions.ListStateMachines')).toMatchObject({
      level: 'debug',
      event: 'request',
      status: 200,
      requestId: expect.any(String),
    });
  });

  it('writes an error line, with the request id, for a request answered 500', async () => {
    const executionArn = await startWaiting('corrupted', 3600);
    // A history row that no longer reads as an event: the file was damaged behind the server's back.
    const handle = new BetterSqlite3(db);
    const { details } = handle
      .prepare('select details from events where execution_arn = ? and id = 1')
      .get(executionArn) as { details: string };
    handle.prepare("update events set details = '{' where execution_arn = ? and id = 1").run(executionArn);
    const failed = await client.send(new GetExecutionHistoryCommand({ executionArn })).then(
      () => expect.fail('a damaged history was served'),
      (error: { $metadata: { httpStatusCode?: number; requestId?: string } }) => error,
    );
    expect(failed.$metadata.httpStatusCode).toBe(500);
    expect(await lineOf(server.stderr, (line) => line.event === 'request-failed' && line.status === 500)).toMatchObject(
      {
        level: 'error',
        action: 'AWSStepFunctions.GetExecutionHistory',
        requestId: failed.$metadata.requestId,
      },
    );
    handle.prepare('update events set details = ? where execution_arn = ? and id = 1').run(details, executionArn);
    handle.close();
  });

  it('writes an error line naming an execution whose background step failed for an internal reason', async () => {
    const executionArn = await startWaiting('unwritable', 1);
    // Another writer appears to have moved the history on: every append of the Wait's end conflicts.
    const handle = new BetterSqlite3(db);
    const bump = handle.prepare('update executions set last_event_id = last_event_id + ? where execution_arn = ?');
    bump.run(1, executionArn);
    expect(await lineOf(server.stderr, (line) => line.event === 'execution-failed')).toMatchObject({
      level: 'error',
      executionArn,
      error: expect.stringContaining('AppendConflict'),
    });
    bump.run(-1, executionArn);
    handle.close();
  });

  it('logs its stop, and on restart says how many running executions it resumed', async () => {
    await startWaiting('long', 3600);
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(logLines(server.stdout()).slice(-2)).toMatchObject([
      { level: 'info', event: 'stopping', signal: 'SIGTERM' },
      { level: 'info', event: 'stopped' },
    ]);
    // Text stays the default; `corrupted`, `unwritable` (both repaired) and `long` are RUNNING.
    server = await startServerProcess({ db });
    expect(server.stdout()).toBe(
      `statefold listening on ${server.endpoint} (store: sqlite ${db}; resumed 3 running executions)\n`,
    );
  });
});

describe('statefold serve on a zero-byte database file', () => {
  it('refuses to start rather than silently start an empty database', async () => {
    const empty = `${dir.path}/empty.db`;
    await writeFile(empty, '');
    const run = await runCli(['serve', '--port', '0', '--db', empty]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${empty} is an empty file (0 bytes), not a statefold database`);
    expect(run.stdout).toBe('');
  });
});
