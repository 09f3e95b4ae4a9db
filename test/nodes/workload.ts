import { FakeClock } from '@statefold/core/testing';
import { memoryStore, StepFunctions } from '@statefold/core';

// Test-only: the mixed workload the several-nodes suite runs — Waits, retries, activities,
// Parallel and Map — and what each execution of it ends as when it runs uninterrupted in memory.

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/statefold-nodes';

export type Kind = 'wait' | 'retry' | 'activity' | 'map' | 'parallel';
export const KINDS: readonly Kind[] = ['wait', 'retry', 'activity', 'map', 'parallel'];

/** The definition of each kind; `activityArn` is the workers' activity. */
export function definitionOf(kind: Kind, activityArn: string): string {
  const done = { Type: 'Pass', Result: true, ResultPath: '$.done', End: true };
  switch (kind) {
    case 'wait':
      return JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, Next: 'D' }, D: done } });
    case 'retry':
      return JSON.stringify({
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Branches: [{ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Flaky', Cause: 'always' } } }],
            Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 }],
            Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'D' }],
            Next: 'D',
          },
          D: done,
        },
      });
    case 'activity':
      return JSON.stringify({ StartAt: 'T', States: { T: { Type: 'Task', Resource: activityArn, End: true } } });
    case 'map':
      return JSON.stringify({
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemsPath: '$.items',
            ItemProcessor: {
              StartAt: 'W',
              States: { W: { Type: 'Wait', Seconds: 1, Next: 'I' }, I: { Type: 'Pass', End: true } },
            },
            End: true,
          },
        },
      });
    case 'parallel':
      return JSON.stringify({
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, End: true } } },
              { StartAt: 'A', States: { A: { Type: 'Pass', Result: 'a', End: true } } },
            ],
            End: true,
          },
        },
      });
  }
}

/** The input of execution `n`. */
export function inputOf(n: number): string {
  return JSON.stringify({ n, items: [n, n + 1, n + 2] });
}

/** What a worker answers for an activity task's input. */
export function workerOutput(input: string): string {
  const { n } = JSON.parse(input) as { n: number };
  return JSON.stringify({ n, worked: true });
}

/** How an execution ended: its status, output, and its event types in sorted order (threads interleave freely). */
export interface Ending {
  readonly status: string;
  readonly output?: string;
  readonly types: readonly string[];
}

/** Runs every `{ kind, n }` in memory on a fake clock, with workers answering at once. */
export async function endingsInMemory(planned: readonly { kind: Kind; n: number }[]): Promise<Map<number, Ending>> {
  const clock = new FakeClock(new Date('2024-01-01T00:00:00Z'));
  const sfn = new StepFunctions({ store: memoryStore(), clock });
  const { activityArn } = await sfn.createActivity({ name: 'work' });
  const machines = new Map<Kind, string>();
  for (const kind of KINDS) {
    const created = await sfn.createStateMachine({
      name: kind,
      definition: definitionOf(kind, activityArn),
      roleArn: ROLE_ARN,
    });
    machines.set(kind, created.stateMachineArn);
  }
  const arns = new Map<number, string>();
  for (const { kind, n } of planned) {
    const started = await sfn.startExecution({
      stateMachineArn: machines.get(kind) ?? '',
      name: `e${n}`,
      input: inputOf(n),
    });
    arns.set(n, started.executionArn);
  }
  // Every activity task is queued by its start: each poll takes one at once (a poll with none would wait).
  for (const _ of planned.filter((planned) => planned.kind === 'activity')) {
    const task = await sfn.getActivityTask({ activityArn });
    await sfn.sendTaskSuccess({ taskToken: task.taskToken ?? '', output: workerOutput(task.input ?? '{}') });
  }
  for (let second = 0; second < 10; second++) await clock.advance(1_000);
  const endings = new Map<number, Ending>();
  for (const [n, executionArn] of arns) {
    const described = await sfn.describeExecution({ executionArn });
    const { events } = await sfn.getExecutionHistory({ executionArn, maxResults: 1000 });
    endings.set(n, {
      status: described.status,
      ...(described.output === undefined ? {} : { output: described.output }),
      types: events.map((event) => event.type).sort(),
    });
  }
  await sfn.close();
  return endings;
}
