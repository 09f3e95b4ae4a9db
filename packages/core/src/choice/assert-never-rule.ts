/** Makes a `switch` over Choice rules exhaustive: a rule kind nobody handles is a compile error. */
export function assertNeverRule(rule: never): never {
  throw new TypeError(`Unhandled Choice rule: ${JSON.stringify(rule)}`);
}
