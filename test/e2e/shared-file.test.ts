import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
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
  type TempDir,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// Two `statefold serve` processes on one SQLite file, each with every execution cached (the second
// recovered them at its start): calls that race for one task token or one execution from both
// sides must never both answer 200 when only one effect can be recorded.

const dirs: TempDir[] = [];
const clients: SFNClient[] = [];

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

afterAll(async () => {
  await killAllServerProcesses();
  for (const dir of dirs) await dir.remove();
});

const EXECUTIONS = 12;

async function twoProcessesWithTasks() {
  const dir = await createTempDir();
  dirs.push(dir);
  const db = `${dir.path}/statefold.db`;
  const first = await startServerProcess({ db });
  const a = createSdkClient(first.endpoint);
  clients.push(a);
  const { activityArn } = await a.send(new CreateActivityCommand({ name: 'work' }));
  const { stateMachineArn } = await a.send(
    new CreateStateMachineCommand({
      name: 'worker',
      roleArn: ROLE_ARN,
      definition: JSON.stringify({ StartAt: 'T', States: { T: { Type: 'Task', Resource: activityArn, End: true } } }),
    }),
  );
  const executionArns: string[] = [];
  for (let n = 0; n < EXECUTIONS; n++) {
    const started = await a.send(new StartExecutionCommand({ stateMachineArn, name: `e${n}`, input: `{"n":${n}}` }));
    executionArns.push(started.executionArn ?? '');
  }
  const second = await startServerProcess({ db });
  const b = createSdkClient(second.endpoint);
  clients.push(b);
  const tokens = new Map<number, string>();
  while (tokens.size < EXECUTIONS) {
    const task = await a.send(new GetActivityTaskCommand({ activityArn, workerName: 'w' }));
    tokens.set((JSON.parse(task.input ?? '{}') as { n: number }).n, task.taskToken ?? '');
  }
  return { a, b, executionArns, tokens, processes: [first, second] };
}

async function outcomeTypes(client: SFNClient, executionArn: string): Promise<string[]> {
  const { events = [] } = await client.send(new GetExecutionHistoryCommand({ executionArn }));
  expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
  return events
    .map((event) => event.type ?? '')
    .filter((type) => ['ActivitySucceeded', 'ActivityFailed', 'ExecutionAborted'].includes(type));
}

const settledName = (result: PromiseSettledResult<unknown>): string =>
  result.status === 'fulfilled' ? 'ok' : (result.reason as Error).name;

describe('two processes on one SQLite file', () => {
  it('answer exactly one of SendTaskSuccess and SendTaskFailure racing for a token, the other with TaskTimedOut', async () => {
    const { a, b, executionArns, tokens, processes } = await twoProcessesWithTasks();
    const races = await Promise.all(
      executionArns.map((_, n) =>
        Promise.allSettled([
          a.send(new SendTaskSuccessCommand({ taskToken: tokens.get(n), output: `{"from":"a"}` })),
          b.send(new SendTaskFailureCommand({ taskToken: tokens.get(n), error: 'FromB' })),
        ]),
      ),
    );
    for (const [n, race] of races.entries()) {
      const answers = race.map(settledName);
      expect(answers.sort()).toEqual(['TaskTimedOut', 'ok']);
      // The call that answered 200 is the one whose result the history records.
      const recorded = await outcomeTypes(a, executionArns[n] ?? '');
      expect(recorded).toEqual([race[0].status === 'fulfilled' ? 'ActivitySucceeded' : 'ActivityFailed']);
    }
    // A token used on one side is used on the other too, whichever call comes next.
    for (const taskToken of tokens.values()) {
      await expect(b.send(new SendTaskHeartbeatCommand({ taskToken }))).rejects.toMatchObject({
        name: 'TaskTimedOut',
      });
      await expect(a.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toMatchObject({
        name: 'TaskTimedOut',
      });
    }
    for (const server of processes) expect(server.stderr()).toBe('');
  });

  it('answer StopExecution racing SendTaskSuccess so that a 200 always means the effect was recorded', async () => {
    const { a, b, executionArns, tokens } = await twoProcessesWithTasks();
    const races = await Promise.all(
      executionArns.map((executionArn, n) =>
        Promise.allSettled([
          a.send(new StopExecutionCommand({ executionArn, error: 'Stopped' })),
          b.send(new SendTaskSuccessCommand({ taskToken: tokens.get(n), output: '{}' })),
        ]),
      ),
    );
    for (const [n, [stop, success]] of races.entries()) {
      // Stopping an execution that has ended succeeds as AWS's does; a result for an aborted task does not.
      expect(stop.status).toBe('fulfilled');
      const recorded = await outcomeTypes(a, executionArns[n] ?? '');
      expect(recorded).toEqual(success.status === 'fulfilled' ? ['ActivitySucceeded'] : ['ExecutionAborted']);
      if (success.status === 'rejected') expect((success.reason as Error).name).toBe('TaskTimedOut');
    }
  });
});
