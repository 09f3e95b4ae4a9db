import { StatesFailure } from '../../errors/index.js';
import { describeStateFailure, type DataContext } from '../context/data-context.js';
import { isReferencePath, type JsonPathSegment } from '../jsonpath/json-path.js';
import { isJsonObject, withMember, type JsonValue } from '../json/json.js';
import { parseRuntimePath } from '../jsonpath/read-path.js';

/** Marks a step of the path that cannot be applied to the value found there. */
const MISMATCH: unique symbol = Symbol('ResultPathMismatch');

function writeAt(
  node: JsonValue | undefined,
  segments: readonly JsonPathSegment[],
  depth: number,
  result: JsonValue,
): JsonValue | typeof MISMATCH {
  const segment = segments[depth];
  if (segment === undefined) return result;
  if (segment.kind === 'property') {
    if (node !== undefined && !isJsonObject(node)) return MISMATCH;
    const object = node ?? {};
    const child = Object.prototype.hasOwnProperty.call(object, segment.name) ? object[segment.name] : undefined;
    const written = writeAt(child, segments, depth + 1, result);
    return written === MISMATCH ? MISMATCH : withMember(object, segment.name, written);
  }
  if (segment.kind !== 'index' || !Array.isArray(node)) return MISMATCH;
  const items: readonly JsonValue[] = node;
  const index = segment.index < 0 ? items.length + segment.index : segment.index;
  const written = writeAt(items[index], segments, depth + 1, result);
  if (written === MISMATCH || items[index] === undefined) return MISMATCH;
  return items.map((item, position) => (position === index ? written : item));
}

/**
 * Applies a state's `ResultPath`: absent or `$` gives the result, `null` keeps the state input, a
 * reference path (`$.a.b`, `$.list[0]`) writes the result into a copy of the input, creating missing
 * objects on the way. Pure: never mutates `stateInput`. Throws
 * `StatesFailure('States.ResultPathMatchFailure', …)` when the path runs through a value that is not
 * an object (or an array index that does not exist), and `States.Runtime` for a path that is not a
 * reference path.
 */
export function applyResultPath(
  path: string | null | undefined,
  stateInput: JsonValue,
  result: JsonValue,
  dataContext?: Pick<DataContext, 'state' | 'parsers'>,
): JsonValue {
  if (path === undefined) return result;
  if (path === null) return stateInput;
  const parsed = parseRuntimePath(path, dataContext ?? {});
  if (!isReferencePath(parsed))
    throw new StatesFailure(
      'States.Runtime',
      describeStateFailure(dataContext, `Invalid path '${path}' : ResultPath must be a reference path`),
    );
  const written = writeAt(stateInput, parsed.segments, 0, result);
  if (written !== MISMATCH) return written;
  throw new StatesFailure(
    'States.ResultPathMatchFailure',
    describeStateFailure(dataContext, `Unable to apply ResultPath '${path}' to input '${JSON.stringify(stateInput)}'`),
  );
}
