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
