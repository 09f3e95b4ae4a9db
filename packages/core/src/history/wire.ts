import type { HistoryEvent } from './events.js';

/** An event as the API returns it: AWS's members only (statefold's own facts removed). */
export type WireHistoryEvent = Omit<HistoryEvent, 'statefold'>;

/** Strips statefold's facts from an event for the API. Pure; returns the event itself when it has none. */
export function toWireEvent(event: HistoryEvent): WireHistoryEvent {
  if (event.statefold === undefined) return event;
  const { statefold: _facts, ...wire } = event;
  return wire;
}
