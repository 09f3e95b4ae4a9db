import type { JsonObject, JsonValue } from '../json/json.js';

/** The pieces of the context object `$$`, in AWS's key names. */
export interface ContextObjectParts {
  readonly execution: {
    readonly Id: string;
    readonly Input: JsonValue;
    readonly Name: string;
    readonly RoleArn: string;
    /** ISO 8601, as AWS prints it. */
    readonly StartTime: string;
    readonly RedriveCount: number;
    /** Only after the execution was redriven. */
    readonly RedriveTime?: string;
  };
  /** `RetryCount` only for the states that can retry (Task, Parallel, Map): AWS leaves it out of the others. */
  readonly state: { readonly Name: string; readonly EnteredTime: string; readonly RetryCount?: number };
  readonly stateMachine: { readonly Id: string; readonly Name: string };
  /** Only inside a Task state whose resource uses a task token. */
  readonly task?: { readonly Token: string };
  /** Only inside a Map state's ItemSelector. */
  readonly map?: { readonly Item: { readonly Index: number; readonly Value: JsonValue } };
}

/**
 * Builds the context object `$$` as AWS shapes it: `Execution`, `State`, `StateMachine`, then `Task`
 * and `Map` only when given. Pure; the result shares no mutable structure with `parts`.
 */
export function createContextObject(parts: ContextObjectParts): JsonObject {
  const { execution, state, stateMachine, task, map } = parts;
  return {
    Execution: {
      Id: execution.Id,
      Input: execution.Input,
      Name: execution.Name,
      RoleArn: execution.RoleArn,
      StartTime: execution.StartTime,
      RedriveCount: execution.RedriveCount,
      ...(execution.RedriveTime === undefined ? {} : { RedriveTime: execution.RedriveTime }),
    },
    State:
      state.RetryCount === undefined
        ? { EnteredTime: state.EnteredTime, Name: state.Name }
        : { EnteredTime: state.EnteredTime, Name: state.Name, RetryCount: state.RetryCount },
    StateMachine: { Id: stateMachine.Id, Name: stateMachine.Name },
    ...(task === undefined ? {} : { Task: { Token: task.Token } }),
    ...(map === undefined ? {} : { Map: { Item: { Index: map.Item.Index, Value: map.Item.Value } } }),
  };
}
