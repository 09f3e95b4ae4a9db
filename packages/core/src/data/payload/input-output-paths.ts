import { StatesFailure } from '../../errors/index.js';
import { describeStateFailure, type DataContext } from '../context/data-context.js';
import { evaluateIntrinsic } from '../intrinsics/evaluate-intrinsic.js';
import { looksLikeIntrinsic } from '../intrinsics/parse-intrinsic.js';
import type { JsonValue } from '../json/json.js';
import { readRequiredPath } from '../jsonpath/read-path.js';

/**
 * Applies a state's `InputPath`: absent keeps the input, `null` gives `{}`, a path selects from the
 * input (or `$$`, or a variable). Pure. Throws `StatesFailure('States.Runtime', …)` when the path
 * matches nothing (`Invalid path '$.x' : No results for path: $['x']`).
 */
export function applyInputPath(path: string | null | undefined, input: JsonValue, dataContext: DataContext): JsonValue {
  if (path === undefined) return input;
  if (path === null) return {};
  return readRequiredPath(path, input, dataContext);
}

/**
 * Applies a state's `OutputPath` to its output: absent keeps it, `null` gives `{}`, a path selects.
 * Pure. Throws `States.Runtime` as `applyInputPath` does.
 */
export function applyOutputPath(
  path: string | null | undefined,
  value: JsonValue,
  dataContext: DataContext,
): JsonValue {
  return applyInputPath(path, value, dataContext);
}

/**
 * Evaluates a `…Path` field (SecondsPath, TimestampPath, ItemsPath, TimeoutSecondsPath, ErrorPath,
 * CausePath …): a path, or for fields that allow one an intrinsic call. Pure apart from `dataContext.random`/
 * `dataContext.uuid`. Throws `States.Runtime` for a path that matches nothing, `States.IntrinsicFailure` for a
 * failing intrinsic. Checking the selected value's type is the caller's job (its message names the field).
 */
export function selectPath(path: string, input: JsonValue, dataContext: DataContext, field: string): JsonValue {
  if (looksLikeIntrinsic(path)) return evaluateIntrinsic(path, input, dataContext);
  if (!path.startsWith('$'))
    throw new StatesFailure(
      'States.Runtime',
      describeStateFailure(
        dataContext,
        `The value for the field '${field}' must be a valid JSONPath or a valid intrinsic function call`,
      ),
    );
  return readRequiredPath(path, input, dataContext);
}
