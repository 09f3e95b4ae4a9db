import { beforeAll, describe, expect, it } from 'vitest';
import { NO_FACTS, parseDefinition, replayHistory } from '@statefold/core';
import { recordScenarios, type RecordedScenario } from './replay-scenarios.js';

let scenarios: RecordedScenario[];
beforeAll(async () => {
  scenarios = await recordScenarios();
});

describe('replayHistory against the definition a history ran with', () => {
  it('replays every recorded scenario cleanly, event for event', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(13);
    for (const { name, definition, events } of scenarios) {
      const report = replayHistory(parseDefinition(definition), events);
      expect({ name, divergence: report.divergence }).toEqual({ name, divergence: undefined });
      expect(report).toMatchObject({ mode: 'statefold', matchedEvents: events.length, recordedEvents: events.length });
      expect(report.events).toEqual(events);
    }
  });

  it('replays the same histories as AWS would print them (no statefold facts) and derives the facts again', () => {
    for (const { name, definition, events } of scenarios) {
      const identity = events[0]?.facts.execution;
      const wire = events.map(({ event }) => ({ event, facts: NO_FACTS }));
      const report = replayHistory(parseDefinition(definition), wire, identity !== undefined ? { identity } : {});
      expect({ name, divergence: report.divergence }).toEqual({ name, divergence: undefined });
      expect(report.mode).toBe('aws');
      expect(report.events.map(({ facts }) => facts.thread)).toEqual(events.map(({ facts }) => facts.thread));
    }
  });
});
