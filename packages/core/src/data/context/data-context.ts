import type { JsonObject, JsonValue } from '../json/json.js';
import type { TextParsers } from './text-parsers.js';

/** The state whose fields are being evaluated, named in AWS's failure causes. */
export interface EvaluatedState {
  /** The state's name, as in the definition. */
  readonly name: string;
  /** The id of the `…StateEntered` event that entered it. */
  readonly enteredEventId: number;
}

/**
 * Everything a JSONPath field, payload template, intrinsic function, Choice rule or JSONata
 * expression may read besides the state's input. Pure data plus two injected random sources (and
 * the owner's parsers, which only remember), so evaluation stays deterministic.
 */
export interface DataContext {
  /** The context object `$$` (built with createContextObject). */
  readonly context: JsonObject;
  /** Workflow variables, read by `$name` paths (an empty object when none). */
  readonly variables: Readonly<Record<string, JsonValue>>;
  /** Injected randomness for States.MathRandom / States.UUID. */
  readonly random: () => number;
  readonly uuid: () => string;
  /**
   * The state being evaluated. When present, every failure cause starts with AWS's
   * `An error occurred while executing the state 'X' (entered at the event id #N). ` prefix.
   */
  readonly state?: EvaluatedState;
  /**
   * The owner's memoizing parsers for the paths and intrinsic calls read (the engine's, shared by
   * its executions); without them each text is parsed where it is read.
   */
  readonly parsers?: TextParsers;
}

/**
 * Builds a failure cause as AWS words it: the state prefix (when `dataContext.state` is known) and then `detail`.
 * Pure.
 */
export function describeStateFailure(dataContext: Pick<DataContext, 'state'> | undefined, detail: string): string {
  const state = dataContext?.state;
  if (state === undefined) return detail;
  return `An error occurred while executing the state '${state.name}' (entered at the event id #${state.enteredEventId}). ${detail}`;
}
