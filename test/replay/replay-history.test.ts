import { beforeAll, describe, expect, it } from 'vitest';
import { parseDefinition, replayHistory, toWireEvent } from '@statefold/core';
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
      const identity = events[0]?.statefold?.execution;
      const wire = events.map((event) => toWireEvent(event));
      const report = replayHistory(
        parseDefinition(definition),
        wire as typeof events,
        identity !== undefined ? { identity } : {},
      );
      expect({ name, divergence: report.divergence }).toEqual({ name, divergence: undefined });
      expect(report.mode).toBe('aws');
      expect(report.events.map((event) => event.statefold?.thread)).toEqual(
        events.map((event) => event.statefold?.thread),
      );
    }
  });
});
