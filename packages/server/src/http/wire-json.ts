import { jsonBoundsProblem, type JsonValue } from '@statefold/core';
import { SerializationException } from './protocol-errors.js';

/** How deeply a request body may nest arrays and objects; Step Functions inputs nest at most 4 levels. */
export const MAX_REQUEST_JSON_DEPTH = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a request body as UTF-8 JSON. An empty body is the empty object, as SDKs send `{}` for an
 * input without members. Throws `SerializationException` for invalid UTF-8, JSON that does not
 * parse, nesting deeper than {@link MAX_REQUEST_JSON_DEPTH}, or a number no double holds. Pure.
 */
export function parseRequestJson(body: Uint8Array): JsonValue {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new SerializationException('Request body is not valid UTF-8');
  }
  if (text.trim() === '') return {};
  // Checked before parsing, so a deep body is refused before any work on it; a number such as
  // 1e400 would otherwise reach the service as Infinity.
  const problem = jsonBoundsProblem(text, MAX_REQUEST_JSON_DEPTH);
  if (problem !== undefined) throw new SerializationException(`Request body is not accepted: ${problem}`);
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new SerializationException(`Request body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * True when `text` nests arrays and objects deeper than `maxDepth` (brackets outside string
 * literals are counted), so deep JSON is refused before any recursive work touches it. Pure.
 */
export function nestingDepthExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (char === 0x7d || char === 0x5d) {
      depth--;
    }
  }
  return false;
}

/**
 * Serialises a service result as AWS JSON 1.0 does: `Date` values become epoch seconds with
 * millisecond fractions (a JSON number such as `1700000000.123`), absent (`undefined`) members are
 * omitted. Throws `RangeError` for an invalid `Date`, which is a bug in the caller. Pure.
 */
export function toWireJson(value: unknown): string {
  // Dates are converted before serialising rather than by a replacer: a replacer is a call from
  // JSON.stringify into JavaScript for every member, a third of the server's time on a history.
  return JSON.stringify(withEpochSeconds(value ?? {}, ''));
}

/** `value` with every Date replaced by its epoch seconds; what holds no Date is returned as it is. */
function withEpochSeconds(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) {
    const epochMs = value.getTime();
    if (Number.isNaN(epochMs)) throw new RangeError(`Invalid Date in member '${key}'`);
    return epochMs / 1000;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const converted = withEpochSeconds(item, String(i));
      if (converted !== item) (copy ??= value.slice())[i] = converted;
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const member in record) {
    const item = record[member];
    const converted = withEpochSeconds(item, member);
    // The copy is a spread (an own __proto__ member stays a member); the member already exists in it.
    if (converted !== item) (copy ??= { ...record })[member] = converted;
  }
  return copy ?? value;
}
