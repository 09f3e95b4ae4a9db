import type { EventFacts, HistoryEvent, RecordedEvent } from '../history/index.js';

/** One line of a readable history. */
export interface TimelineEntry {
  readonly eventId: number;
  readonly previousEventId: number;
  readonly timestamp: string;
  /** Milliseconds since the first event. */
  readonly elapsedMs: number;
  readonly type: HistoryEvent['type'];
  /** The state the event belongs to, if any. */
  readonly stateName?: string;
  /** The Parallel branch or Map iteration, when statefold recorded it. */
  readonly thread?: string;
  /** A short detail: the input or output, the error, the resource, the deadline. */
  readonly detail: string;
}

const DETAIL_LENGTH = 80;

/** The timeline of a history (or of events after `startTime`, for a live tail). Pure. */
export function describeTimeline(events: readonly RecordedEvent[], startTime?: string): TimelineEntry[] {
  const start = Date.parse(startTime ?? events[0]?.event.timestamp ?? '');
  const stateOf = new Map<number, string>();
  return events.map(({ event, facts }) => {
    const own = ownStateName(event);
    const inherited = event.type.startsWith('Execution') ? undefined : stateOf.get(event.previousEventId);
    const stateName = own ?? inherited;
    // Later events of the same state link here; an exit hands no state on.
    if (stateName !== undefined && !event.type.endsWith('StateExited')) stateOf.set(event.id, stateName);
    return {
      eventId: event.id,
      previousEventId: event.previousEventId,
      timestamp: event.timestamp,
      elapsedMs: Number.isNaN(start) ? 0 : Date.parse(event.timestamp) - start,
      type: event.type,
      ...(stateName !== undefined ? { stateName } : {}),
      ...(facts.thread !== undefined ? { thread: facts.thread } : {}),
      detail: shorten(detailOf(event, facts)),
    };
  });
}

/** The timeline as aligned text lines: id, time since start, type, state name, detail. */
export function formatTimeline(entries: readonly TimelineEntry[]): string {
  return entries
    .map((entry) =>
      [
        String(entry.eventId).padStart(5),
        formatElapsed(entry.elapsedMs).padStart(10),
        entry.type.padEnd(26),
        (entry.stateName ?? '').padEnd(20),
        entry.detail,
      ]
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/** `+0.250s`, `+12.000s`, `+3m04.5s`, `+2h03m04s`. */
export function formatElapsed(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(ms);
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(3)}s`;
  const hours = Math.floor(abs / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const seconds = (abs % 60_000) / 1000;
  if (hours === 0) return `${sign}${minutes}m${seconds.toFixed(1).padStart(4, '0')}s`;
  return `${sign}${hours}h${String(minutes).padStart(2, '0')}m${String(Math.floor(seconds)).padStart(2, '0')}s`;
}

function ownStateName(event: HistoryEvent): string | undefined {
  if ('stateEnteredEventDetails' in event) return event.stateEnteredEventDetails.name;
  if ('stateExitedEventDetails' in event) return event.stateExitedEventDetails.name;
  return undefined;
}

function detailOf(event: HistoryEvent, facts: EventFacts): string {
  for (const [key, value] of Object.entries(event)) {
    if (!key.endsWith('EventDetails') || typeof value !== 'object' || value === null) continue;
    const details = value as Readonly<Record<string, unknown>>;
    if (typeof details['error'] === 'string' || typeof details['cause'] === 'string')
      return [details['error'], details['cause']].filter((part) => typeof part === 'string' && part !== '').join(': ');
    if (event.type === 'WaitStateEntered' && facts.dueAt !== undefined) return `until ${facts.dueAt}`;
    if (typeof details['output'] === 'string') return details['output'];
    if (typeof details['resource'] === 'string') return details['resource'];
    if (typeof details['input'] === 'string') return details['input'];
    if (typeof details['parameters'] === 'string') return details['parameters'];
    if (typeof details['index'] === 'number') return `index ${details['index']}`;
    if (typeof details['length'] === 'number') return `${details['length']} items`;
    if (typeof details['workerName'] === 'string') return `worker ${details['workerName']}`;
  }
  if (facts.dueAt !== undefined) return `retry at ${facts.dueAt}`;
  return '';
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > DETAIL_LENGTH ? `${line.slice(0, DETAIL_LENGTH - 3)}...` : line;
}
