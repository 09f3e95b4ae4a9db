import { beforeAll, describe, expect, it } from 'vitest';
import { NO_FACTS, parseDefinition, replayHistory, type RecordedEvent } from '@statefold/core';
import { recordScenarios, type RecordedScenario } from './replay-scenarios.js';

let scenarios: RecordedScenario[];
beforeAll(async () => {
  scenarios = await recordScenarios();
});

const recorded = (name: string): RecordedScenario => {
  const scenario = scenarios.find((s) => s.name === name);
  if (scenario === undefined) throw new Error(`No scenario ${name}`);
  return scenario;
};

/** The recorded definition with `edit` applied to a copy of it. */
const edited = (
  scenario: RecordedScenario,
  edit: (definition: { States: Record<string, Record<string, unknown>> }) => void,
): string => {
  const definition = JSON.parse(scenario.definition) as { States: Record<string, Record<string, unknown>> };
  edit(definition);
  return JSON.stringify(definition);
};

/** The history as AWS would print it: the events without statefold's facts. */
const wire = (events: readonly RecordedEvent[]): RecordedEvent[] =>
  events.map(({ event }) => ({ event, facts: NO_FACTS }));

describe('replayHistory against an edited definition', () => {
  it('names the exit whose output a changed Pass Result alters, with both values', () => {
    const scenario = recorded('Pass, Choice and Succeed');
    const definition = edited(scenario, (d) => {
      d.States['Init'] = { ...d.States['Init'], Result: { n: 4 } };
    });
    const report = replayHistory(parseDefinition(definition), scenario.events);
    expect(report.divergence).toMatchObject({
      eventId: 3,
      recorded: {
        event: { type: 'PassStateExited', stateExitedEventDetails: { output: '{"order":1,"counter":{"n":3}}' } },
      },
      decided: {
        event: { type: 'PassStateExited', stateExitedEventDetails: { output: '{"order":1,"counter":{"n":4}}' } },
      },
      differences: [
        {
          path: 'stateExitedEventDetails.output',
          recorded: '{"order":1,"counter":{"n":3}}',
          decided: '{"order":1,"counter":{"n":4}}',
        },
      ],
    });
    expect(report.matchedEvents).toBe(2);
    expect(report.divergence?.reason).toBe(
      `Event 3 recorded PassStateExited 'Init'; the definition decides stateExitedEventDetails.output = {"order":1,"counter":{"n":4}} (recorded {"order":1,"counter":{"n":3}}).`,
    );
  });

  it('names the entry of the state a changed Choice rule no longer picks', () => {
    const scenario = recorded('Pass, Choice and Succeed');
    const definition = edited(scenario, (d) => {
      d.States['Check'] = {
        Type: 'Choice',
        Choices: [{ Variable: '$.counter.n', NumericGreaterThan: 5, Next: 'Big' }],
        Default: 'Small',
      };
    });
    const report = replayHistory(parseDefinition(definition), scenario.events);
    expect(report.divergence).toMatchObject({
      eventId: 6,
      recorded: { event: { type: 'PassStateEntered', stateEnteredEventDetails: { name: 'Big' } } },
      decided: { event: { type: 'PassStateEntered', stateEnteredEventDetails: { name: 'Small' } } },
    });
  });

  it('names the failure a removed Retry would no longer retry', () => {
    const scenario = recorded('retries with backoff and jitter, then a Catch');
    const definition = edited(scenario, (d) => {
      const { Retry: _removed, ...task } = d.States['T'] ?? {};
      d.States['T'] = task;
    });
    const report = replayHistory(parseDefinition(definition), scenario.events);
    expect(report.divergence).toMatchObject({
      eventId: 5,
      recorded: { event: { type: 'LambdaFunctionFailed' } },
      decided: { event: { type: 'LambdaFunctionFailed' } },
    });
    // Without the Retry, nothing is drawn for a jittered delay either.
    expect(report.divergence?.differences.map((d) => d.path)).toEqual([
      'facts.retrierIndex',
      'facts.draws',
      'facts.dueAt',
    ]);
  });

  it('names a jittered retry whose recorded delay is longer than the edited backoff allows', () => {
    const scenario = recorded('retries with backoff and jitter, then a Catch');
    // Recorded with random() = 0.5: the second retry waited 2 s × 3¹ × 0.5 = 3 s; with the same draw, 2 s × 1¹ × 0.5 = 1 s now.
    const definition = edited(scenario, (d) => {
      d.States['T'] = {
        ...d.States['T'],
        Retry: [
          { ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 1, JitterStrategy: 'FULL' },
        ],
      };
    });
    const divergence = replayHistory(parseDefinition(definition), scenario.events).divergence;
    expect(divergence).toMatchObject({
      recorded: { event: { type: 'LambdaFunctionFailed' }, facts: { retrierIndex: 0, draws: [0.5] } },
    });
    expect(divergence?.eventId).toBeGreaterThan(5);
    expect(divergence?.differences.map((d) => d.path)).toEqual(['facts.dueAt']);
  });

  it('reports an event the definition no longer produces, and an end it no longer reaches', () => {
    const scenario = recorded('an hour-long Wait');
    const shorter = edited(scenario, (d) => {
      d.States['W'] = { Type: 'Wait', Seconds: 3600, End: true };
      delete d.States['P'];
    });
    const report = replayHistory(parseDefinition(shorter), scenario.events);
    expect(report.divergence).toMatchObject({
      eventId: 4,
      recorded: { event: { type: 'PassStateEntered' } },
      decided: { event: { type: 'ExecutionSucceeded' } },
    });

    // A running execution's history (the Wait not over yet) replays cleanly as far as it goes.
    const running = replayHistory(parseDefinition(scenario.definition), scenario.events.slice(0, 2));
    expect(running).toMatchObject({ matchedEvents: 2 });
    expect(running.divergence).toBeUndefined();
    // Events written by one decision cut in two: the definition goes on where the record stops.
    const cut = replayHistory(parseDefinition(scenario.definition), scenario.events.slice(0, 3));
    expect(cut.divergence).toMatchObject({ eventId: 4, decided: { event: { type: 'PassStateEntered' } } });
    expect(cut.divergence?.recorded).toBeUndefined();
  });

  it('finds the same divergence in the AWS form of the history', () => {
    const scenario = recorded('a Map with concurrency and tolerated failures');
    const definition = edited(scenario, (d) => {
      d.States['Each'] = { ...d.States['Each'], ItemSelector: { 'n.$': '$$.Map.Item.Value' } };
    });
    const events = scenario.events;
    const identity = events[0]?.facts.execution;
    const native = replayHistory(parseDefinition(definition), events);
    const aws = replayHistory(parseDefinition(definition), wire(events), identity !== undefined ? { identity } : {});
    expect(native.divergence).toMatchObject({
      recorded: { event: { type: 'TaskStateEntered', stateEnteredEventDetails: { input: '{"n":1,"index":0}' } } },
      decided: { event: { type: 'TaskStateEntered', stateEnteredEventDetails: { input: '{"n":1}' } } },
    });
    expect(aws.divergence).toMatchObject({
      eventId: native.divergence?.eventId,
      decided: { event: { stateEnteredEventDetails: { input: '{"n":1}' } } },
    });
  });
});
