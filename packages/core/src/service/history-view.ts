import type { HistoryEvent } from '../history/index.js';

// How GetExecutionHistory shows an event: `timestamp` becomes a `Date` (the store keeps ISO text),
// and with `includeExecutionData: false` every execution-data member of the details (payloads,
// task parameters, assigned variables, and their `…Details`) is left out, as AWS leaves it out.

const DATA_MEMBERS = [
  'input',
  'inputDetails',
  'output',
  'outputDetails',
  'parameters',
  'assignedVariables',
  'assignedVariablesDetails',
] as const;
type DataMember = (typeof DATA_MEMBERS)[number];

type OptionalData<D> = Omit<D, DataMember> & Partial<Pick<D, Extract<keyof D, DataMember>>>;
type WithOptionalData<E> = { readonly [K in keyof E]: K extends `${string}EventDetails` ? OptionalData<E[K]> : E[K] };

/**
 * A history event as the API returns it: `timestamp` is a `Date`, and the execution-data members
 * of its details are absent when the caller asked for no execution data.
 */
export type ApiHistoryEvent = HistoryEvent extends infer E
  ? E extends HistoryEvent
    ? Omit<WithOptionalData<E>, 'timestamp'> & { readonly timestamp: Date }
    : never
  : never;

/**
 * Converts a stored event to its API form (the event holds AWS's members only; statefold's facts
 * stay beside it in the store): `timestamp` as a `Date`, and `includeExecutionData: false` strips
 * payloads. Pure.
 */
export function toApiHistoryEvent(event: HistoryEvent, includeExecutionData: boolean): ApiHistoryEvent {
  const members = event as Readonly<Record<string, unknown>>;
  // Member by member into a new object (a loop, not entries and fromEntries: this runs for every
  // event of every GetExecutionHistory page). The keys are the event's own: AWS's member names.
  const api: Record<string, unknown> = {};
  for (const key in members) {
    const value = members[key];
    if (key === 'timestamp') api[key] = new Date(event.timestamp);
    else if (!includeExecutionData && key.endsWith('EventDetails') && typeof value === 'object' && value !== null)
      api[key] = withoutData(value);
    else api[key] = value;
  }
  // Trust boundary: the members are the event's own, with only those ApiHistoryEvent changes.
  return api as ApiHistoryEvent;
}

function withoutData(details: object): object {
  return Object.fromEntries(
    Object.entries(details).filter(([key]) => !(DATA_MEMBERS as readonly string[]).includes(key)),
  );
}
