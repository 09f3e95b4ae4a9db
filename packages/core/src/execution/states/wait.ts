import { MAX_SECONDS, type WaitState } from '../../asl/index.js';
import {
  applyInputPath,
  applyOutputPath,
  describeStateFailure,
  parsePathLong,
  pathValueText,
  QueryEvaluationFailure,
  readPath,
  resultOutOfRange,
  selectPath,
  unexpectedResultType,
  type DataContext,
  type JsonValue,
} from '../../data/index.js';
import { parseTimestamp } from '../../data/index.js';
import { StatesFailure } from '../../errors/index.js';
import { assignedVariables, evaluateField } from '../data-flow.js';
import {
  emitEntered,
  exitJsonataState,
  exitState,
  failState,
  guardState,
  isSerializedOutput,
  serializeOutput,
} from '../state-flow.js';
import type { Macrostep, Work } from '../macrostep.js';

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
export function runWait(
  macrostep: Macrostep,
  threadId: string,
  definition: WaitState,
  name: string,
  input: string,
): Work | undefined {
  let dueAt: string | undefined;
  let failure: StatesFailure | undefined;
  try {
    const dataContext = macrostep.dataContext(threadId, { entering: name });
    const deadline =
      definition.QueryLanguage === 'JSONata'
        ? resolveJsonataDeadline(macrostep, threadId, definition, JSON.parse(input) as JsonValue, name)
        : resolveDeadline(
            definition,
            hasLiteralDeadline(definition)
              ? null
              : applyInputPath(definition.InputPath, JSON.parse(input) as JsonValue, dataContext),
            dataContext,
            macrostep.env.now,
          );
    assertDelayInRange(deadline, macrostep.env.now, dataContext);
    dueAt = macrostep.formatTimestamp(deadline.getTime());
  } catch (error) {
    if (!(error instanceof StatesFailure)) throw error;
    failure = error;
  }
  emitEntered(macrostep, threadId, definition, name, input, dueAt);
  if (failure !== undefined) return failState(macrostep, threadId, definition, failure);
  if (dueAt !== undefined && dueAt <= macrostep.timestamp) return finishWait(macrostep, threadId, definition);
  return undefined;
}

/** Leaves a Wait whose deadline has passed. */
export function finishWait(macrostep: Macrostep, threadId: string, definition: WaitState): Work | undefined {
  const active = macrostep.active(threadId);
  if (active === undefined) return undefined;
  // A JSONPath Wait that shapes nothing outputs its input: when that is text this macrostep
  // serialized, parsing and serializing it again would give the same text.
  if (passesInputThrough(definition) && isSerializedOutput(macrostep, active.input))
    return exitState(macrostep, threadId, definition, active.input, definition.Next);
  return guardState(macrostep, threadId, definition, () => {
    const dataContext = macrostep.dataContext(threadId);
    const raw = JSON.parse(active.input) as JsonValue;
    if (definition.QueryLanguage === 'JSONata') return exitJsonataState(macrostep, threadId, definition, raw);
    const effective = applyInputPath(definition.InputPath, raw, dataContext);
    // JSONPath Assign reads the effective input of a Wait.
    const assigned = assignedVariables(macrostep, threadId, definition, definition.Assign, {
      value: effective,
      states: { input: raw },
    });
    const output = applyOutputPath(definition.OutputPath, effective, dataContext);
    return exitState(
      macrostep,
      threadId,
      definition,
      serializeOutput(macrostep, threadId, output),
      definition.Next,
      undefined,
      assigned,
    );
  });
}

/** A deadline written as a literal, with no InputPath that could fail: the input need not be read. */
function hasLiteralDeadline(definition: WaitState): boolean {
  return (
    definition.InputPath === undefined && (typeof definition.Seconds === 'number' || definition.Timestamp !== undefined)
  );
}

function passesInputThrough(definition: WaitState): boolean {
  return (
    definition.QueryLanguage !== 'JSONata' &&
    definition.InputPath === undefined &&
    definition.OutputPath === undefined &&
    definition.Assign === undefined
  );
}

/** JSONata `Seconds` (a non-negative integer) or `Timestamp` (an RFC 3339 string), literal or expression. */
function resolveJsonataDeadline(
  macrostep: Macrostep,
  threadId: string,
  definition: WaitState,
  input: JsonValue,
  name: string,
): Date {
  const states = { input };
  const dataContext = macrostep.dataContext(threadId, { entering: name });
  if (definition.Seconds !== undefined) {
    const seconds = evaluateField(macrostep, threadId, definition.Seconds, 'Seconds', states, { entering: name });
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0)
      throw unexpectedResultType(dataContext, 'Seconds', definition.Seconds, 'integer', seconds);
    if (seconds > MAX_SECONDS)
      throw resultOutOfRange(dataContext, 'Seconds', definition.Seconds, seconds, `at most ${MAX_SECONDS} seconds`);
    return new Date(macrostep.env.now.getTime() + seconds * 1000);
  }
  if (definition.Timestamp !== undefined) {
    const timestamp = evaluateField(macrostep, threadId, definition.Timestamp, 'Timestamp', states, { entering: name });
    if (typeof timestamp !== 'string')
      throw unexpectedResultType(dataContext, 'Timestamp', definition.Timestamp, 'string', timestamp);
    const deadline = parseDeadline(timestamp);
    if (deadline === undefined)
      throw new QueryEvaluationFailure(
        describeStateFailure(
          dataContext,
          `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${timestamp}`,
        ),
        'Timestamp',
      );
    return deadline;
  }
  throw new StatesFailure('States.Runtime', describeStateFailure(dataContext, 'The Wait state has no duration'));
}

function resolveDeadline(definition: WaitState, input: JsonValue, dataContext: DataContext, now: Date): Date {
  if (typeof definition.Seconds === 'number') return new Date(now.getTime() + definition.Seconds * 1000);
  if (definition.Timestamp !== undefined)
    return (
      parseDeadline(definition.Timestamp) ??
      invalidTimestamp(dataContext, 'Timestamp', definition.Timestamp, definition.Timestamp)
    );
  if (definition.SecondsPath !== undefined) {
    const seconds = secondsAt(definition.SecondsPath, input, dataContext);
    return new Date(now.getTime() + seconds * 1000);
  }
  if (definition.TimestampPath !== undefined) {
    const value = selectPath(definition.TimestampPath, input, dataContext, 'TimestampPath');
    const parsed = typeof value === 'string' ? parseDeadline(value) : undefined;
    return (
      parsed ??
      invalidTimestamp(
        dataContext,
        'TimestampPath',
        definition.TimestampPath,
        typeof value === 'string' ? value : JSON.stringify(value),
      )
    );
  }
  throw new StatesFailure('States.Runtime', describeStateFailure(dataContext, 'The Wait state has no duration'));
}

/**
 * The whole seconds a `SecondsPath` selects, failing in AWS's words when it selects nothing, a value
 * that is not a long (a fraction, a string …) or a negative one (base/test_wait, scenarios).
 */
function secondsAt(path: string, input: JsonValue, dataContext: DataContext): number {
  const lookup = readPath(path, input, dataContext);
  const fail = (reason: string): never => {
    throw new StatesFailure('States.Runtime', describeStateFailure(dataContext, `The SecondsPath parameter ${reason}`));
  };
  if (!lookup.found) return fail(`does not reference an input value: ${path}`);
  const seconds = parsePathLong(lookup.value);
  if (seconds === undefined) return fail(`cannot be parsed as a long value: ${path} == ${pathValueText(lookup.value)}`);
  if (seconds < 0) return fail(`references a negative value: ${path} == ${seconds}`);
  return seconds;
}

// AWS keeps a Wait's delay in 32-bit seconds: 24855 days ahead is accepted, 24856 days is not
// (base/test_wait test_timestamp_too_far_in_future_boundary).
const MAX_DELAY_SECONDS = 2 ** 31 - 1;

function assertDelayInRange(deadline: Date, now: Date, dataContext: DataContext): void {
  if (!((deadline.getTime() - now.getTime()) / 1000 <= MAX_DELAY_SECONDS))
    throw new StatesFailure('States.Runtime', describeStateFailure(dataContext, 'Wait state delay is too long.'));
}

function invalidTimestamp(dataContext: DataContext, field: string, path: string, value: string): never {
  throw new StatesFailure(
    'States.Runtime',
    describeStateFailure(
      dataContext,
      `The ${field} parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${value}`,
    ),
  );
}
