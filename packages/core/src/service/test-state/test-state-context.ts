import { isJsonObject, type JsonObject, type JsonValue } from '../../data/index.js';
import { ValidationException } from '../../errors/index.js';

// The members the context object may hold, each with the members it may hold in turn (`true`: a value).
type ContextShape = { readonly [member: string]: ContextShape | true };
const CONTEXT_SHAPE: ContextShape = {
  Execution: {
    Id: true,
    Input: true,
    Name: true,
    RoleArn: true,
    StartTime: true,
    RedriveCount: true,
    RedriveTime: true,
  },
  State: { EnteredTime: true, Name: true, RetryCount: true },
  StateMachine: { Id: true, Name: true },
  Task: { Token: true },
  Map: { Item: { Index: true, Value: true } },
};

/** Throws `ValidationException` naming the first member of `context` that a context object cannot hold. */
export function assertValidContext(context: JsonObject, shape: ContextShape = CONTEXT_SHAPE): void {
  for (const [member, value] of Object.entries(context)) {
    const allowed = shape[member];
    if (allowed === undefined)
      throw new ValidationException(`Invalid Context object provided: Field '${member}' is not allowed`);
    if (allowed !== true && isJsonObject(value)) assertValidContext(value, allowed);
  }
}

/**
 * The `$$` of a TestState run: the execution's, without what TestState's express run has not
 * (RedriveCount), and with every member the caller's `context` gives laid over it.
 */
export function shapeTestContext(context: JsonObject, given: JsonObject | undefined): JsonObject {
  const execution = context['Execution'];
  let base: JsonObject = context;
  if (isJsonObject(execution)) {
    const { RedriveCount: _redriveCount, ...rest } = execution;
    base = { ...context, Execution: rest };
  }
  return given === undefined ? base : (overlay(base, given) as JsonObject);
}

function overlay(base: JsonValue, given: JsonValue): JsonValue {
  if (!isJsonObject(base) || !isJsonObject(given)) return given;
  const merged: Record<string, JsonValue> = { ...base };
  for (const [member, value] of Object.entries(given))
    merged[member] = member in merged ? overlay(merged[member] ?? null, value) : value;
  return merged;
}
