import { beforeAll, describe, expect, it } from 'vitest';
import { HistoryIndex, NO_FACTS, stateAt, type HistoryEvent, type RecordedEvent } from '@statefold/core';
import { recordScenarios, type RecordedScenario } from './replay-scenarios.js';

let scenarios: RecordedScenario[];

/** A hand-written history: events that record no facts. */
const withoutFacts = (events: readonly HistoryEvent[]): RecordedEvent[] =>
  events.map((event) => ({ event, facts: NO_FACTS }));
beforeAll(async () => {
  scenarios = await recordScenarios();
});

const eventsOf = (name: string): readonly RecordedEvent[] => {
  const scenario = scenarios.find((s) => s.name === name);
  if (scenario === undefined) throw new Error(`No scenario ${name}`);
  return scenario.events;
};

describe('stateAt', () => {
  it('is the state before the first event at event 0', () => {
    expect(stateAt(eventsOf('a Fail state'), 0)).toMatchObject({
      eventId: 0,
      status: 'NOT_STARTED',
      threads: [],
      pendingEffects: [],
    });
  });

  it('shows the state a thread is in, its input, and the timer it waits for', () => {
    const events = eventsOf('an hour-long Wait');
    const snapshot = stateAt(events, 2);
    expect(snapshot).toMatchObject({
      eventId: 2,
      event: { event: { type: 'WaitStateEntered' }, facts: { dueAt: '2024-01-01T01:00:00.000Z' } },
      status: 'RUNNING',
      threads: [
        {
          threadId: '',
          stateName: 'W',
          stateType: 'Wait',
          input: '{}',
          enteredEventId: 2,
          waitUntil: '2024-01-01T01:00:00.000Z',
          retryCount: 0,
        },
      ],
      pendingEffects: [{ kind: 'timer', key: 2, dueAt: '2024-01-01T01:00:00.000Z' }],
    });
    expect(stateAt(events, events.length)).toMatchObject({ status: 'SUCCEEDED', threads: [], pendingEffects: [] });
  });

  it('counts retries and shows the retry timer between attempts', () => {
    const events = eventsOf('retries with backoff and jitter, then a Catch');
    const firstFailure = events.find(({ event }) => event.type === 'LambdaFunctionFailed')?.event;
    if (firstFailure === undefined) throw new Error('no failure');
    expect(stateAt(events, firstFailure.id)).toMatchObject({
      threads: [
        {
          stateName: 'T',
          retryCount: 1,
          retryAttempts: [1],
          retry: { failedEventId: firstFailure.id, dueAt: '2024-01-01T00:00:01.000Z' },
        },
      ],
      pendingEffects: [{ kind: 'timer', key: firstFailure.id, dueAt: '2024-01-01T00:00:01.000Z' }],
    });
  });

  it('lists every branch of a running Parallel and what each waits on', () => {
    const events = eventsOf('a Parallel of Lambda branches');
    const started = events.find(({ event }) => event.type === 'ParallelStateStarted')?.event;
    const firstDone = events.find(({ event }) => event.type === 'LambdaFunctionSucceeded')?.event;
    if (started === undefined || firstDone === undefined) throw new Error('no Parallel');
    const snapshot = stateAt(events, firstDone.id - 1);
    expect(snapshot.threads.map((t) => [t.threadId, t.stateName])).toEqual([
      ['', 'Both'],
      [`/${started.id}.0`, 'A'],
      [`/${started.id}.1`, 'C'],
    ]);
    expect(snapshot.pendingEffects.map((effect) => effect.kind).sort()).toEqual(['invoke', 'timer']);
  });

  it('shows the activity a worker has not picked up yet', () => {
    const events = eventsOf('an activity with a heartbeat');
    const scheduled = events.find(({ event }) => event.type === 'ActivityScheduled')?.event;
    if (scheduled === undefined) throw new Error('no activity');
    const snapshot = stateAt(events, scheduled.id);
    expect(snapshot.threads[0]?.task).toMatchObject({
      kind: 'activity',
      scheduledEventId: scheduled.id,
      started: false,
      heartbeatSeconds: 60,
    });
    expect(snapshot.pendingEffects.map((effect) => effect.kind)).toEqual(['task-timeout', 'activity']);
  });

  it('refuses an event id the history does not have', () => {
    expect(() => stateAt(eventsOf('a Fail state'), 99)).toThrow('The history has no event 99 (it has events 1 to 3)');
  });

  it('reads variables from the assignments recorded on state exits', () => {
    const at = '2024-01-01T00:00:00.000Z';
    const events: HistoryEvent[] = [
      {
        id: 1,
        previousEventId: 0,
        timestamp: at,
        type: 'ExecutionStarted',
        executionStartedEventDetails: { input: '{}', inputDetails: { truncated: false }, roleArn: 'r' },
      },
      {
        id: 2,
        previousEventId: 0,
        timestamp: at,
        type: 'PassStateEntered',
        stateEnteredEventDetails: { name: 'A', input: '{}', inputDetails: { truncated: false } },
      },
      {
        id: 3,
        previousEventId: 2,
        timestamp: at,
        type: 'PassStateExited',
        stateExitedEventDetails: {
          name: 'A',
          output: '{}',
          outputDetails: { truncated: false },
          assignedVariables: { total: '3', who: '"ann"' },
        },
      },
    ];
    expect(stateAt(withoutFacts(events), 2).variables).toEqual({});
    expect(stateAt(withoutFacts(events), 3).variables).toEqual({ total: 3, who: 'ann' });
    // A variable named __proto__ is a variable like the others, not the record's prototype.
    const proto = JSON.parse('{"__proto__":"{\\"v\\":1}"}') as Record<string, string>;
    const withProto = events.map((event) =>
      event.type === 'PassStateExited'
        ? { ...event, stateExitedEventDetails: { ...event.stateExitedEventDetails, assignedVariables: proto } }
        : event,
    );
    expect(JSON.stringify(stateAt(withoutFacts(withProto), 3).variables)).toBe('{"__proto__":{"v":1}}');
  });
});

describe('HistoryIndex', () => {
  it('gives the same snapshot as a full fold at every event', () => {
    for (const { events } of scenarios) {
      const index = new HistoryIndex(events, 3);
      for (const { event } of events) expect(index.stateAt(event.id)).toEqual(stateAt(events, event.id));
    }
  });

  it('answers for any event of a 25,000-event history by folding at most one interval', () => {
    const at = '2024-01-01T00:00:00.000Z';
    const events: HistoryEvent[] = [
      {
        id: 1,
        previousEventId: 0,
        timestamp: at,
        type: 'ExecutionStarted',
        executionStartedEventDetails: { input: '{}', inputDetails: { truncated: false }, roleArn: 'r' },
      },
    ];
    while (events.length < 25_000) {
      const id = events.length + 1;
      events.push(
        id % 2 === 0
          ? {
              id,
              previousEventId: id - 1,
              timestamp: at,
              type: 'PassStateEntered',
              stateEnteredEventDetails: { name: `S${id}`, input: '{"n":1}', inputDetails: { truncated: false } },
            }
          : {
              id,
              previousEventId: id - 1,
              timestamp: at,
              type: 'PassStateExited',
              stateExitedEventDetails: { name: `S${id - 1}`, output: '{"n":1}', outputDetails: { truncated: false } },
            },
      );
    }
    const history = withoutFacts(events);
    const index = new HistoryIndex(history, 250);
    expect(index.stateAt(24_998)).toMatchObject({ status: 'RUNNING', threads: [{ stateName: 'S24998' }] });
    expect(index.stateAt(24_999).threads[0]?.stateName).toBeUndefined();
    expect(index.stateAt(12_345)).toEqual(stateAt(history, 12_345));
  });
});
