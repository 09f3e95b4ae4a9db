import { isJsonObject, type JsonValue } from './json.js';

/** Deep JSON equality: arrays by position, objects by key set regardless of key order. Pure. */
export function jsonEquals(left: JsonValue, right: JsonValue): boolean {
  if (left === right) return true;
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right)) return false;
    const a: readonly JsonValue[] = left;
    const b: readonly JsonValue[] = right;
    return (
      a.length === b.length &&
      a.every((item, index) => {
        const other = b[index];
        return other !== undefined && jsonEquals(item, other);
      })
    );
  }
  if (isJsonObject(left) && isJsonObject(right)) {
    const keys = Object.keys(left);
    if (keys.length !== Object.keys(right).length) return false;
    return keys.every((key) => {
      const other = right[key];
      const mine = left[key];
      return other !== undefined && mine !== undefined && jsonEquals(mine, other);
    });
  }
  return false;
}
