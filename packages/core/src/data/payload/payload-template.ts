import { StatesFailure } from '../../errors/index.js';
import { describeStateFailure, type DataContext } from '../context/data-context.js';
import { evaluateIntrinsic } from '../intrinsics/evaluate-intrinsic.js';
import { looksLikeIntrinsic } from '../intrinsics/parse-intrinsic.js';
import { isJsonArray } from '../json/is-json-array.js';
import { isJsonObject, setMember, type JsonObject, type JsonValue } from '../json/json.js';
import { readPath } from '../jsonpath/read-path.js';

/** The payload-template fields of ASL (JSONPath states). */
export type PayloadTemplateField = 'Parameters' | 'ResultSelector' | 'ItemSelector' | 'Assign' | 'BatchInput';

const DYNAMIC_SUFFIX = '.$';

function resolveDynamicValue(
  key: string,
  expression: string,
  input: JsonValue,
  dataContext: DataContext,
  field: PayloadTemplateField,
): JsonValue {
  if (looksLikeIntrinsic(expression)) return evaluateIntrinsic(expression, input, dataContext);
  if (!expression.startsWith('$'))
    throw new StatesFailure(
      'States.Runtime',
      describeStateFailure(
        dataContext,
        `The value for the field '${key}' in ${field} must be a valid JSONPath or a valid intrinsic function call`,
      ),
    );
  if (input === null && !expression.startsWith('$$') && /^\$(?:[.[]|$)/.test(expression))
    throw new StatesFailure(
      'States.Runtime',
      describeStateFailure(dataContext, 'Unable to apply Path transformation to null or empty input.'),
    );
  return readFieldPath(expression, key, input, dataContext);
}

/**
 * Reads the path a field names (a payload template's `key.$`, a Fail state's `ErrorPath`/`CausePath`),
 * failing as AWS does when it matches nothing: `States.Runtime`, `The JSONPath '…' specified for
 * the field '…' could not be found in the input '…'`. Pure.
 */
export function readFieldPath(path: string, field: string, input: JsonValue, dataContext: DataContext): JsonValue {
  const lookup = readPath(path, input, dataContext);
  if (lookup.found) return lookup.value;
  throw new StatesFailure(
    'States.Runtime',
    describeStateFailure(
      dataContext,
      `The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${JSON.stringify(input)}'`,
    ),
  );
}

function resolveObject(
  template: JsonObject,
  input: JsonValue,
  dataContext: DataContext,
  field: PayloadTemplateField,
): JsonObject {
  const resolved: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith(DYNAMIC_SUFFIX) && typeof value === 'string')
      setMember(
        resolved,
        key.slice(0, -DYNAMIC_SUFFIX.length),
        resolveDynamicValue(key, value, input, dataContext, field),
      );
    else setMember(resolved, key, resolvePayloadTemplate(value, input, dataContext, field));
  }
  return resolved;
}

/**
 * Resolves a payload template (`Parameters`, `ResultSelector`, `ItemSelector`): every key ending in
 * `.$` is replaced by the key without it, whose value is the path (`$.x`, `$$.x`, `$var`) or intrinsic
 * call it names; objects and arrays nest. Pure apart from `dataContext.random`/`dataContext.uuid`; never mutates.
 * Throws `StatesFailure('States.Runtime', …)` for a path that matches nothing (AWS's
 * `The JSONPath '…' specified for the field '….$' could not be found in the input '…'`) and
 * `States.IntrinsicFailure` for a failing intrinsic.
 */
export function resolvePayloadTemplate(
  template: JsonValue,
  input: JsonValue,
  dataContext: DataContext,
  field: PayloadTemplateField,
): JsonValue {
  if (isJsonArray(template)) return template.map((item) => resolvePayloadTemplate(item, input, dataContext, field));
  if (isJsonObject(template)) return resolveObject(template, input, dataContext, field);
  return template;
}
