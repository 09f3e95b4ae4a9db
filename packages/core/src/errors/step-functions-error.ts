/**
 * The base of every error a caller of the API can cause. `code` is AWS's error code
 * (the wire `__type`), `name` equals it, and `message` is what AWS sends.
 */
export abstract class StepFunctionsError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = code;
  }
}

/** True for errors that carry an AWS error code; anything else reaching the API edge is a bug. */
export function isStepFunctionsError(value: unknown): value is StepFunctionsError {
  return value instanceof StepFunctionsError;
}
