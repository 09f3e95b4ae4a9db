import { describe, expect, it } from 'vitest';
import { assembleEvent } from './assemble-event.js';

// Every details field that has a spelled-out literal, and one that takes the generic literal.
const DETAILS_KEYS = [
  'stateEnteredEventDetails',
  'stateExitedEventDetails',
  'executionStartedEventDetails',
  'executionSucceededEventDetails',
  'taskScheduledEventDetails',
  'taskStartedEventDetails',
  'taskSucceededEventDetails',
  'lambdaFunctionScheduledEventDetails',
  'lambdaFunctionSucceededEventDetails',
  'mapStateStartedEventDetails',
  'mapIterationStartedEventDetails',
  'mapIterationSucceededEventDetails',
  'activityTimedOutEventDetails',
];
const TIMESTAMP = '2024-01-01T00:00:00.000Z';

describe('assembleEvent', () => {
  it.each(DETAILS_KEYS)('writes %s under its own name, after the common fields', (key) => {
    const value = { name: 'S' };
    const event = assembleEvent(7, 6, TIMESTAMP, 'SomeType', key, value);
    expect(Object.keys(event)).toEqual(['id', 'previousEventId', 'timestamp', 'type', key]);
    expect(event).toEqual({ id: 7, previousEventId: 6, timestamp: TIMESTAMP, type: 'SomeType', [key]: value });
    expect(event[key]).toBe(value);
  });

  it('writes no details field for an event without details', () => {
    expect(assembleEvent(2, 1, TIMESTAMP, 'ParallelStateStarted', undefined, undefined)).toStrictEqual({
      id: 2,
      previousEventId: 1,
      timestamp: TIMESTAMP,
      type: 'ParallelStateStarted',
    });
  });
});
