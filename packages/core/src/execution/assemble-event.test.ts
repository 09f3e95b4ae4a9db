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
const FACTS = { thread: '4.0' };

describe('assembleEvent', () => {
  it.each(DETAILS_KEYS)('writes %s under its own name, after the common fields', (key) => {
    const value = { name: 'S' };
    const event = assembleEvent(7, 6, TIMESTAMP, 'SomeType', key, value, undefined);
    expect(Object.keys(event)).toEqual(['id', 'previousEventId', 'timestamp', 'type', key]);
    expect(event).toEqual({ id: 7, previousEventId: 6, timestamp: TIMESTAMP, type: 'SomeType', [key]: value });
    expect(event[key]).toBe(value);
  });

  it.each(DETAILS_KEYS)('writes %s and then the facts when there are facts', (key) => {
    const value = { name: 'S' };
    const event = assembleEvent(7, 6, TIMESTAMP, 'SomeType', key, value, FACTS);
    expect(Object.keys(event)).toEqual(['id', 'previousEventId', 'timestamp', 'type', key, 'statefold']);
    expect(event).toEqual({
      id: 7,
      previousEventId: 6,
      timestamp: TIMESTAMP,
      type: 'SomeType',
      [key]: value,
      statefold: FACTS,
    });
  });

  it('writes no details field for an event without details', () => {
    expect(assembleEvent(2, 1, TIMESTAMP, 'ParallelStateStarted', undefined, undefined, undefined)).toStrictEqual({
      id: 2,
      previousEventId: 1,
      timestamp: TIMESTAMP,
      type: 'ParallelStateStarted',
    });
    expect(Object.keys(assembleEvent(2, 1, TIMESTAMP, 'ParallelStateStarted', undefined, undefined, FACTS))).toEqual([
      'id',
      'previousEventId',
      'timestamp',
      'type',
      'statefold',
    ]);
  });
});
