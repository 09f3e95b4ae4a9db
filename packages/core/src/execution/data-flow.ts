import type { State } from '../asl/index.js';
import {
  evaluateAssign,
  evaluateJsonata,
  QueryEvaluationFailure,
  serializeAssignedVariables,
  type AssignSource,
  type JsonataStates,
  type JsonObject,
  type JsonValue,
} from '../data/index.js';
import type { StatesFailure } from '../errors/index.js';
import type { Macrostep } from './macrostep.js';

// JSONata fields and `Assign` for the runners: evaluation against the thread's data context (its
// variables, `$$`/`$states.context`, the injected randomness and the decide's timestamp).

/** Extra context for a field evaluated in a Map iteration's setup (`$states.context.Map.Item`). */
type ContextExtra = Parameters<Macrostep['dataContext']>[1];

/** Evaluates a JSONata field (any JSON, `{% … %}` strings at any depth) of the thread's active state. */
export function evaluateField(
  macrostep: Macrostep,
  threadId: string,
  template: JsonValue,
  field: string,
  states: JsonataStates,
  extra?: ContextExtra,
): JsonValue {
  return evaluateJsonata(template, field, states, macrostep.dataContext(threadId, extra), macrostep.jsonata);
}

/** A JSONata state's output: its `Output` field evaluated, or `fallback` (AWS's default per state type). */
export function jsonataOutput(
  macrostep: Macrostep,
  threadId: string,
  output: JsonValue | undefined,
  states: JsonataStates,
  fallback: JsonValue,
  field = 'Output',
): JsonValue {
  return output === undefined ? fallback : evaluateField(macrostep, threadId, output, field, states);
}

/**
 * Evaluates an `Assign` block for the state the thread is leaving and returns what its exit event
 * records as `assignedVariables` (JSON text per name), or undefined without a block or with an empty one. Every value
 * reads the variables from before the state; AWS's size limits apply.
 */
export function assignedVariables(
  macrostep: Macrostep,
  threadId: string,
  definition: State,
  assign: JsonObject | undefined,
  source: AssignSource,
  field = 'Assign',
): Readonly<Record<string, string>> | undefined {
  // An empty Assign assigns nothing, and AWS then leaves `assignedVariables` out of the exit event.
  if (assign === undefined || isEmptyObject(assign)) return undefined;
  const dataContext = macrostep.dataContext(threadId);
  const assigned = evaluateAssign(assign, definition.QueryLanguage, source, dataContext, macrostep.jsonata, field);
  return serializeAssignedVariables(assigned, { ...dataContext.variables, ...assigned }, dataContext);
}

/**
 * Records a JSONata evaluation failure as AWS does, with an EvaluationFailed event (state, error,
 * cause, and the field as `location`). A failure right after the state was entered links where the
 * …StateEntered event linked. Returns whether the state was still at its entry.
 */
export function emitEvaluationFailed(macrostep: Macrostep, threadId: string, failure: StatesFailure): boolean {
  const active = macrostep.active(threadId);
  const thread = macrostep.thread(threadId);
  const atEntry = active !== undefined && thread?.lastEventId === active.enteredEventId;
  const entered = atEntry ? macrostep.events.find(({ event }) => event.id === active.enteredEventId)?.event : undefined;
  const location = failure instanceof QueryEvaluationFailure ? failure.location : undefined;
  macrostep.emit(
    threadId,
    'EvaluationFailed',
    {
      evaluationFailedEventDetails: {
        state: active?.name ?? '',
        error: failure.error,
        cause: failure.cause,
        ...(location !== undefined ? { location } : {}),
      },
    },
    entered !== undefined ? { previousEventId: entered.previousEventId } : {},
  );
  return atEntry;
}

function isEmptyObject(value: JsonObject): boolean {
  for (const _key in value) return false;
  return true;
}
