import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  StartExecutionCommand,
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
} from './server-process.js';

// Issue 16, points 1 and 2: a JSONata expression that never ends, or builds a value too large for
// memory, fails its own state within the evaluation bounds, while the server keeps answering every
// other client at its usual latency and never dies.

// Long enough that the measurement below ends well inside it, even on a loaded machine.
const TIMEOUT_MS = 8_000;
const ENDLESS = '($f := function($n) { $n < 0 ? $n : $f($n + 1) }; $count([1..1000000]) + $f(0))';

let dir: TempDir;
let server: ServerProcess;
let client: SFNClient;

function jsonataMachine(expression: string): string {
  return JSON.stringify({
    QueryLanguage: 'JSONata',
    StartAt: 'Evaluate',
    States: { Evaluate: { Type: 'Pass', Output: `{% ${expression} %}`, End: true } },
  });
}

async function start(definition: string, name: string): Promise<string> {
  const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE_ARN }));
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
  if (executionArn === undefined) throw new Error('no execution ARN');
  return executionArn;
}

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

describe('runaway JSONata expressions', () => {
  beforeAll(async () => {
    dir = await createTempDir();
    server = await startServerProcess({
      db: `${dir.path}/runaway.db`,
      args: ['--jsonata-timeout', String(TIMEOUT_MS)],
    });
    client = createSdkClient(server.endpoint);
  });

  afterAll(async () => {
    client?.destroy();
    await server?.stop();
    await killAllServerProcesses();
    await dir?.remove();
  });

  it('answers DescribeExecution at its usual latency while three runaway evaluations run', async () => {
    const probe = await start(JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }), 'probe');
    const { stateMachineArn } = await client.send(
      new CreateStateMachineCommand({ name: 'endless', definition: jsonataMachine(ENDLESS), roleArn: ROLE_ARN }),
    );
    // StartExecution runs the first states before it answers, so these answer once their evaluations end.
    let answered = 0;
    const starts = [1, 2, 3].map((n) =>
      client.send(new StartExecutionCommand({ stateMachineArn, name: `runaway-${n}` })).then((started) => {
        answered++;
        return started.executionArn;
      }),
    );
    const latenciesMs: number[] = [];
    // Only calls made while no runaway has answered count: those ran while all three evaluated.
    while (latenciesMs.length < 30 && answered === 0) {
      const before = performance.now();
      await client.send(new DescribeExecutionCommand({ executionArn: probe }));
      if (answered === 0) latenciesMs.push(performance.now() - before);
    }
    expect(latenciesMs.length).toBeGreaterThanOrEqual(10);
    latenciesMs.sort((a, b) => a - b);
    const p99 = latenciesMs[Math.ceil(latenciesMs.length * 0.99) - 1] ?? Number.POSITIVE_INFINITY;
    expect(p99).toBeLessThan(1_000);

    for (const executionArn of await Promise.all(starts)) {
      const ended = await waitForExecutionEnd(client, executionArn, TIMEOUT_MS * 5);
      expect(ended).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
      expect(ended.cause).toContain(`did not finish evaluating within ${TIMEOUT_MS} ms`);
    }
  });

  it('fails a state whose expression exhausts the evaluation memory, and the server lives on', async () => {
    const executionArn = await start(jsonataMachine("$pad('', 150000000, 'x')"), 'memory-bomb');
    const ended = await waitForExecutionEnd(client, executionArn, TIMEOUT_MS * 5);
    expect(ended).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    // Which bound it meets first depends on the machine's speed: either fails the state alone.
    expect(ended.cause).toMatch(
      /The JSONata expression specified for the field 'Output' (exceeded the evaluation memory limit|did not finish evaluating within)/,
    );
    expect(server.child.exitCode).toBeNull();
    const after = await start(jsonataMachine('1 + 1'), 'after-the-bomb');
    expect(await waitForExecutionEnd(client, after)).toMatchObject({ status: 'SUCCEEDED', output: '2' });
  });

  it('fails a state whose expression returns more than the payload limit with States.DataLimitExceeded', async () => {
    const executionArn = await start(jsonataMachine("$pad('', 300000, 'x')"), 'too-large');
    const ended = await waitForExecutionEnd(client, executionArn);
    expect(ended).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });
});
