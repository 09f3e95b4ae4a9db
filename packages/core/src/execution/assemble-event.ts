/**
 * A history event's object: its four common fields and its details field (`key`, when the event
 * has details), written as one object literal. (statefold's facts are not part of it: they travel
 * beside it, in the `RecordedEvent`.)
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
): Record<string, unknown> {
  if (key === undefined) return { id, previousEventId, timestamp, type };
  return withDetails(id, previousEventId, timestamp, type, key, value);
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
