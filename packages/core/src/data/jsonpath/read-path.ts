import { StatesFailure } from '../../errors/index.js';
import { assertNever } from '../util/assert-never.js';
import { describeStateFailure, type DataContext } from '../context/data-context.js';
import { JsonPathSyntaxError, normalizeJsonPath, parseJsonPath, type JsonPath } from './json-path.js';
import { isJsonObject, type JsonValue } from '../json/json.js';
import { queryJsonPath } from './query-json-path.js';

/** What reading a path found: the value, or why nothing matched (in AWS's words). */
export type PathLookup =
  | { readonly found: true; readonly value: JsonValue }
  | { readonly found: false; readonly reason: string };

/**
 * Parses a path at run time; a bad path is AWS's `States.Runtime` failure (`Invalid path …`).
 * Definitions are validated before they run, so this only guards hand-built models.
 */
export function parseRuntimePath(path: string, dataContext: Pick<DataContext, 'state' | 'parsers'>): JsonPath {
  try {
    return dataContext.parsers !== undefined ? dataContext.parsers.jsonPath(path) : parseJsonPath(path);
  } catch (error) {
    if (error instanceof JsonPathSyntaxError)
      throw new StatesFailure(
        'States.Runtime',
        describeStateFailure(dataContext, `Invalid path '${path}' : ${error.reason}`),
      );
    throw error;
  }
}

/**
 * Reads `path` from the state input (`$…`), the context object (`$$…`) or a variable (`$name…`). Pure.
 * A definite path yields its one value; an indefinite one (wildcard, slice, filter, `..`, union) yields
 * the array of matches, possibly empty. Throws `States.Runtime` only for a syntactically bad path.
 */
export function readPath(path: string, input: JsonValue, dataContext: DataContext): PathLookup {
  const parsed = parseRuntimePath(path, dataContext);
  let root: JsonValue | undefined;
  switch (parsed.root.kind) {
    case 'input':
      root = input;
      break;
    case 'context':
      root = dataContext.context;
      break;
    case 'variable':
      root = Object.prototype.hasOwnProperty.call(dataContext.variables, parsed.root.name)
        ? dataContext.variables[parsed.root.name]
        : undefined;
      break;
    default:
      return assertNever(parsed.root);
  }
  if (root === undefined) return { found: false, reason: `No results for path: ${normalizeJsonPath(parsed)}` };
  const values = queryJsonPath(parsed, root);
  if (!parsed.definite) return { found: true, value: values };
  const [value] = values;
  if (value === undefined) return { found: false, reason: missingReason(parsed, root) };
  return { found: true, value };
}

/**
 * Why a definite path found nothing, as Jayway (AWS's JSONPath) words it: a property missing before
 * the last step is `Missing property in path $['a']`, anything else `No results for path: …`
 * (scenarios/test_catch_states_runtime: `$.no.such.result.path` on `{}`).
 */
function missingReason(path: JsonPath, root: JsonValue): string {
  let current: JsonValue | undefined = root;
  for (let i = 0; i < path.segments.length - 1 && current !== undefined; i++) {
    const segment = path.segments[i];
    if (segment?.kind === 'property' && isJsonObject(current)) {
      if (!Object.prototype.hasOwnProperty.call(current, segment.name))
        return `Missing property in path ${normalizeJsonPath({ ...path, segments: path.segments.slice(0, i + 1) })}`;
      current = current[segment.name];
    } else if (segment?.kind === 'index' && Array.isArray(current)) {
      current = current[segment.index < 0 ? current.length + segment.index : segment.index];
    } else {
      current = undefined;
    }
  }
  return `No results for path: ${normalizeJsonPath(path)}`;
}

/**
 * Reads `path` like `readPath`, failing as AWS does for a path field (InputPath, OutputPath,
 * ItemsPath, SecondsPath …) that matches nothing: `States.Runtime`,
 * `Invalid path '$.x' : No results for path: $['x']`.
 */
export function readRequiredPath(path: string, input: JsonValue, dataContext: DataContext): JsonValue {
  const lookup = readPath(path, input, dataContext);
  if (lookup.found) return lookup.value;
  throw new StatesFailure(
    'States.Runtime',
    describeStateFailure(dataContext, `Invalid path '${path}' : ${lookup.reason}`),
  );
}
