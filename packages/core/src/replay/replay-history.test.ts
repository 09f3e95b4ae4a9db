import { afterAll, describe, expect, it } from 'vitest';
import { parseDefinition, type StateMachineModel } from '../asl/index.js';
import { createDecideRuntime, type DecideEnv, type Trigger } from '../execution/index.js';
import type { EventFacts, RecordedEvent } from '../history/index.js';
import { given, when } from '../testing/given-when-then.js';
import { replayHistory } from './replay-history.js';

// replayHistory on histories that drew values at random: a statefold history hands them back to
// decide, and one whose draws are missing or out of kind diverges with a reason, never a crash.

const T0 = Date.parse('2024-01-01T00:00:00.000Z');
const IDENTITY = {
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:draws:run',
  name: 'run',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:draws',
  stateMachineName: 'draws',
};
const START: Trigger = { kind: 'Start', identity: IDENTITY, input: '{}', roleArn: 'role' };

const DRAWING = parseDefinition(
  JSON.stringify({
    StartAt: 'I',
    States: {
      I: { Type: 'Pass', Parameters: { 'r.$': 'States.MathRandom(0, 1000)', 'u.$': 'States.UUID()' }, Next: 'J' },
      J: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% { "r": $random(), "u": $uuid() } %}', End: true },
    },
  }),
);

const RETRYING = parseDefinition(
  JSON.stringify({
    StartAt: 'Id',
    States: {
      Id: { Type: 'Pass', Parameters: { 'id.$': 'States.UUID()' }, Next: 'T' },
      T: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f',
        Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 4, MaxAttempts: 2, JitterStrategy: 'FULL' }],
        End: true,
      },
    },
  }),
);

const runtime = createDecideRuntime();
afterAll(() => runtime.close());

/** An env drawing 0.37, 0.61, … and numbered UUIDs: values no replay would make up. */
function drawingEnv(): (atMs: number) => DecideEnv {
  let numbers = 0;
  let uuids = 0;
  return (atMs) => ({
    now: new Date(T0 + atMs),
    random: () => ((numbers += 1) * 0.37) % 1,
    uuid: () => `3f2a9c1e-0000-4000-8000-${String((uuids += 1)).padStart(12, '0')}`,
    runtime,
  });
}

/** The history of `steps` decided one after another, as the engine records it. */
function record(model: StateMachineModel, ...steps: [Trigger, number][]): readonly RecordedEvent[] {
  return given(model, drawingEnv(), ...steps).events;
}

/** `history` with the facts of event `id` changed. */
function withFacts(history: readonly RecordedEvent[], id: number, change: (facts: EventFacts) => EventFacts) {
  return history.map((recorded) =>
    recorded.event.id === id ? { event: recorded.event, facts: change(recorded.facts) } : recorded,
  );
}

function retried(): readonly RecordedEvent[] {
  return record(
    RETRYING,
    [START, 0],
    [{ kind: 'TaskFailed', scheduledEventId: 5, error: 'Boom', cause: 'first' }, 1_000],
    [{ kind: 'TimerFired', key: 7 }, 3_000],
    [{ kind: 'TaskSucceeded', scheduledEventId: 8, output: '{"ok":true}' }, 4_000],
  );
}

describe('replayHistory of a history that drew values at random', () => {
  it('hands decide the values drawn, so that it reproduces every event exactly', () => {
    const history = record(DRAWING, [START, 0]);
    expect(history.map(({ facts }) => facts.draws)).toEqual([
      undefined,
      undefined,
      [0.37, '3f2a9c1e-0000-4000-8000-000000000001'],
      undefined,
      [0.74, '3f2a9c1e-0000-4000-8000-000000000002'],
      undefined,
    ]);
    const report = replayHistory(DRAWING, history);
    expect(report.divergence).toBeUndefined();
    expect(report).toMatchObject({ mode: 'statefold', matchedEvents: history.length });
  });

  it('reproduces a jittered retry delay and a task of its own exactly', () => {
    const history = retried();
    const failed = history.find(({ event }) => event.type === 'LambdaFunctionFailed');
    expect(failed?.facts).toMatchObject({ retrierIndex: 0, draws: [0.37] });
    expect(replayHistory(RETRYING, history).divergence).toBeUndefined();
    // The same history with the delay edited no longer matches: it is compared exactly, not as a range.
    const edited = withFacts(history, failed?.event.id ?? 0, (facts) => ({
      ...facts,
      dueAt: '2024-01-01T00:00:02.000Z',
    }));
    expect(replayHistory(RETRYING, edited).divergence?.differences.map(({ path }) => path)).toEqual(['facts.dueAt']);
  });

  it('diverges where a draw the history lacks was needed, naming the draws', () => {
    const history = withFacts(record(DRAWING, [START, 0]), 3, ({ draws: _removed, ...facts }) => facts);
    const report = replayHistory(DRAWING, history);
    expect(report.matchedEvents).toBe(2);
    expect(report.divergence).toMatchObject({ eventId: 3, recorded: { facts: {} } });
    expect(report.divergence?.reason).toBe(
      "Event 3 recorded PassStateExited 'I'; the definition draws a number and a UUID there, where the history recorded nothing.",
    );
  });

  it('diverges, and does not fail, when the history holds a UUID where a number is drawn', () => {
    const history = withFacts(record(DRAWING, [START, 0]), 3, (facts) => ({
      ...facts,
      draws: [...(facts.draws ?? [])].reverse(),
    }));
    expect(replayHistory(DRAWING, history).divergence?.reason).toBe(
      "Event 3 recorded PassStateExited 'I'; the definition draws a number and a UUID there, where the history recorded a UUID and a number.",
    );
  });

  it('diverges at the end of a history whose last draws are gone', () => {
    const history = withFacts(record(DRAWING, [START, 0]), 5, ({ draws: _removed, ...facts }) => facts);
    expect(replayHistory(DRAWING, history).divergence).toMatchObject({
      eventId: 5,
      reason:
        "Event 5 recorded PassStateExited 'J'; the definition draws a number and a UUID there, where the history recorded nothing.",
    });
  });

  it('replays a history stored before draws were recorded with stand-ins, as it did then', () => {
    const history = retried().map(({ event, facts: { draws: _notRecorded, ...facts } }) => ({ event, facts }));
    const report = replayHistory(RETRYING, history);
    expect(report.divergence).toBeUndefined();
    expect(report.mode).toBe('statefold');
  });
});

describe('replayHistory of a redriven history', () => {
  it('reads ExecutionRedriven as the redrive it was, and reproduces the events after it exactly', () => {
    const env = drawingEnv();
    // The Lambda task fails on every attempt (one try and two retries), the execution fails, and is redriven.
    let execution = given(RETRYING, env, [START, 0]);
    let atMs = 0;
    const pendingTask = (): number => {
      const task = Object.values(execution.state.threads).find((thread) => thread.active?.task)?.active?.task;
      if (task === undefined) throw new Error('no pending task');
      return task.scheduledEventId;
    };
    const next = (trigger: Trigger): void => {
      atMs += 1_000;
      execution = when(execution, trigger, atMs);
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      next({ kind: 'TaskFailed', scheduledEventId: pendingTask(), error: 'Boom', cause: `attempt ${attempt}` });
      const retry = Object.values(execution.state.threads).find((thread) => thread.active?.retry)?.active?.retry;
      if (retry !== undefined) next({ kind: 'TimerFired', key: retry.failedEventId });
    }
    expect(execution.state.status).toBe('FAILED');
    next({ kind: 'Redrive', clientToken: 'once' });
    next({ kind: 'TaskSucceeded', scheduledEventId: pendingTask(), output: '{"ok":true}' });
    const history = execution.events;
    const types = history.map(({ event }) => event.type);
    expect(types.slice(types.indexOf('ExecutionFailed'))).toEqual([
      'ExecutionFailed',
      'ExecutionRedriven',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    const report = replayHistory(RETRYING, history);
    expect(report.divergence).toBeUndefined();
    expect(report.matchedEvents).toBe(history.length);
  });
});
