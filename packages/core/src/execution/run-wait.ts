import type { WaitState } from '../asl/index.js';
import {
  applyInputPath,
  applyOutputPath,
  describeStateFailure,
  QueryEvaluationFailure,
  selectPath,
  unexpectedResultType,
  type DataContext,
  type JsonValue,
} from '../data/index.js';
import { parseTimestamp } from '../data/index.js';
import { StatesFailure } from '../errors/index.js';
import { assignedVariables, evaluateField, jsonataOutput } from './data-flow.js';
import { emitEntered, exitState, failState, guardState, isSerializedOutput, serializeOutput } from './state-flow.js';
import type { Stepper, Work } from './stepper.js';

/** An RFC 3339 timestamp (offset required, as AWS requires) as a Date; undefined when invalid. */
function parseDeadline(text: string): Date | undefined {
  const instant = parseTimestamp(text);
  return instant === undefined
    ? undefined
    : new Date(instant.epochSeconds * 1000 + Math.floor(instant.nanoseconds / 1e6));
}

/**
 * Wait: resolves its deadline before entering (so WaitStateEntered records it), then leaves at once
 * when it has passed, or blocks until the engine's timer fires.
 */
export function runWait(s: Stepper, threadId: string, def: WaitState, name: string, input: string): Work | undefined {
  let dueAt: string | undefined;
  let failure: StatesFailure | undefined;
  try {
    const dc = s.dataContext(threadId, { entering: name });
    const deadline =
      def.QueryLanguage === 'JSONata'
        ? resolveJsonataDeadline(s, threadId, def, JSON.parse(input) as JsonValue, name)
        : resolveDeadline(
            def,
            hasLiteralDeadline(def) ? null : applyInputPath(def.InputPath, JSON.parse(input) as JsonValue, dc),
            dc,
            s.env.now,
          );
    dueAt = s.formatTimestamp(deadline.getTime());
  } catch (error) {
    if (!(error instanceof StatesFailure)) throw error;
    failure = error;
  }
  emitEntered(s, threadId, def, name, input, dueAt);
  if (failure !== undefined) return failState(s, threadId, def, failure);
  if (dueAt !== undefined && dueAt <= s.timestamp) return finishWait(s, threadId, def);
  return undefined;
}

/** Leaves a Wait whose deadline has passed. */
export function finishWait(s: Stepper, threadId: string, def: WaitState): Work | undefined {
  const active = s.active(threadId);
  if (active === undefined) return undefined;
  // A JSONPath Wait that shapes nothing outputs its input: when that is text this macrostep
  // serialized, parsing and serializing it again would give the same text.
  if (passesInputThrough(def) && isSerializedOutput(s, active.input))
    return exitState(s, threadId, def, active.input, def.Next);
  return guardState(s, threadId, def, () => {
    const dc = s.dataContext(threadId);
    const raw = JSON.parse(active.input) as JsonValue;
    if (def.QueryLanguage === 'JSONata') {
      const states = { input: raw };
      const assigned = assignedVariables(s, threadId, def, def.Assign, { value: raw, states });
      const output = jsonataOutput(s, threadId, def.Output, states, raw);
      return exitState(s, threadId, def, serializeOutput(s, threadId, output), def.Next, undefined, assigned);
    }
    const effective = applyInputPath(def.InputPath, raw, dc);
    // JSONPath Assign reads the effective input of a Wait.
    const assigned = assignedVariables(s, threadId, def, def.Assign, { value: effective, states: { input: raw } });
    const output = applyOutputPath(def.OutputPath, effective, dc);
    return exitState(s, threadId, def, serializeOutput(s, threadId, output), def.Next, undefined, assigned);
  });
}

/** A deadline written as a literal, with no InputPath that could fail: the input need not be read. */
function hasLiteralDeadline(def: WaitState): boolean {
  return def.InputPath === undefined && (typeof def.Seconds === 'number' || def.Timestamp !== undefined);
}

function passesInputThrough(def: WaitState): boolean {
  return (
    def.QueryLanguage !== 'JSONata' &&
    def.InputPath === undefined &&
    def.OutputPath === undefined &&
    def.Assign === undefined
  );
}

/** JSONata `Seconds` (a non-negative integer) or `Timestamp` (an RFC 3339 string), literal or expression. */
function resolveJsonataDeadline(s: Stepper, threadId: string, def: WaitState, input: JsonValue, name: string): Date {
  const states = { input };
  const dc = s.dataContext(threadId, { entering: name });
  if (def.Seconds !== undefined) {
    const seconds = evaluateField(s, threadId, def.Seconds, 'Seconds', states, { entering: name });
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0)
      throw unexpectedResultType(dc, 'Seconds', def.Seconds, 'integer', seconds);
    return new Date(s.env.now.getTime() + seconds * 1000);
  }
  if (def.Timestamp !== undefined) {
    const timestamp = evaluateField(s, threadId, def.Timestamp, 'Timestamp', states, { entering: name });
    if (typeof timestamp !== 'string') throw unexpectedResultType(dc, 'Timestamp', def.Timestamp, 'string', timestamp);
    const deadline = parseDeadline(timestamp);
    if (deadline === undefined)
      throw new QueryEvaluationFailure(
        describeStateFailure(
          dc,
          `The Timestamp field does not reference a valid ISO-8601 extended offset date-time format string: ${timestamp}`,
        ),
        'Timestamp',
      );
    return deadline;
  }
  throw new StatesFailure('States.Runtime', describeStateFailure(dc, 'The Wait state has no duration'));
}

function resolveDeadline(def: WaitState, input: JsonValue, dc: DataContext, now: Date): Date {
  if (typeof def.Seconds === 'number') return new Date(now.getTime() + def.Seconds * 1000);
  if (def.Timestamp !== undefined)
    return parseDeadline(def.Timestamp) ?? invalidTimestamp(dc, 'Timestamp', def.Timestamp, def.Timestamp);
  if (def.SecondsPath !== undefined) {
    const seconds = selectPath(def.SecondsPath, input, dc, 'SecondsPath');
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0)
      throw new StatesFailure(
        'States.Runtime',
        describeStateFailure(
          dc,
          `The SecondsPath parameter does not reference a positive integer value: ${def.SecondsPath} == ${JSON.stringify(seconds)}`,
        ),
      );
    return new Date(now.getTime() + seconds * 1000);
  }
  if (def.TimestampPath !== undefined) {
    const value = selectPath(def.TimestampPath, input, dc, 'TimestampPath');
    const parsed = typeof value === 'string' ? parseDeadline(value) : undefined;
    return (
      parsed ??
      invalidTimestamp(
        dc,
        'TimestampPath',
        def.TimestampPath,
        typeof value === 'string' ? value : JSON.stringify(value),
      )
    );
  }
  throw new StatesFailure('States.Runtime', describeStateFailure(dc, 'The Wait state has no duration'));
}

function invalidTimestamp(dc: DataContext, field: string, path: string, value: string): never {
  throw new StatesFailure(
    'States.Runtime',
    describeStateFailure(
      dc,
      `The ${field} parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${value}`,
    ),
  );
}
