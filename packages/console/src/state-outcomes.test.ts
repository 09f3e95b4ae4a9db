import { StepFunctions, type ServiceTaskHandler } from '@statefold/core';
import { FakeClock } from '@statefold/core/testing';
import { memoryStore } from '@statefold/store-memory';
import { describe, expect, it } from 'vitest';
import { definitionGraph, type GraphNode } from './definition-graph.js';
import { stateOfEvents, stateOutcomes } from './state-outcomes.js';

// The graph's colours come from a real engine's history: a Task retried once, one caught, a
// Parallel whose branches both ran, a Map over two items, and a Choice branch never taken.
const DEFINITION = {
  StartAt: 'Flaky',
  States: {
    Flaky: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage',
      Retry: [{ ErrorEquals: ['Queue.Busy'], IntervalSeconds: 1, MaxAttempts: 2 }],
      ResultPath: null,
      Next: 'Broken',
    },
    Broken: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sns:publish',
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Both' }],
      End: true,
    },
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } },
        { StartAt: 'Right', States: { Right: { Type: 'Pass', End: true } } },
      ],
      ResultPath: null,
      Next: 'Each',
    },
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
      ResultPath: null,
      Next: 'Route',
    },
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.never', IsPresent: true, Next: 'Unused' }],
      Default: 'Done',
    },
    Unused: { Type: 'Pass', End: true },
    Done: { Type: 'Succeed' },
  },
};

async function recordedHistory() {
  let attempts = 0;
  const services: Record<string, ServiceTaskHandler> = {
    'arn:aws:states:::sqs:sendMessage': async () =>
      (attempts += 1) === 1 ? { ok: false, error: 'Queue.Busy', cause: 'try again' } : { ok: true, output: {} },
    'arn:aws:states:::sns:publish': async () => ({ ok: false, error: 'Topic.Gone', cause: 'no such topic' }),
  };
  const clock = new FakeClock(new Date('2024-01-01T00:00:00.000Z'));
  const store = memoryStore();
  const sfn = new StepFunctions({ store, clock, services });
  const { stateMachineArn } = await sfn.createStateMachine({
    name: 'outcomes',
    definition: JSON.stringify(DEFINITION),
    roleArn: 'arn:aws:iam::123456789012:role/console-test',
  });
  const { executionArn } = await sfn.startExecution({ stateMachineArn, input: JSON.stringify({ items: [1, 2] }) });
  await clock.settle();
  await clock.advance(1_000);
  await clock.settle();
  const events = await store.readEvents(executionArn);
  await sfn.close();
  return events;
}

describe('state outcomes', () => {
  it('colour each state by what happened to it in the history', async () => {
    const events = await recordedHistory();
    expect(events.at(-1)?.event.type).toBe('ExecutionSucceeded');
    const outcomes = stateOutcomes(events);
    const outcome = (name: string) => outcomes.get(name)?.outcome ?? 'not-reached';
    expect(outcome('Flaky')).toBe('retried');
    expect(outcome('Broken')).toBe('caught');
    expect(outcome('Both')).toBe('succeeded');
    expect(outcome('Left')).toBe('succeeded');
    expect(outcome('Right')).toBe('succeeded');
    expect(outcome('Item')).toBe('succeeded');
    expect(outcomes.get('Item')?.entered).toBe(2);
    expect(outcome('Unused')).toBe('not-reached');
    expect(outcome('Done')).toBe('succeeded');
    // Each task event belongs to the state whose thread scheduled it.
    const stepOf = stateOfEvents(outcomes);
    const scheduled = events
      .filter(({ event }) => event.type === 'TaskScheduled')
      .map(({ event }) => stepOf.get(event.id));
    expect(scheduled).toEqual(['Flaky', 'Flaky', 'Broken']);
  });

  it('mark a state failed when the execution ended on it, and running while it has not', async () => {
    const failing = [
      { event: { id: 1, previousEventId: 0, type: 'ExecutionStarted', timestamp: 't' }, facts: {} },
      {
        event: {
          id: 2,
          previousEventId: 1,
          type: 'TaskStateEntered',
          timestamp: 't',
          stateEnteredEventDetails: { name: 'T' },
        },
        facts: {},
      },
      { event: { id: 3, previousEventId: 2, type: 'TaskScheduled', timestamp: 't' }, facts: {} },
    ] as never;
    expect(stateOutcomes(failing).get('T')?.outcome).toBe('running');
    const failed = [
      ...(failing as unknown[]),
      { event: { id: 4, previousEventId: 3, type: 'TaskFailed', timestamp: 't' }, facts: {} },
      { event: { id: 5, previousEventId: 4, type: 'ExecutionFailed', timestamp: 't' }, facts: {} },
    ] as never;
    expect(stateOutcomes(failed).get('T')?.outcome).toBe('failed');
  });
});

describe('the definition graph', () => {
  const find = (node: GraphNode, id: string): GraphNode | undefined =>
    node.id === id ? node : (node.children ?? []).map((child) => find(child, id)).find((found) => found !== undefined);

  it('draws Parallel branches and a Map processor as groups, and labels Choice rules and Catches', () => {
    const graph = definitionGraph(JSON.stringify(DEFINITION));
    const both = find(graph, 'root/Both');
    expect(both?.kind).toBe('group');
    expect(both?.children?.map((child) => child.kind)).toEqual(['branch', 'branch']);
    expect(find(graph, 'root/Both/1/Right')?.stateName).toBe('Right');
    expect(find(graph, 'root/Each/0/Item')?.stateName).toBe('Item');
    const labels = (graph.edges ?? []).map((edge) => `${edge.kind}:${edge.labels?.[0]?.text ?? ''}`);
    expect(labels).toContain('catch:Catch States.ALL');
    expect(labels).toContain('choice:$.never IsPresent true');
    expect(labels).toContain('default:Default');
  });

  it('refuses text that is not a definition', () => {
    expect(() => definitionGraph('[1, 2]')).toThrow('not a JSON object');
  });
});
