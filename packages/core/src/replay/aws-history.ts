import { NO_FACTS, type HistoryEvent, type RecordedEvent } from '../history/index.js';

/** A history file that is not what `aws stepfunctions get-execution-history` prints. */
export class HistoryFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryFileError';
  }
}

// Members AWS's CLI prints as JSON text, which hand-made or re-serialised files sometimes hold parsed.
const JSON_TEXT_MEMBERS = new Set(['input', 'output', 'parameters']);

/**
 * Reads a history as AWS prints it: the output of `aws stepfunctions get-execution-history`
 * (`{ "events": [...] }`, all pages, or an array of such pages, or a bare array of events), with
 * timestamps as ISO-8601 strings with any offset or as epoch seconds. Returns the events in id
 * order with statefold's timestamps (ISO-8601 UTC, milliseconds), each with no facts (AWS records
 * none; replay derives them). Throws `HistoryFileError` for anything else, naming what is wrong.
 */
export function parseAwsHistory(value: unknown): RecordedEvent[] {
  const events = collectEvents(value);
  const parsed = events.map((event, index) => toEvent(event, index));
  parsed.sort((a, b) => a.id - b.id);
  for (const [index, event] of parsed.entries()) {
    const previous = parsed[index - 1];
    if (previous !== undefined && previous.id === event.id)
      throw new HistoryFileError(`The history holds event ${event.id} twice`);
  }
  return parsed.map((event) => ({ event, facts: NO_FACTS }));
}

function collectEvents(value: unknown): unknown[] {
  if (Array.isArray(value)) {
    // An array of pages, or the events themselves.
    if (value.every((item) => isRecord(item) && Array.isArray(item['events'])))
      return value.flatMap((page) => (page as { events: unknown[] }).events);
    return value;
  }
  if (isRecord(value) && Array.isArray(value['events'])) return value['events'];
  throw new HistoryFileError(
    'A history is an object with "events" (as aws stepfunctions get-execution-history prints it), or an array of events',
  );
}

function toEvent(raw: unknown, index: number): HistoryEvent {
  if (!isRecord(raw)) throw new HistoryFileError(`Event ${index + 1} of the file is not an object`);
  const { id, previousEventId, timestamp, type } = raw;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1)
    throw new HistoryFileError(`Event ${index + 1} of the file has no positive integer "id"`);
  if (typeof type !== 'string') throw new HistoryFileError(`Event ${id} has no "type"`);
  const event: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(raw)) {
    // Facts a file claims (statefold's own member before facts had their own): replay derives them.
    if (key === 'statefold') continue;
    event[key] = key.endsWith('EventDetails') && isRecord(member) ? textMembers(member) : member;
  }
  event['previousEventId'] = typeof previousEventId === 'number' ? previousEventId : 0;
  event['timestamp'] = toIsoTimestamp(timestamp, id);
  // A trust boundary: the file's members are AWS's event shapes, which replay compares as they are.
  return event as unknown as HistoryEvent;
}

function textMembers(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (key === 'assignedVariables' && isRecord(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, variable]) => [
          name,
          typeof variable === 'string' ? variable : JSON.stringify(variable),
        ]),
      );
    } else {
      out[key] = JSON_TEXT_MEMBERS.has(key) && typeof value !== 'string' ? JSON.stringify(value) : value;
    }
  }
  return out;
}

function toIsoTimestamp(value: unknown, id: number): string {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(Math.round(value * 1000)).toISOString();
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  throw new HistoryFileError(`Event ${id} has no readable "timestamp" (ISO-8601 text or epoch seconds)`);
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
