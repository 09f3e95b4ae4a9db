/** Makes a `switch` over a union exhaustive: a variant nobody handles is a compile error. */
export function assertNever(value: never): never {
  throw new TypeError(`Unhandled variant: ${JSON.stringify(value)}`);
}
