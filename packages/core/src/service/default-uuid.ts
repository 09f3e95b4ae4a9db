/**
 * The UUID source `StepFunctions` uses when the embedder passes none. Core takes randomness only
 * from its options; this default is the one sanctioned exception, so that `new StepFunctions({ store })`
 * works as-is. Tests and replays inject their own `uuid`.
 */
export function defaultUuid(): string {
  return globalThis.crypto.randomUUID();
}
