import type { JsonValue } from './json.js';

/** True when `value` is a JSON array; narrows to `readonly JsonValue[]` (Array.isArray gives `any[]`). */
export function isJsonArray(value: JsonValue | undefined): value is readonly JsonValue[] {
  return Array.isArray(value);
}
