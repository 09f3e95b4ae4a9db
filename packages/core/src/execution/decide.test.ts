import { afterAll, describe, expect, it } from 'vitest';
import { parseDefinition, type StateMachineModel } from '../asl/index.js';
import type { HistoryEvent, RecordedEvent } from '../history/index.js';
import { given, when } from '../testing/given-when-then.js';
import {
  createDecideRuntime,
  createTaskToken,
  decide,
  initialExecutionState,
  type DecideEnv,
  type Trigger,
} from './index.js';

// decide as given / when / then: fold the given triggers' events, apply one trigger, compare the new events.

const T0 = Date.parse('2024-01-01T00:00:00.000Z');
const ARN = 'arn:aws:states:us-east-1:123456789012:execution:sm:run';
const IDENTITY = {
  executionArn: ARN,
  name: 'run',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:sm',
  stateMachineName: 'sm',
};

const runtime = createDecideRuntime();
afterAll(() => runtime.close());

function env(atMs = 0, random = 0.5): DecideEnv {
  return { now: new Date(T0 + atMs), random: () => random, uuid: () => 'uuid-1', runtime };
}

function start(input: unknown = {}): Trigger {
  return { kind: 'Start', identity: IDENTITY, input: JSON.stringify(input), roleArn: 'role' };
}

function model(definition: object): StateMachineModel {
  return parseDefinition(JSON.stringify(definition));
}

const brief = (events: readonly RecordedEvent[]) => events.map(({ event: e }) => [e.id, e.previousEventId, e.type]);
/** The events alone, as the API shows them. */
const eventsOf = (recorded: readonly RecordedEvent[]): HistoryEvent[] => recorded.map(({ event }) => event);

describe('decide on Start', () => {
  it('runs Pass states to the end in one macrostep', () => {
    const m = model({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Result: 1, Next: 'B' }, B: { Type: 'Pass', End: true } },
    });
    const events = decide(m, initialExecutionState, start({ x: 1 }), env());
    expect(events.map(({ facts }) => facts)).toEqual([{ execution: IDENTITY }, {}, {}, {}, {}, {}]);
    expect(eventsOf(events)).toEqual([
      {
        id: 1,
        previousEventId: 0,
        timestamp: '2024-01-01T00:00:00.000Z',
        type: 'ExecutionStarted',
        executionStartedEventDetails: { input: '{"x":1}', inputDetails: { truncated: false }, roleArn: 'role' },
      },
      {
        id: 2,
        previousEventId: 0,
        timestamp: '2024-01-01T00:00:00.000Z',
        type: 'PassStateEntered',
        stateEnteredEventDetails: { name: 'A', input: '{"x":1}', inputDetails: { truncated: false } },
      },
      {
        id: 3,
        previousEventId: 2,
        timestamp: '2024-01-01T00:00:00.000Z',
        type: 'PassStateExited',
        stateExitedEventDetails: { name: 'A', output: '1', outputDetails: { truncated: false } },
      },
      {
        id: 4,
        previousEventId: 3,
        timestamp: '2024-01-01T00:00:00.000Z',
        type: 'PassStateEntered',
        stateEnteredEventDetails: { name: 'B', input: '1', inputDetails: { truncated: false } },
      },
      {
        id: 5,
        previousEventId: 4,
        timestamp: '2024-01-01T00:00:00.000Z',
        type: 'PassStateExited',
        stateExitedEventDetails: { name: 'B', output: '1', outputDetails: { truncated: false } },
      },
      {
        id: 6,
        previousEventId: 5,
        timestamp: '2024-01-01T00:00:00.000Z',
        type: 'ExecutionSucceeded',
        executionSucceededEventDetails: { output: '1', outputDetails: { truncated: false } },
      },
    ]);
  });

  it('compacts a spaced execution input at the first plain Pass and passes it on unchanged after', () => {
    const m = model({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } } });
    const spaced: Trigger = { kind: 'Start', identity: IDENTITY, input: '{ "x" : [1, 2.50] }', roleArn: 'role' };
    const events = eventsOf(decide(m, initialExecutionState, spaced, env()));
    const outputs = events.flatMap((e) => (e.type === 'PassStateExited' ? [e.stateExitedEventDetails.output] : []));
    expect(outputs).toEqual(['{"x":[1,2.5]}', '{"x":[1,2.5]}']);
  });

  it('records the execution deadline of TimeoutSeconds on ExecutionStarted', () => {
    const m = model({ TimeoutSeconds: 90, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1000, End: true } } });
    const [started] = decide(m, initialExecutionState, start(), env());
    expect(started?.facts.timeoutAt).toBe('2024-01-01T00:01:30.000Z');
  });

  it('yields nothing for a second Start', () => {
    const m = model({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 10, End: true } } });
    expect(when(given(m, env, start()), start()).newEvents).toEqual([]);
  });
});

describe('decide for a JSONata Choice', () => {
  const m = model({
    QueryLanguage: 'JSONata',
    StartAt: 'C',
    States: {
      C: {
        Type: 'Choice',
        Choices: [
          { Condition: false, Next: 'Never' },
          { Condition: '{% $states.input.n > 1 %}', Next: 'Big' },
          { Condition: true, Next: 'Small' },
        ],
      },
      Never: { Type: 'Fail' },
      Big: { Type: 'Succeed' },
      Small: { Type: 'Succeed' },
    },
  });
  const ending = (n: number) =>
    decide(m, initialExecutionState, start({ n }), env()).flatMap(({ event }) =>
      event.type === 'SucceedStateEntered' ? [event.stateEnteredEventDetails.name] : [],
    );

  it('takes the first rule whose Condition is true, a literal or an expression the runtime evaluates', () => {
    expect(ending(2)).toEqual(['Big']);
    expect(ending(0)).toEqual(['Small']);
  });
});

describe('decide for a Wait', () => {
  const m = model({
    StartAt: 'W',
    States: { W: { Type: 'Wait', Seconds: 10, Next: 'P' }, P: { Type: 'Pass', End: true } },
  });

  it('given a start, records the deadline on WaitStateEntered and blocks', () => {
    const { events } = given(m, env, start());
    expect(brief(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'WaitStateEntered'],
    ]);
    expect(events[1]?.facts).toEqual({ dueAt: '2024-01-01T00:00:10.000Z' });
  });

  it('when its timer fires, leaves and runs on', () => {
    expect(brief(when(given(m, env, start()), { kind: 'TimerFired', key: 2 }, 10_000).newEvents)).toEqual([
      [3, 2, 'WaitStateExited'],
      [4, 3, 'PassStateEntered'],
      [5, 4, 'PassStateExited'],
      [6, 5, 'ExecutionSucceeded'],
    ]);
  });

  it('ignores a timer that is not its own, and a timer that fires twice', () => {
    const waiting = given(m, env, start());
    expect(when(waiting, { kind: 'TimerFired', key: 7 }, 10_000).newEvents).toEqual([]);
    const fired = when(waiting, { kind: 'TimerFired', key: 2 }, 10_000);
    expect(when(fired, { kind: 'TimerFired', key: 2 }, 10_000).newEvents).toEqual([]);
  });

  it('when stopped, aborts the Wait and then the execution', () => {
    const events = when(given(m, env, start()), { kind: 'StopRequested', error: 'E', cause: 'C' }, 5_000).newEvents;
    expect(brief(events)).toEqual([
      [3, 2, 'WaitStateAborted'],
      [4, 3, 'ExecutionAborted'],
    ]);
    expect(events[1]?.event).toMatchObject({
      executionAbortedEventDetails: { error: 'E', cause: 'C' },
      timestamp: '2024-01-01T00:00:05.000Z',
    });
  });

  it('when the execution times out, aborts the Wait and records ExecutionTimedOut', () => {
    const events = when(given(m, env, start()), { kind: 'ExecutionTimedOut' }, 5_000).newEvents;
    expect(brief(events)).toEqual([
      [3, 2, 'WaitStateAborted'],
      [4, 3, 'ExecutionTimedOut'],
    ]);
    expect(events[1]?.event).toMatchObject({ executionTimedOutEventDetails: { error: 'States.Timeout' } });
  });
});

describe('decide for a Lambda Task with Retry and Catch', () => {
  const m = model({
    StartAt: 'T',
    States: {
      T: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f',
        Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 4, MaxAttempts: 1, JitterStrategy: 'FULL' }],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    },
  });

  it('given a start, schedules the function and blocks', () => {
    const { events } = given(m, env, start({ a: 1 }));
    expect(brief(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'LambdaFunctionScheduled'],
      [4, 3, 'LambdaFunctionStarted'],
    ]);
  });

  it('when the function fails with a retried error, records the jittered retry time, the number drawn, and blocks', () => {
    const failed = { kind: 'TaskFailed', scheduledEventId: 3, error: 'Boom', cause: 'c' } as const;
    const events = when(given(m, env, start()), failed, 1_000, env(1_000, 0.25)).newEvents;
    expect(events).toEqual([
      {
        event: {
          id: 5,
          previousEventId: 4,
          timestamp: '2024-01-01T00:00:01.000Z',
          type: 'LambdaFunctionFailed',
          lambdaFunctionFailedEventDetails: { error: 'Boom', cause: 'c' },
        },
        facts: { dueAt: '2024-01-01T00:00:02.000Z', retrierIndex: 0, draws: [0.25] },
      },
    ]);
  });

  it('when the retry timer fires, schedules the function again', () => {
    const failed = given(m, env, start(), [
      { kind: 'TaskFailed', scheduledEventId: 3, error: 'Boom', cause: 'c' },
      1_000,
    ]);
    expect(brief(when(failed, { kind: 'TimerFired', key: 5 }, 3_000).newEvents)).toEqual([
      [6, 5, 'LambdaFunctionScheduled'],
      [7, 6, 'LambdaFunctionStarted'],
    ]);
  });

  it('when the retries are spent, catches the error', () => {
    const retried = given(
      m,
      env,
      start(),
      [{ kind: 'TaskFailed', scheduledEventId: 3, error: 'Boom', cause: 'c' }, 1_000],
      [{ kind: 'TimerFired', key: 5 }, 3_000],
    );
    const events = when(
      retried,
      { kind: 'TaskFailed', scheduledEventId: 6, error: 'Boom', cause: 'again' },
      4_000,
    ).newEvents;
    expect(brief(events)).toEqual([
      [8, 7, 'LambdaFunctionFailed'],
      [9, 8, 'TaskStateExited'],
      [10, 9, 'PassStateEntered'],
      [11, 10, 'PassStateExited'],
      [12, 11, 'ExecutionSucceeded'],
    ]);
    expect(events.at(-1)?.event).toMatchObject({
      executionSucceededEventDetails: { output: '{"Error":"Boom","Cause":"again"}' },
    });
  });

  it('ignores a result for a task that is no longer pending', () => {
    const { state } = given(m, env, start(), [{ kind: 'TaskSucceeded', scheduledEventId: 3, output: '1' }, 1_000]);
    expect(state.status).toBe('SUCCEEDED');
    const pending = given(m, env, start());
    expect(when(pending, { kind: 'TaskSucceeded', scheduledEventId: 99, output: '1' }).newEvents).toEqual([]);
  });

  it('when the task times out, fails it with States.Timeout, which the Catch takes', () => {
    const timedOut = when(
      given(m, env, start()),
      { kind: 'TaskTimedOut', scheduledEventId: 3, heartbeat: false },
      60_000,
    );
    expect(brief(timedOut.newEvents)).toEqual([
      [5, 4, 'LambdaFunctionTimedOut'],
      [6, 5, 'TaskStateExited'],
      [7, 6, 'PassStateEntered'],
      [8, 7, 'PassStateExited'],
      [9, 8, 'ExecutionSucceeded'],
    ]);
  });
});

describe('decide for an activity', () => {
  const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:a';
  const m = model({
    StartAt: 'T',
    States: { T: { Type: 'Task', Resource: ACTIVITY, HeartbeatSeconds: 5, End: true } },
  });

  it('given a start, schedules it with a token that names the execution and the scheduling event', () => {
    const { events } = given(m, env, start({ job: 1 }));
    expect(events.at(-1)).toMatchObject({
      event: {
        id: 3,
        type: 'ActivityScheduled',
        activityScheduledEventDetails: { resource: ACTIVITY, input: '{"job":1}', heartbeatInSeconds: 5 },
      },
      facts: {
        taskToken: createTaskToken({ executionArn: ARN, scheduledEventId: 3 }, 'uuid-1'),
        heartbeatSeconds: 5,
        // The token's nonce is a UUID drawn from the env.
        draws: ['uuid-1'],
      },
    });
  });

  it('when a worker takes it, records ActivityStarted with the worker once', () => {
    const started = when(given(m, env, start()), { kind: 'TaskStarted', scheduledEventId: 3, workerName: 'w' }, 1_000);
    expect(started.newEvents).toEqual([
      {
        event: {
          id: 4,
          previousEventId: 3,
          timestamp: '2024-01-01T00:00:01.000Z',
          type: 'ActivityStarted',
          activityStartedEventDetails: { workerName: 'w' },
        },
        facts: {},
      },
    ]);
    expect(when(started, { kind: 'TaskStarted', scheduledEventId: 3, workerName: 'other' }, 2_000).newEvents).toEqual(
      [],
    );
  });

  it('when its heartbeat runs out, times out with States.HeartbeatTimeout', () => {
    const working = given(m, env, start(), [{ kind: 'TaskStarted', scheduledEventId: 3 }, 1_000]);
    const events = when(working, { kind: 'TaskTimedOut', scheduledEventId: 3, heartbeat: true }, 6_000).newEvents;
    expect(brief(events)).toEqual([
      [5, 4, 'ActivityTimedOut'],
      [6, 5, 'ExecutionFailed'],
    ]);
    expect(events[0]?.event).toMatchObject({ activityTimedOutEventDetails: { error: 'States.HeartbeatTimeout' } });
  });
});

describe('decide for a .waitForTaskToken integration', () => {
  const m = model({
    StartAt: 'T',
    States: {
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Parameters: { 'token.$': '$$.Task.Token' },
        End: true,
      },
    },
  });

  it("puts the token in the parameters, records the submission, then the token holder's answer", () => {
    const first = given(m, env, start());
    const token = createTaskToken({ executionArn: ARN, scheduledEventId: 3 }, 'uuid-1');
    expect(first.events[2]?.event).toMatchObject({
      type: 'TaskScheduled',
      taskScheduledEventDetails: {
        resourceType: 'sqs',
        resource: 'sendMessage.waitForTaskToken',
        region: 'us-east-1',
        parameters: JSON.stringify({ token }),
      },
    });
    const submitted = when(first, { kind: 'TaskSubmitted', scheduledEventId: 3, output: '{"MessageId":"m"}' }, 1);
    expect(brief(submitted.newEvents)).toEqual([[5, 4, 'TaskSubmitted']]);
    expect(brief(when(submitted, { kind: 'TaskSucceeded', scheduledEventId: 3, output: '"ok"' }, 2).newEvents)).toEqual(
      [
        [6, 5, 'TaskSucceeded'],
        [7, 6, 'TaskStateExited'],
        [8, 7, 'ExecutionSucceeded'],
      ],
    );
  });
});

describe('decide for Parallel and Map', () => {
  it('runs branches as threads, each event carrying its thread', () => {
    const m = model({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Wait', Seconds: 1, End: true } } },
          ],
        },
      },
    });
    const running = given(m, env, start());
    expect(running.events.map(({ event, facts }) => [event.type, facts.thread])).toEqual([
      ['ExecutionStarted', undefined],
      ['ParallelStateEntered', undefined],
      ['ParallelStateStarted', undefined],
      ['PassStateEntered', '/3.0'],
      ['PassStateExited', '/3.0'],
      ['WaitStateEntered', '/3.1'],
    ]);
    expect(brief(when(running, { kind: 'TimerFired', key: 6 }, 1_000).newEvents)).toEqual([
      [7, 6, 'WaitStateExited'],
      [8, 7, 'ParallelStateSucceeded'],
      [9, 7, 'ParallelStateExited'],
      [10, 9, 'ExecutionSucceeded'],
    ]);
  });

  it('records the Map items and limits on MapStateStarted, and starts MaxConcurrency iterations', () => {
    const m = model({
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          MaxConcurrency: 2,
          ItemProcessor: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, End: true } } },
          End: true,
        },
      },
    });
    const { events } = given(m, env, start(['a', 'b', 'c']));
    expect(events[2]?.facts).toEqual({ map: { items: ['a', 'b', 'c'], maxConcurrency: 2 } });
    expect(events.filter(({ event }) => event.type === 'MapIterationStarted')).toHaveLength(2);
  });
});

describe('decide records what it draws', () => {
  /** An env whose numbers and UUIDs are numbered, so that each draw can be told apart. */
  function countingEnv(): DecideEnv {
    let numbers = 0;
    let uuids = 0;
    return {
      now: new Date(T0),
      random: () => (numbers += 1) / 8,
      uuid: () => `00000000-0000-4000-8000-${String((uuids += 1)).padStart(12, '0')}`,
      runtime,
    };
  }

  it('puts each value drawn on the next event, in the order drawn: intrinsics and JSONata alike', () => {
    const m = model({
      StartAt: 'I',
      States: {
        I: { Type: 'Pass', Parameters: { 'r.$': 'States.MathRandom(0, 8)', 'u.$': 'States.UUID()' }, Next: 'J' },
        J: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% { "r": $random(), "u": $uuid() } %}', End: true },
      },
    });
    const events = decide(m, initialExecutionState, start(), countingEnv());
    expect(events.map(({ event, facts }) => [event.type, facts.draws])).toEqual([
      ['ExecutionStarted', undefined],
      ['PassStateEntered', undefined],
      ['PassStateExited', [0.125, '00000000-0000-4000-8000-000000000001']],
      ['PassStateEntered', undefined],
      ['PassStateExited', [0.25, '00000000-0000-4000-8000-000000000002']],
      ['ExecutionSucceeded', undefined],
    ]);
    const output = events.at(-1)?.event;
    expect(output?.type === 'ExecutionSucceeded' && output.executionSucceededEventDetails.output).toBe(
      '{"r":0.25,"u":"00000000-0000-4000-8000-000000000002"}',
    );
  });

  it('keeps the draws of a Parallel branch on the events of its thread', () => {
    const m = model({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { 'u.$': 'States.UUID()' }, End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } },
          ],
        },
      },
    });
    const events = decide(m, initialExecutionState, start(), countingEnv());
    expect(
      events.filter(({ facts }) => facts.draws !== undefined).map(({ event, facts }) => [event.id, facts]),
    ).toEqual([
      [
        5,
        {
          thread: '/3.0',
          threadEnd: { output: '{"u":"00000000-0000-4000-8000-000000000001"}' },
          draws: ['00000000-0000-4000-8000-000000000001'],
        },
      ],
    ]);
  });
});
