import { toWireEvent, type HistoryEvent } from '../history/index.js';

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
    ? Omit<WithOptionalData<E>, 'timestamp' | 'statefold'> & { readonly timestamp: Date }
    : never
  : never;

/**
 * Converts a stored event to its API form: AWS's members only (statefold's own facts stay in the
 * store), and `includeExecutionData: false` strips payloads. Pure.
 */
export function toApiHistoryEvent(event: HistoryEvent, includeExecutionData: boolean): ApiHistoryEvent {
  const entries = Object.entries(toWireEvent(event)).map(([key, value]): [string, unknown] => {
    if (key === 'timestamp') return [key, new Date(event.timestamp)];
    if (!includeExecutionData && key.endsWith('EventDetails') && typeof value === 'object' && value !== null) {
      return [key, withoutData(value)];
    }
    return [key, value];
  });
  // Trust boundary: the entries are the event's own, with only the members ApiHistoryEvent changes.
  return Object.fromEntries(entries) as ApiHistoryEvent;
}

function withoutData(details: object): object {
  return Object.fromEntries(
    Object.entries(details).filter(([key]) => !(DATA_MEMBERS as readonly string[]).includes(key)),
  );
}
