/** Fails loudly when a switch meets a variant nobody handles; the type makes that a compile error. */
export function assertNever(value: never): never {
  throw new TypeError(`Unhandled variant: ${JSON.stringify(value)}`);
}
