import type { DataContext } from '../context/data-context.js';
import { evaluateJsonata, type JsonataEnv, type JsonataStates } from '../jsonata/index.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../json/json.js';
import { resolvePayloadTemplate } from '../payload/payload-template.js';

/** What an `Assign` reads: in JSONPath `$` is `value`; in JSONata `$states` holds `states`. */
export interface AssignSource {
  readonly value: JsonValue;
  readonly states: JsonataStates;
}

/**
 * Evaluates an `Assign` block into the variables it assigns, by name. In a JSONPath state the
 * block is a payload template (`"x.$": "$.path"`, `$var`, `$$.…`, intrinsics) read against
 * `source.value` (the state's result, its input or the error output, as AWS defines per state); in
 * a JSONata state every `{% … %}` value is an expression over `$states` and the variables. Every
 * value sees the variables from before the state (`dataContext.variables`), and `jsonata` evaluates the
 * expressions. Pure apart from `dataContext`'s randomness; throws the `StatesFailure` of a failing path or
 * expression. `field` names the block in failure causes (`Assign`, or a Choice rule's / Catch's `Assign`).
 */
export function evaluateAssign(
  assign: JsonObject,
  language: 'JSONPath' | 'JSONata',
  source: AssignSource,
  dataContext: DataContext,
  jsonata: JsonataEnv,
  field = 'Assign',
): Readonly<Record<string, JsonValue>> {
  const resolved =
    language === 'JSONata'
      ? evaluateJsonata(assign, field, source.states, dataContext, jsonata)
      : resolvePayloadTemplate(assign, source.value, dataContext, 'Assign');
  return isJsonObject(resolved) ? resolved : {};
}
