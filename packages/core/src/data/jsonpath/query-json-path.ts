import { JSONPath } from 'jsonpath-plus';
import { assertNever } from '../util/assert-never.js';
import { isJsonArray } from '../json/is-json-array.js';
import type { JsonPath, JsonPathSegment, PathFunctionName } from './json-path.js';
import { isJsonObject, type JsonValue } from '../json/json.js';

/**
 * Every node `path`'s segments select, starting from `root`, in document order. Pure. Filters
 * (`[?(@.price > 10)]`) are evaluated by jsonpath-plus's safe evaluator (no `eval`).
 */
export function queryJsonPath(path: JsonPath, root: JsonValue): JsonValue[] {
  if (path.definite) {
    const found = walkDefinite(path.segments, root);
    if (found !== NOT_SIMPLE) return found === undefined ? [] : [found];
  }
  let nodes: JsonValue[] = [root];
  let definite = true;
  for (const segment of path.segments) {
    if (segment.kind === 'function') {
      // A function applies to the one node a definite path selected, or to the list of them.
      const target = definite ? nodes[0] : nodes;
      const result = target === undefined ? undefined : applyPathFunction(segment.name, target);
      return result === undefined ? [] : [result];
    }
    definite &&= segment.kind === 'property' || segment.kind === 'index';
    nodes = nodes.flatMap((node) => selectChildren(segment, node));
    if (nodes.length === 0) break;
  }
  return nodes;
}

const NOT_SIMPLE = Symbol('not a chain of names and indexes');

/**
 * The node a chain of names and indexes (`$.a.b[0]`, most paths in practice) selects, found
 * without the general case's lists; NOT_SIMPLE for a chain with any other kind of segment.
 */
function walkDefinite(
  segments: readonly JsonPathSegment[],
  root: JsonValue,
): JsonValue | undefined | typeof NOT_SIMPLE {
  let node: JsonValue | undefined = root;
  for (const segment of segments) {
    if (segment.kind === 'property') {
      if (!isJsonObject(node) || !Object.prototype.hasOwnProperty.call(node, segment.name)) node = undefined;
      else node = node[segment.name];
    } else if (segment.kind === 'index') {
      node = isJsonArray(node) ? node[segment.index < 0 ? node.length + segment.index : segment.index] : undefined;
    } else {
      return NOT_SIMPLE;
    }
    if (node === undefined) return undefined;
  }
  return node;
}

function applyPathFunction(name: PathFunctionName, value: JsonValue): JsonValue | undefined {
  const numbers = isJsonArray(value) ? value.filter((v): v is number => typeof v === 'number') : [];
  const sum = numbers.reduce((total, n) => total + n, 0);
  switch (name) {
    case 'length':
    case 'size':
      if (isJsonArray(value) || typeof value === 'string') return value.length;
      return isJsonObject(value) ? Object.keys(value).length : undefined;
    case 'min':
      return numbers.length > 0 ? Math.min(...numbers) : undefined;
    case 'max':
      return numbers.length > 0 ? Math.max(...numbers) : undefined;
    case 'sum':
      return isJsonArray(value) ? sum : undefined;
    case 'avg':
      return numbers.length > 0 ? sum / numbers.length : undefined;
    case 'stddev': {
      if (numbers.length === 0) return undefined;
      const mean = sum / numbers.length;
      return Math.sqrt(numbers.reduce((total, n) => total + (n - mean) ** 2, 0) / numbers.length);
    }
    case 'keys':
      return isJsonObject(value) ? Object.keys(value) : undefined;
    case 'first':
      return isJsonArray(value) ? value[0] : undefined;
    case 'last':
      return isJsonArray(value) ? value.at(-1) : undefined;
    default:
      return assertNever(name);
  }
}

function ownValue(object: JsonValue, name: string): JsonValue[] {
  if (!isJsonObject(object) || !Object.prototype.hasOwnProperty.call(object, name)) return [];
  const value = object[name];
  return value === undefined ? [] : [value];
}

function itemAt(array: JsonValue, index: number): JsonValue[] {
  if (!isJsonArray(array)) return [];
  const item = array[index < 0 ? array.length + index : index];
  return item === undefined ? [] : [item];
}

function childrenOf(node: JsonValue): JsonValue[] {
  if (isJsonArray(node)) return [...node];
  if (isJsonObject(node)) return Object.values(node);
  return [];
}

function sliceOf(node: JsonValue, start?: number, end?: number, step = 1): JsonValue[] {
  if (!isJsonArray(node) || step === 0) return [];
  const items = node;
  const length = items.length;
  const clamp = (value: number): number => Math.max(0, Math.min(length, value < 0 ? length + value : value));
  const from = start === undefined ? (step > 0 ? 0 : length - 1) : clamp(start);
  const to = end === undefined ? (step > 0 ? length : -1) : clamp(end);
  const picked: JsonValue[] = [];
  if (step > 0) for (let i = from; i < to; i += step) picked.push(items[i] ?? null);
  else for (let i = Math.min(from, length - 1); i > to; i += step) picked.push(items[i] ?? null);
  return picked;
}

function descendantsOf(node: JsonValue): JsonValue[] {
  const all: JsonValue[] = [node];
  for (const child of childrenOf(node)) all.push(...descendantsOf(child));
  return all;
}

function filterChildren(node: JsonValue, expression: string): JsonValue[] {
  if (!Array.isArray(node) && !isJsonObject(node)) return [];
  const matches: unknown = JSONPath({ path: `$[?(${expression})]`, json: node, wrap: true, eval: 'safe' });
  return Array.isArray(matches) ? (matches as JsonValue[]) : [];
}

function selectChildren(segment: JsonPathSegment, node: JsonValue): JsonValue[] {
  switch (segment.kind) {
    case 'property':
      return ownValue(node, segment.name);
    case 'index':
      return itemAt(node, segment.index);
    case 'wildcard':
      return childrenOf(node);
    case 'slice':
      return sliceOf(node, segment.start, segment.end, segment.step);
    case 'union':
      return segment.members.flatMap((member) =>
        typeof member === 'number' ? itemAt(node, member) : ownValue(node, member),
      );
    case 'filter':
      return filterChildren(node, segment.expression);
    case 'descendants':
      return descendantsOf(node).flatMap((descendant) => selectChildren(segment.selector, descendant));
    case 'function': {
      const result = applyPathFunction(segment.name, node);
      return result === undefined ? [] : [result];
    }
    default:
      return assertNever(segment);
  }
}
