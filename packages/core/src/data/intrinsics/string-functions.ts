import { isJsonArray } from '../json/is-json-array.js';
import { isJsonObject, type JsonValue } from '../json/json.js';
import {
  expectArgumentCount,
  expectString,
  intrinsicFailure,
  type IntrinsicImplementation,
} from './intrinsic-arguments.js';

/**
 * How States.Format prints a value: strings bare, and objects and arrays in Java's
 * `{key=value, …}` / `[a, b]` form (conformance cases test_format_2, test_context_json_path).
 */
export function formatArgument(value: JsonValue): string {
  if (typeof value === 'string') return value;
  if (isJsonArray(value)) return `[${value.map(formatArgument).join(', ')}]`;
  if (isJsonObject(value))
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}=${formatArgument(item)}`)
      .join(', ')}}`;
  return String(value);
}

type TemplatePart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'placeholder' };

const ESCAPABLE = new Set(["'", '{', '}', '\\']);

function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  for (let position = 0; position < template.length; position += 1) {
    const char = template.charAt(position);
    const next = template.charAt(position + 1);
    if (char === '\\' && ESCAPABLE.has(next)) {
      text += next;
      position += 1;
    } else if (char === '{' && next === '}') {
      parts.push({ kind: 'text', text }, { kind: 'placeholder' });
      text = '';
      position += 1;
    } else text += char;
  }
  parts.push({ kind: 'text', text });
  return parts;
}

/**
 * `States.Format(template, …values)`: each unescaped `{}` replaced by the next value. `\{` and `\}`
 * are literal braces. The number of `{}` must equal the number of values.
 */
export const statesFormat: IntrinsicImplementation = (invocation) => {
  expectArgumentCount(invocation, 1, Infinity);
  expectString(invocation, 0);
  const [templateArgument, ...values] = invocation.args;
  const parts = parseTemplate(templateArgument?.raw ?? String(templateArgument?.value));
  const placeholders = parts.filter((part) => part.kind === 'placeholder').length;
  if (placeholders !== values.length)
    throw intrinsicFailure(
      invocation,
      `the template has ${placeholders} placeholder(s) but ${values.length} value(s) were given`,
    );
  let next = 0;
  return parts
    .map((part) => {
      if (part.kind === 'text') return part.text;
      const value = values[next]?.value ?? null;
      next += 1;
      return formatArgument(value);
    })
    .join('');
};

/**
 * `States.StringSplit(string, delimiters)`: the string split at every character of `delimiters`,
 * without empty pieces (so `'a,,b'` split at `','` is `['a', 'b']`).
 */
export const statesStringSplit: IntrinsicImplementation = (invocation) => {
  expectArgumentCount(invocation, 2);
  const text = expectString(invocation, 0);
  const delimiters = new Set(expectString(invocation, 1));
  const pieces: string[] = [];
  let piece = '';
  for (const char of text) {
    if (delimiters.has(char)) {
      if (piece !== '') pieces.push(piece);
      piece = '';
    } else piece += char;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
};

/** `States.UUID()`: a version 4 UUID from the injected `dataContext.uuid`. */
export const statesUuid: IntrinsicImplementation = (invocation) => {
  expectArgumentCount(invocation, 0);
  return invocation.dataContext.uuid();
};
