import { assertNever } from '../util/assert-never.js';

/** What a path starts from: the state's input (`$`), the context object (`$$`) or a variable (`$name`). */
export type JsonPathRoot =
  | { readonly kind: 'input' }
  | { readonly kind: 'context' }
  | { readonly kind: 'variable'; readonly name: string };

/** One step of a JSONPath, as AWS's JSONPath dialect (Jayway) allows it. */
export type JsonPathSegment =
  | { readonly kind: 'property'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'slice'; readonly start?: number; readonly end?: number; readonly step?: number }
  | { readonly kind: 'union'; readonly members: readonly (string | number)[] }
  | { readonly kind: 'filter'; readonly expression: string }
  | { readonly kind: 'descendants'; readonly selector: JsonPathSegment }
  /** A trailing Jayway function such as `.length()`, applied to what the path selected before it. */
  | { readonly kind: 'function'; readonly name: PathFunctionName };

/** The Jayway path functions AWS's JSONPath accepts at the end of a path. */
export const PATH_FUNCTIONS = [
  'length',
  'size',
  'min',
  'max',
  'avg',
  'sum',
  'stddev',
  'keys',
  'first',
  'last',
] as const;
/** A path function's name. */
export type PathFunctionName = (typeof PATH_FUNCTIONS)[number];

/** A parsed JSONPath. `definite` paths select at most one node; the others select a list. */
export interface JsonPath {
  readonly text: string;
  readonly root: JsonPathRoot;
  readonly segments: readonly JsonPathSegment[];
  readonly definite: boolean;
}

/** Thrown by `parseJsonPath` for text that is not a JSONPath; `reason` says why. */
export class JsonPathSyntaxError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Invalid JSONPath '${path}': ${reason}`);
    this.name = 'JsonPathSyntaxError';
  }
}

const VARIABLE_START = /[A-Za-z_]/;
const VARIABLE_PART = /[A-Za-z0-9_]/;

/**
 * Parses a JSONPath (`$…`, `$$…` or `$name…`). Pure; throws `JsonPathSyntaxError` for bad syntax.
 * Dot names run to the next `.` or `[`, as in AWS's dialect, so `$.my-key` and `$.a b` are names.
 */
export function parseJsonPath(text: string): JsonPath {
  if (!text.startsWith('$')) throw new JsonPathSyntaxError(text, "a path must start with '$'");
  let position = 1;
  let root: JsonPathRoot = { kind: 'input' };
  if (text[1] === '$') {
    root = { kind: 'context' };
    position = 2;
  } else if (text[1] !== undefined && VARIABLE_START.test(text[1])) {
    let end = 2;
    while (end < text.length && VARIABLE_PART.test(text.charAt(end))) end += 1;
    root = { kind: 'variable', name: text.slice(1, end) };
    position = end;
  }
  const segments: JsonPathSegment[] = [];
  while (position < text.length) {
    const [segment, next] = readSegment(text, position);
    if (segments.at(-1)?.kind === 'function') throw new JsonPathSyntaxError(text, 'a function call must end the path');
    segments.push(segment);
    position = next;
  }
  const last = segments.at(-1);
  const definite = last?.kind === 'function' || segments.every(isDefiniteSegment);
  return { text, root, segments, definite };
}

/** True when `text` parses as a JSONPath. */
export function isJsonPath(text: string): boolean {
  try {
    parseJsonPath(text);
    return true;
  } catch (error) {
    if (error instanceof JsonPathSyntaxError) return false;
    throw error;
  }
}

/** True for a *reference path* (ResultPath's kind): `$`-rooted, only names and non-negative indices. */
export function isReferencePath(path: JsonPath): boolean {
  return (
    path.root.kind === 'input' &&
    path.segments.every((segment) => segment.kind === 'property' || (segment.kind === 'index' && segment.index >= 0))
  );
}

function isDefiniteSegment(segment: JsonPathSegment): boolean {
  return segment.kind === 'property' || segment.kind === 'index';
}

function readSegment(text: string, position: number): [JsonPathSegment, number] {
  const char = text[position];
  if (char === '[') return readBracket(text, position);
  if (char !== '.') throw new JsonPathSyntaxError(text, `unexpected '${char ?? ''}' at position ${position}`);
  if (text[position + 1] === '.') {
    const after = position + 2;
    if (text[after] === '[') {
      const [selector, next] = readBracket(text, after);
      return [{ kind: 'descendants', selector }, next];
    }
    const [selector, next] = readDotSelector(text, after);
    return [{ kind: 'descendants', selector }, next];
  }
  return readDotSelector(text, position + 1);
}

// Like Jayway, a dot name runs to the next `.` or `[`; a blank inside it needs bracket notation,
// and `name()` is a function call.
function readDotSelector(text: string, position: number): [JsonPathSegment, number] {
  if (text[position] === '*') return [{ kind: 'wildcard' }, position + 1];
  let end = position;
  while (end < text.length && text[end] !== '.' && text[end] !== '[' && text[end] !== '(') {
    if (text[end] === ' ') {
      throw new JsonPathSyntaxError(text, `use bracket notation ['my prop'] for a name with blanks (position ${end})`);
    }
    end += 1;
  }
  if (end === position) throw new JsonPathSyntaxError(text, `missing property name at position ${position}`);
  const name = text.slice(position, end);
  if (text[end] !== '(') return [{ kind: 'property', name }, end];
  if (text[end + 1] !== ')' || !isPathFunction(name))
    throw new JsonPathSyntaxError(text, `unknown function '${name}${text.slice(end, end + 2)}'`);
  return [{ kind: 'function', name }, end + 2];
}

function isPathFunction(name: string): name is PathFunctionName {
  return (PATH_FUNCTIONS as readonly string[]).includes(name);
}

function readBracket(text: string, open: number): [JsonPathSegment, number] {
  let position = skipSpaces(text, open + 1);
  if (text.startsWith('?(', position)) {
    const close = findFilterEnd(text, position + 1);
    const expression = text.slice(position + 2, close);
    if (expression.trim() === '') throw new JsonPathSyntaxError(text, 'empty filter');
    const end = skipSpaces(text, close + 1);
    if (text[end] !== ']') throw new JsonPathSyntaxError(text, "expected ']' after a filter");
    return [{ kind: 'filter', expression }, end + 1];
  }
  if (text[position] === '*') {
    position = skipSpaces(text, position + 1);
    if (text[position] !== ']') throw new JsonPathSyntaxError(text, "expected ']' after '*'");
    return [{ kind: 'wildcard' }, position + 1];
  }
  if (text[position] === "'" || text[position] === '"') return readQuotedNames(text, position);
  const close = text.indexOf(']', position);
  if (close < 0) throw new JsonPathSyntaxError(text, "missing ']'");
  const body = text.slice(position, close).trim();
  return [parseNumericSelector(text, body), close + 1];
}

function readQuotedNames(text: string, start: number): [JsonPathSegment, number] {
  const names: string[] = [];
  let position = start;
  for (;;) {
    const quote = text[position];
    if (quote !== "'" && quote !== '"') throw new JsonPathSyntaxError(text, 'expected a quoted name');
    let name = '';
    position += 1;
    // A backslash keeps the next character from closing the name, and both stay in it: AWS selects the
    // field `a\"b` with `$['a\"b']` (scenarios/test_base_scenarios, ESCAPE_SEQUENCES_JSONPATH).
    while (position < text.length && text[position] !== quote) {
      if (text[position] === '\\' && position + 1 < text.length) {
        name += '\\';
        position += 1;
      }
      name += text.charAt(position);
      position += 1;
    }
    if (position >= text.length) throw new JsonPathSyntaxError(text, 'unterminated quoted name');
    names.push(name);
    position = skipSpaces(text, position + 1);
    if (text[position] === ']') break;
    if (text[position] !== ',') throw new JsonPathSyntaxError(text, "expected ',' or ']'");
    position = skipSpaces(text, position + 1);
  }
  const only = names[0];
  const segment: JsonPathSegment =
    names.length === 1 && only !== undefined ? { kind: 'property', name: only } : { kind: 'union', members: names };
  return [segment, position + 1];
}

const INTEGER = /^-?\d+$/;

function parseInteger(text: string, part: string): number {
  if (!INTEGER.test(part)) throw new JsonPathSyntaxError(text, `'${part}' is not an integer`);
  return Number(part);
}

function parseNumericSelector(text: string, body: string): JsonPathSegment {
  if (body.includes(':')) {
    const parts = body.split(':').map((part) => part.trim());
    if (parts.length > 3) throw new JsonPathSyntaxError(text, `bad slice '${body}'`);
    const [start = '', end = '', step = ''] = parts;
    return {
      kind: 'slice',
      ...(start === '' ? {} : { start: parseInteger(text, start) }),
      ...(end === '' ? {} : { end: parseInteger(text, end) }),
      ...(step === '' ? {} : { step: parseInteger(text, step) }),
    };
  }
  if (body.includes(',')) {
    return { kind: 'union', members: body.split(',').map((part) => parseInteger(text, part.trim())) };
  }
  return { kind: 'index', index: parseInteger(text, body) };
}

function findFilterEnd(text: string, openParen: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let position = openParen; position < text.length; position += 1) {
    const char = text[position];
    if (quote !== undefined) {
      if (char === '\\') position += 1;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '(') depth += 1;
    else if (char === ')') {
      depth -= 1;
      if (depth === 0) return position;
    }
  }
  throw new JsonPathSyntaxError(text, 'unterminated filter');
}

function skipSpaces(text: string, position: number): number {
  let next = position;
  while (text[next] === ' ') next += 1;
  return next;
}

/**
 * The path as AWS prints it in `No results for path: …` causes (Jayway's normalised form),
 * e.g. `$.a.b[0]` → `$['a']['b'][0]`.
 */
export function normalizeJsonPath(path: JsonPath): string {
  const rootText = path.root.kind === 'input' ? '$' : path.root.kind === 'context' ? '$$' : `$${path.root.name}`;
  return rootText + path.segments.map(formatSegment).join('');
}

function formatSegment(segment: JsonPathSegment): string {
  switch (segment.kind) {
    case 'property':
      return `['${segment.name}']`;
    case 'index':
      return `[${segment.index}]`;
    case 'wildcard':
      return '[*]';
    case 'slice':
      return `[${segment.start ?? ''}:${segment.end ?? ''}${segment.step === undefined ? '' : `:${segment.step}`}]`;
    case 'union':
      return `[${segment.members.map((member) => (typeof member === 'number' ? String(member) : `'${member}'`)).join(',')}]`;
    case 'filter':
      return '[?]';
    case 'descendants':
      return `..${formatSegment(segment.selector)}`;
    case 'function':
      return `.${segment.name}()`;
    default:
      return assertNever(segment);
  }
}
