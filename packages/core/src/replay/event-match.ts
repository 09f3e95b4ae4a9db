import { readTaskToken } from '../execution/index.js';
import type { HistoryEvent, RecordedEvent } from '../history/index.js';
import { matchesWithStandIns } from './replay-env.js';

/** One member where a recorded event and the event the definition decides differ. */
export interface EventDifference {
  /** Where, e.g. `stateEnteredEventDetails.name`, or `facts.dueAt` among statefold's facts. */
  readonly path: string;
  /** Absent when the recorded event has no such member. */
  readonly recorded?: unknown;
  /** Absent when the decided event has no such member. */
  readonly decided?: unknown;
}

/** How strictly events are compared. */
export interface MatchRules {
  /** statefold's own facts are compared (a history statefold recorded); AWS's histories have none. */
  readonly compareFacts: boolean;
  /**
   * The values drawn are compared among the facts: the history recorded them and decide drew the
   * same ones. Not for a history that holds none, where decide drew stand-ins.
   */
  readonly compareDraws: boolean;
  /** Ids and links are compared (a statefold history: the same ids in the same order). */
  readonly compareIds: boolean;
  /**
   * The decide call drew random numbers that the history does not record (a statefold history
   * stored before draws were recorded): a retry deadline may lie anywhere up to the decided one.
   */
  readonly jittered: boolean;
}

// Members whose text is JSON: compared as values, as AWS may order keys or space them differently.
const JSON_TEXT = new Set(['input', 'output', 'parameters']);
// Members AWS adds that say nothing about what was decided.
const AWS_ONLY = new Set(['inputDetails', 'outputDetails', 'assignedVariablesDetails', 'taskCredentials']);

/**
 * The differences between a recorded event and a decided one (none: they match), facts included
 * when the rules say so. Timestamps are inputs of a replay, not decisions, so they are never
 * compared; UUIDs and task tokens that a replay could only stand in for (the history does not
 * record what was drawn) match any recorded UUID or token of the same task.
 */
export function compareEvents(
  recordedEvent: RecordedEvent,
  decidedEvent: RecordedEvent,
  rules: MatchRules,
): EventDifference[] {
  const recorded = recordedEvent.event;
  const decided = decidedEvent.event;
  const differences: EventDifference[] = [];
  if (recorded.type !== decided.type) return [{ path: 'type', recorded: recorded.type, decided: decided.type }];
  if (rules.compareIds) {
    if (recorded.id !== decided.id) differences.push({ path: 'id', recorded: recorded.id, decided: decided.id });
    if (recorded.previousEventId !== decided.previousEventId) {
      differences.push({
        path: 'previousEventId',
        recorded: recorded.previousEventId,
        decided: decided.previousEventId,
      });
    }
  }
  const { id: _rid, previousEventId: _rp, timestamp: _rt, type: _rtype, ...recordedDetails } = recorded;
  const { id: _did, previousEventId: _dp, timestamp: _dt, type: _dtype, ...decidedDetails } = decided;
  compareValues(recordedDetails, decidedDetails, '', differences, rules.compareFacts ? new Set() : AWS_ONLY);
  if (rules.compareFacts) {
    const { dueAt: recordedDue, draws: recordedDraws, ...recordedRest } = recordedEvent.facts;
    const { dueAt: decidedDue, draws: decidedDraws, ...decidedRest } = decidedEvent.facts;
    compareValues(recordedRest, decidedRest, 'facts', differences, new Set());
    if (rules.compareDraws)
      compareValues({ draws: recordedDraws }, { draws: decidedDraws }, 'facts', differences, new Set());
    const jittered = rules.jittered && decidedEvent.facts.retrierIndex !== undefined;
    if (!dueAtMatches(recorded, recordedDue, decidedDue, jittered)) {
      differences.push({
        path: 'facts.dueAt',
        ...defined('recorded', recordedDue),
        ...defined('decided', decidedDue),
      });
    }
  }
  return differences;
}

// A jittered retry delay was drawn at random: any deadline from the failure up to the longest delay matches.
function dueAtMatches(
  recorded: HistoryEvent,
  recordedDue: string | undefined,
  decidedDue: string | undefined,
  jittered: boolean,
): boolean {
  if (recordedDue === decidedDue) return true;
  if (!jittered || recordedDue === undefined || decidedDue === undefined) return false;
  return recordedDue >= recorded.timestamp && recordedDue <= decidedDue;
}

function defined<K extends string>(key: K, value: unknown): { [P in K]?: unknown } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: unknown };
}

function compareValues(
  recorded: unknown,
  decided: unknown,
  path: string,
  out: EventDifference[],
  ignored: ReadonlySet<string>,
): void {
  if (typeof recorded === 'string' && typeof decided === 'string') {
    if (!stringsMatch(recorded, decided, path)) out.push({ path, recorded, decided });
    return;
  }
  if (isRecord(recorded) && isRecord(decided)) {
    const keys = new Set([...Object.keys(recorded), ...Object.keys(decided)]);
    for (const key of keys) {
      if (ignored.has(key)) continue;
      const at = path === '' ? key : `${path}.${key}`;
      const recordedValue = recorded[key];
      const decidedValue = decided[key];
      if (recordedValue === undefined || decidedValue === undefined) {
        // AWS leaves out an empty error or cause where statefold writes "".
        if (recordedValue !== decidedValue && !(ignored.size > 0 && (recordedValue === '' || decidedValue === '')))
          out.push({ path: at, ...defined('recorded', recordedValue), ...defined('decided', decidedValue) });
        continue;
      }
      compareValues(recordedValue, decidedValue, at, out, ignored);
    }
    return;
  }
  if (Array.isArray(recorded) && Array.isArray(decided)) {
    if (recorded.length !== decided.length) {
      out.push({ path, recorded, decided });
      return;
    }
    recorded.forEach((item, index) => compareValues(item, decided[index], `${path}[${index}]`, out, ignored));
    return;
  }
  if (recorded !== decided) out.push({ path, recorded, decided });
}

function stringsMatch(recorded: string, decided: string, path: string): boolean {
  if (recorded === decided) return true;
  const key = path.slice(path.lastIndexOf('.') + 1);
  // Variables are recorded as JSON text too, one member per variable.
  if (JSON_TEXT.has(key) || path.slice(0, path.lastIndexOf('.')).endsWith('assignedVariables')) {
    const recordedJson = parseJson(recorded);
    const decidedJson = parseJson(decided);
    if (recordedJson.ok && decidedJson.ok) {
      const differences: EventDifference[] = [];
      compareValues(recordedJson.value, decidedJson.value, '', differences, new Set());
      return differences.length === 0;
    }
  }
  const decidedToken = readTaskToken(decided);
  if (decidedToken !== undefined) {
    // A statefold token drawn with a random nonce: the recorded one matches if it names the same
    // task, or (AWS's opaque tokens) if it is any token at all.
    const recordedToken = readTaskToken(recorded);
    if (recordedToken === undefined) return recorded.length > 0 && !/\s/.test(recorded);
    return recordedToken.executionArn === decidedToken.executionArn;
  }
  return matchesWithStandIns(recorded, decided);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    // Not JSON after all (a truncated or hand-edited payload): compared as text instead.
    return { ok: false };
  }
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
