import type { ExecutionStatus, HistoryEventType } from '../history/index.js';
import { pendingEffects, type Trigger } from '../execution/index.js';
import type { Given, TimedTrigger } from './given-when-then.js';

// Histories that between them hold every event type statefold emits, for tests that must see each
// event type at least once (evolve-equivalence.test.ts folds them with evolve and its fast path).
// Each is a state machine and the triggers that drive it, given/when/then style; a trigger that
// names a task or timer finds its id in the execution so far. Plain code, no test framework.

/** The test clock's zero: the time of `envAt(0)`. */
export const T0 = Date.parse('2024-01-01T00:00:00.000Z');
const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:work';
const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:work';
/** Who every covering execution is. */
export const IDENTITY = {
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:sm:run',
  name: 'run',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:sm',
  stateMachineName: 'sm',
};

/** Every event type: a new one fails to compile here until a history below covers it or NOT_EMITTED lists it. */
export const EVENT_TYPES = {
  ExecutionStarted: true,
  ExecutionSucceeded: true,
  ExecutionFailed: true,
  ExecutionAborted: true,
  ExecutionTimedOut: true,
  ExecutionRedriven: true,
  PassStateEntered: true,
  PassStateExited: true,
  ChoiceStateEntered: true,
  ChoiceStateExited: true,
  WaitStateEntered: true,
  WaitStateExited: true,
  WaitStateAborted: true,
  SucceedStateEntered: true,
  SucceedStateExited: true,
  FailStateEntered: true,
  TaskStateEntered: true,
  TaskStateExited: true,
  TaskStateAborted: true,
  ParallelStateEntered: true,
  ParallelStateExited: true,
  ParallelStateStarted: true,
  ParallelStateSucceeded: true,
  ParallelStateFailed: true,
  ParallelStateAborted: true,
  MapStateEntered: true,
  MapStateExited: true,
  MapStateStarted: true,
  MapStateSucceeded: true,
  MapStateFailed: true,
  MapStateAborted: true,
  MapRunStarted: true,
  MapRunSucceeded: true,
  MapRunFailed: true,
  MapRunAborted: true,
  MapIterationStarted: true,
  MapIterationSucceeded: true,
  MapIterationFailed: true,
  MapIterationAborted: true,
  LambdaFunctionScheduled: true,
  LambdaFunctionScheduleFailed: true,
  LambdaFunctionStarted: true,
  LambdaFunctionStartFailed: true,
  LambdaFunctionSucceeded: true,
  LambdaFunctionFailed: true,
  LambdaFunctionTimedOut: true,
  ActivityScheduled: true,
  ActivityScheduleFailed: true,
  ActivityStarted: true,
  ActivitySucceeded: true,
  ActivityFailed: true,
  ActivityTimedOut: true,
  TaskScheduled: true,
  TaskStartFailed: true,
  TaskStarted: true,
  TaskSubmitFailed: true,
  TaskSubmitted: true,
  TaskSucceeded: true,
  TaskFailed: true,
  TaskTimedOut: true,
  EvaluationFailed: true,
} as const satisfies Record<HistoryEventType, true>;

/**
 * The types nothing in execution/ emits today, so no history can hold them (both folds still handle
 * them): there is no Distributed Map (MapRun*), and scheduling a Lambda
 * function or an activity never fails before its …Scheduled event (a failed call is …StartFailed).
 */
export const NOT_EMITTED = [
  'MapRunStarted',
  'MapRunSucceeded',
  'MapRunFailed',
  'MapRunAborted',
  'LambdaFunctionScheduleFailed',
  'ActivityScheduleFailed',
] as const satisfies readonly HistoryEventType[];

/** The next trigger of a history, read from the execution so far (event ids are found, not written down). */
export type Step = (execution: Given) => TimedTrigger;

/** The scheduled event id of the `nth` task still pending, oldest first. */
function taskId(execution: Given, nth = 0): number {
  const ids = Object.values(execution.state.threads)
    .flatMap((thread) => (thread.active?.task !== undefined ? [thread.active.task.scheduledEventId] : []))
    .sort((a, b) => a - b);
  const id = ids[nth];
  if (id === undefined) throw new Error(`No pending task #${nth} after event ${execution.state.lastEventId}`);
  return id;
}

const started: Step = (execution) => ({
  kind: 'TaskStarted',
  scheduledEventId: taskId(execution),
  workerName: 'worker',
});
const submitted: Step = (execution) => ({ kind: 'TaskSubmitted', scheduledEventId: taskId(execution), output: '{}' });
const succeeded: Step = (execution) => ({
  kind: 'TaskSucceeded',
  scheduledEventId: taskId(execution),
  output: '{"ok":true}',
});
const failed =
  (stage?: 'start' | 'submit', nth = 0): Step =>
  (execution) => ({
    kind: 'TaskFailed',
    scheduledEventId: taskId(execution, nth),
    error: 'Work.Failed',
    cause: 'it broke',
    ...(stage !== undefined ? { stage } : {}),
  });
const timedOut =
  (heartbeat: boolean): Step =>
  (execution) => ({ kind: 'TaskTimedOut', scheduledEventId: taskId(execution), heartbeat });
/** The earliest timer (a Wait or a retry delay) fires at its due time. */
const timerFired: Step = (execution) => {
  const timers = pendingEffects(execution.state).flatMap((effect) => (effect.kind === 'timer' ? [effect] : []));
  const first = timers.sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  if (first === undefined) throw new Error(`No timer after event ${execution.state.lastEventId}`);
  return [{ kind: 'TimerFired', key: first.key }, Date.parse(first.dueAt) - T0];
};
const at =
  (trigger: Trigger, atMs: number): Step =>
  () => [trigger, atMs];

/** A state machine, its input, and the triggers after Start that drive it to its end. */
export interface Scenario {
  readonly name: string;
  readonly definition: object;
  readonly input: unknown;
  readonly steps: readonly Step[];
  /** The status the steps leave the execution in. */
  readonly ends: ExecutionStatus;
}

const invoke = (next: object): object => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: 'work', 'Payload.$': '$' },
  ...next,
});

/** Histories that together cover every event type statefold emits (see `EVENT_TYPES`). */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'an activity that misses a heartbeat and a timeout, is retried, fails into a Catch and then succeeds',
    definition: {
      StartAt: 'Work',
      TimeoutSeconds: 3600,
      States: {
        Work: {
          Type: 'Task',
          Resource: ACTIVITY,
          TimeoutSeconds: 300,
          HeartbeatSeconds: 60,
          Retry: [{ ErrorEquals: ['States.HeartbeatTimeout', 'States.Timeout'], IntervalSeconds: 2, MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Again' }],
          Next: 'Done',
        },
        Again: { Type: 'Task', Resource: ACTIVITY, ResultPath: '$.again', Next: 'Done' },
        Done: { Type: 'Succeed' },
      },
    },
    input: { job: 1 },
    steps: [
      started,
      timedOut(true),
      timerFired,
      started,
      timedOut(false),
      timerFired,
      started,
      failed(),
      started,
      succeeded,
    ],
    ends: 'SUCCEEDED',
  },
  {
    name: 'a Lambda function that fails to start, fails and times out, each retried with jitter, then leads to a Fail',
    definition: {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: FUNCTION,
          TimeoutSeconds: 30,
          Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 3, JitterStrategy: 'FULL' }],
          ResultPath: '$.result',
          Next: 'Route',
        },
        Route: {
          Type: 'Choice',
          Choices: [{ Variable: '$.result.ok', BooleanEquals: true, Next: 'Note' }],
          Default: 'Done',
        },
        Note: { Type: 'Pass', Assign: { 'seen.$': '$' }, Result: 'noted', ResultPath: '$.note', Next: 'Stop' },
        Stop: { Type: 'Fail', Error: 'Scenario.Stop', Cause: 'the end' },
        Done: { Type: 'Succeed' },
      },
    },
    input: { n: 1 },
    steps: [failed('start'), timerFired, failed(), timerFired, timedOut(false), timerFired, succeeded],
    ends: 'FAILED',
  },
  {
    name: 'a .waitForTaskToken call that fails to submit, to start and on its heartbeat, then succeeds, waits and fails',
    definition: {
      StartAt: 'Send',
      States: {
        Send: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { QueueUrl: 'https://queue', MessageBody: { 'token.$': '$$.Task.Token' } },
          HeartbeatSeconds: 60,
          TimeoutSeconds: 600,
          Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 4 }],
          Next: 'Pause',
        },
        Pause: { Type: 'Wait', Seconds: 10, Next: 'Invoke' },
        Invoke: invoke({ End: true }),
      },
    },
    input: { n: 2 },
    steps: [
      failed('submit'),
      timerFired,
      failed('start'),
      timerFired,
      submitted,
      timedOut(true),
      timerFired,
      submitted,
      succeeded,
      timerFired,
      failed(),
    ],
    ends: 'FAILED',
  },
  {
    name: 'a StopExecution while a Parallel waits in a Wait, an activity and a Map of Waits',
    definition: {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Sleep', States: { Sleep: { Type: 'Wait', Seconds: 100, End: true } } },
            { StartAt: 'Ask', States: { Ask: { Type: 'Task', Resource: ACTIVITY, End: true } } },
            {
              StartAt: 'Each',
              States: {
                Each: {
                  Type: 'Map',
                  ItemsPath: '$.items',
                  ItemProcessor: { StartAt: 'Nap', States: { Nap: { Type: 'Wait', Seconds: 100, End: true } } },
                  End: true,
                },
              },
            },
          ],
          End: true,
        },
      },
    },
    input: { items: [1, 2] },
    steps: [
      started,
      at({ kind: 'StopRequested', error: 'Stopped', cause: 'by a test' }, 5_000),
      at({ kind: 'Redrive', clientToken: 'again' }, 6_000),
      at({ kind: 'StopRequested' }, 7_000),
    ],
    ends: 'ABORTED',
  },
  {
    name: 'a Parallel whose second branch fails, redriven: the first branch is carried, the second runs again',
    definition: {
      StartAt: 'Fan',
      TimeoutSeconds: 600,
      States: {
        Fan: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Quick', States: { Quick: { Type: 'Pass', Result: 1, End: true } } },
            { StartAt: 'Call', States: { Call: invoke({ End: true }) } },
          ],
          End: true,
        },
      },
    },
    input: { n: 1 },
    steps: [failed(), at({ kind: 'Redrive' }, 1_000), succeeded],
    ends: 'SUCCEEDED',
  },
  {
    name: 'an execution timeout while a Map runs Lambda invocations one at a time',
    definition: {
      StartAt: 'Each',
      TimeoutSeconds: 60,
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: 1,
          ItemProcessor: { StartAt: 'Call', States: { Call: invoke({ End: true }) } },
          End: true,
        },
      },
    },
    input: { items: [1, 2, 3] },
    steps: [succeeded, at({ kind: 'ExecutionTimedOut' }, 60_000)],
    ends: 'TIMED_OUT',
  },
  {
    name: 'a Map that tolerates a failure, one that does not (caught), and Parallels that succeed and fail',
    definition: {
      StartAt: 'Tolerant',
      States: {
        Tolerant: {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: 2,
          ToleratedFailureCount: 1,
          ItemProcessor: { StartAt: 'Call', States: { Call: invoke({ End: true }) } },
          ResultPath: '$.tolerant',
          Next: 'Strict',
        },
        Strict: {
          Type: 'Map',
          ItemsPath: '$.items',
          ToleratedFailurePercentage: 10,
          ItemProcessor: { StartAt: 'CallEach', States: { CallEach: invoke({ End: true }) } },
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.strict', Next: 'Pair' }],
          Next: 'Pair',
        },
        Pair: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Left', States: { Left: { Type: 'Pass', Result: 'left', End: true } } },
            { StartAt: 'Right', States: { Right: { Type: 'Pass', Result: 'right', End: true } } },
          ],
          ResultPath: '$.pair',
          Next: 'Split',
        },
        Split: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Fine', States: { Fine: { Type: 'Pass', End: true } } },
            { StartAt: 'Broken', States: { Broken: { Type: 'Fail', Error: 'Branch.Broken', Cause: 'on purpose' } } },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.split', Next: 'Done' }],
          Next: 'Done',
        },
        Done: { Type: 'Pass', End: true },
      },
    },
    input: { items: [1, 2, 3] },
    steps: [failed(), succeeded, succeeded, failed(undefined, 1)],
    ends: 'SUCCEEDED',
  },
  {
    name: 'a JSONata Choice whose Condition fails to evaluate after a Pass assigned variables',
    definition: {
      QueryLanguage: 'JSONata',
      StartAt: 'Note',
      States: {
        Note: { Type: 'Pass', Assign: { seen: '{% $states.input.n %}' }, Next: 'Route' },
        Route: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n %}', Next: 'Done' }], Default: 'Done' },
        Done: { Type: 'Succeed' },
      },
    },
    input: { n: 'yes' },
    steps: [],
    ends: 'FAILED',
  },
];
