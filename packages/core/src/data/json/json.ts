/** A JSON value as JSON.parse returns it: the only data an execution ever carries. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;

/** A JSON object; keys keep their insertion order, as AWS preserves it in outputs. */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** True when `value` is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON type of a value as AWS names it in messages: null, array, object, string, number, boolean. */
export function jsonTypeName(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * `{ ...object, [key]: value }`. Written as a copy and one assignment: V8 (Node 20) adds members
 * to a spread's result through a slow runtime path, about ten times the cost. A `__proto__` key
 * (JSON.parse makes it an own member) must stay a plain member, so that case keeps the spread.
 */
export function withMember(object: JsonObject, key: string, value: JsonValue): JsonObject {
  if (key === '__proto__' || Object.hasOwn(object, '__proto__')) return { ...object, [key]: value };
  const copy: Record<string, JsonValue> = Object.assign({}, object);
  copy[key] = value;
  return copy;
}

/**
 * `record[key] = value` for a key that comes from a user (a payload template's, a variable's): an
 * assignment to `__proto__` would set the prototype and drop the member, so that one is defined.
 */
export function setMember<V>(record: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__')
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}
