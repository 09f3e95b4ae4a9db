import type { StatefoldFacts } from '../history/index.js';

/**
 * A history event's object: its four common fields, its details field (`key`, when the event has
 * details) and its facts, written as one object literal.
 *
 * Events live as long as their history, so how V8 lays them out decides much of the cost of
 * keeping them: fields written into a new object after it was made go to a second, separate
 * property store, twice the objects to allocate and to move on every garbage collection. A
 * literal holds its fields in the object itself. A literal with a named field is also much faster
 * to build than one with a computed name (which goes through a generic, slow store once many
 * names share one site), so the details fields that nearly every history is made of are spelled
 * out below; the rest take the computed-name literal.
 */
export function assembleEvent(
  id: number,
  previousEventId: number,
  timestamp: string,
  type: string,
  key: string | undefined,
  value: unknown,
  statefold: StatefoldFacts | undefined,
): Record<string, unknown> {
  if (key === undefined) {
    return statefold === undefined
      ? { id, previousEventId, timestamp, type }
      : { id, previousEventId, timestamp, type, statefold };
  }
  return statefold === undefined
    ? withDetails(id, previousEventId, timestamp, type, key, value)
    : withDetailsAndFacts(id, previousEventId, timestamp, type, key, value, statefold);
}

function withDetails(
  id: number,
  previousEventId: number,
  timestamp: string,
  type: string,
  key: string,
  value: unknown,
): Record<string, unknown> {
  switch (key) {
    case 'stateEnteredEventDetails':
      return { id, previousEventId, timestamp, type, stateEnteredEventDetails: value };
    case 'stateExitedEventDetails':
      return { id, previousEventId, timestamp, type, stateExitedEventDetails: value };
    case 'executionStartedEventDetails':
      return { id, previousEventId, timestamp, type, executionStartedEventDetails: value };
    case 'executionSucceededEventDetails':
      return { id, previousEventId, timestamp, type, executionSucceededEventDetails: value };
    case 'taskScheduledEventDetails':
      return { id, previousEventId, timestamp, type, taskScheduledEventDetails: value };
    case 'taskStartedEventDetails':
      return { id, previousEventId, timestamp, type, taskStartedEventDetails: value };
    case 'taskSucceededEventDetails':
      return { id, previousEventId, timestamp, type, taskSucceededEventDetails: value };
    case 'lambdaFunctionScheduledEventDetails':
      return { id, previousEventId, timestamp, type, lambdaFunctionScheduledEventDetails: value };
    case 'lambdaFunctionSucceededEventDetails':
      return { id, previousEventId, timestamp, type, lambdaFunctionSucceededEventDetails: value };
    case 'mapStateStartedEventDetails':
      return { id, previousEventId, timestamp, type, mapStateStartedEventDetails: value };
    case 'mapIterationStartedEventDetails':
      return { id, previousEventId, timestamp, type, mapIterationStartedEventDetails: value };
    case 'mapIterationSucceededEventDetails':
      return { id, previousEventId, timestamp, type, mapIterationSucceededEventDetails: value };
    default:
      return { id, previousEventId, timestamp, type, [key]: value };
  }
}

function withDetailsAndFacts(
  id: number,
  previousEventId: number,
  timestamp: string,
  type: string,
  key: string,
  value: unknown,
  statefold: StatefoldFacts,
): Record<string, unknown> {
  switch (key) {
    case 'stateEnteredEventDetails':
      return { id, previousEventId, timestamp, type, stateEnteredEventDetails: value, statefold };
    case 'stateExitedEventDetails':
      return { id, previousEventId, timestamp, type, stateExitedEventDetails: value, statefold };
    case 'taskScheduledEventDetails':
      return { id, previousEventId, timestamp, type, taskScheduledEventDetails: value, statefold };
    case 'taskStartedEventDetails':
      return { id, previousEventId, timestamp, type, taskStartedEventDetails: value, statefold };
    case 'taskSucceededEventDetails':
      return { id, previousEventId, timestamp, type, taskSucceededEventDetails: value, statefold };
    case 'lambdaFunctionScheduledEventDetails':
      return { id, previousEventId, timestamp, type, lambdaFunctionScheduledEventDetails: value, statefold };
    case 'lambdaFunctionSucceededEventDetails':
      return { id, previousEventId, timestamp, type, lambdaFunctionSucceededEventDetails: value, statefold };
    case 'mapStateStartedEventDetails':
      return { id, previousEventId, timestamp, type, mapStateStartedEventDetails: value, statefold };
    case 'mapIterationStartedEventDetails':
      return { id, previousEventId, timestamp, type, mapIterationStartedEventDetails: value, statefold };
    case 'mapIterationSucceededEventDetails':
      return { id, previousEventId, timestamp, type, mapIterationSucceededEventDetails: value, statefold };
    default:
      return { id, previousEventId, timestamp, type, [key]: value, statefold };
  }
}
