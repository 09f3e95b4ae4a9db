import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { describe, expect, it, vi } from 'vitest';
import {
  ROLE_ARN,
  startServerProcess,
  useSuiteResources,
  waitForExecutionEnd,
  PROCESS_SUITE_TIMEOUTS,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// A real server process is stopped (gracefully, or killed) while executions wait on timers and
// activities; a new process on the same SQLite file resumes them and every one completes.

const WAIT_THEN_PASS = JSON.stringify({
  StartAt: 'W',
  States: { W: { Type: 'Wait', Seconds: 2, Next: 'P' }, P: { Type: 'Pass', Result: 'woke', End: true } },
});

const { newDir, clientFor } = useSuiteResources();

async function historyTypes(client: SFNClient, executionArn: string | undefined): Promise<string[]> {
  const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
  return (history.events ?? []).map((event) => event.type ?? '');
}

describe.each(['SIGTERM', 'SIGKILL'] as const)('a server stopped with %s', (signal) => {
  it('resumes waits and activities on restart, and every execution completes once', async () => {
    const dir = await newDir();
    const db = `${dir.path}/statefold.db`;
    const first = await startServerProcess({ db });
    const before = clientFor(first.endpoint);

    const waiter = await before.send(
      new CreateStateMachineCommand({ name: 'waiter', definition: WAIT_THEN_PASS, roleArn: ROLE_ARN }),
    );
    const { activityArn } = await before.send(new CreateActivityCommand({ name: 'work' }));
    const worker = await before.send(
      new CreateStateMachineCommand({
        name: 'worker',
        roleArn: ROLE_ARN,
        definition: JSON.stringify({
          StartAt: 'T',
          States: { T: { Type: 'Task', Resource: activityArn, HeartbeatSeconds: 120, End: true } },
        }),
      }),
    );
    const waits = await Promise.all(
      [1, 2, 3].map((n) =>
        before.send(new StartExecutionCommand({ stateMachineArn: waiter.stateMachineArn, name: `wait-${n}` })),
      ),
    );
    const taken = await before.send(
      new StartExecutionCommand({ stateMachineArn: worker.stateMachineArn, name: 'taken', input: '{"n":1}' }),
    );
    // A worker takes this task before the stop; the other task is still queued when the server stops.
    const takenTask = await before.send(new GetActivityTaskCommand({ activityArn, workerName: 'before-restart' }));
    expect(takenTask.input).toBe('{"n":1}');
    const queued = await before.send(
      new StartExecutionCommand({ stateMachineArn: worker.stateMachineArn, name: 'queued', input: '{"n":2}' }),
    );

    const exit = await first.stop(signal);
    expect(exit).toEqual(signal === 'SIGTERM' ? { code: 0, signal: null } : { code: null, signal: 'SIGKILL' });
    if (signal === 'SIGTERM') expect(first.stdout()).toMatch(/SIGTERM received, stopping\n[\s\S]*statefold stopped\n/);

    const second = await startServerProcess({ db });
    const after = clientFor(second.endpoint);
    // The token issued by the first process still completes its task in the second.
    await after.send(new SendTaskSuccessCommand({ taskToken: takenTask.taskToken, output: '{"done":1}' }));
    // The queued task is offered again to the workers of the new process.
    const queuedTask = await after.send(new GetActivityTaskCommand({ activityArn, workerName: 'after-restart' }));
    expect(queuedTask.input).toBe('{"n":2}');
    await after.send(new SendTaskHeartbeatCommand({ taskToken: queuedTask.taskToken }));
    await after.send(new SendTaskSuccessCommand({ taskToken: queuedTask.taskToken, output: '{"done":2}' }));

    expect(await after.send(new DescribeExecutionCommand({ executionArn: taken.executionArn }))).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"done":1}',
    });
    expect(await after.send(new DescribeExecutionCommand({ executionArn: queued.executionArn }))).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"done":2}',
    });
    for (const wait of waits) {
      expect(await waitForExecutionEnd(after, wait.executionArn)).toMatchObject({
        status: 'SUCCEEDED',
        output: '"woke"',
      });
      // Resuming appended nothing twice: the history is exactly one run of the machine.
      expect(await historyTypes(after, wait.executionArn)).toEqual([
        'ExecutionStarted',
        'WaitStateEntered',
        'WaitStateExited',
        'PassStateEntered',
        'PassStateExited',
        'ExecutionSucceeded',
      ]);
    }
    expect(await historyTypes(after, queued.executionArn)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivitySucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    const takenHistory = await after.send(new GetExecutionHistoryCommand({ executionArn: taken.executionArn }));
    expect(takenHistory.events?.find((event) => event.type === 'ActivityStarted')?.activityStartedEventDetails).toEqual(
      { workerName: 'before-restart' },
    );

    expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(first.stderr() + second.stderr()).toBe('');
  });
});
