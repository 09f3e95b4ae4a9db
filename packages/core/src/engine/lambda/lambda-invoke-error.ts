/**
 * A failed Lambda Invoke (the invoke itself, not the function): `name` is Lambda's error code
 * (`ResourceNotFoundException`, `TooManyRequestsException`, `ServiceException` …), as the
 * `LambdaInvoker` port asks, and `message` Lambda's message.
 */
export class LambdaInvokeError extends Error {
  constructor(
    code: string,
    message: string,
    /** The HTTP status the endpoint answered, when there was an answer. */
    readonly statusCode?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = code;
  }
}
