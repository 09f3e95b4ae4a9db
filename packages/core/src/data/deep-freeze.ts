/**
 * Freezes `value` and everything reachable from it, and returns it with a readonly type.
 * Mutates (freezes) its argument: call it on values nobody else holds yet.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
