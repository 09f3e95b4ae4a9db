import { StepFunctionsError } from '@statefold/core';

// The AWS JSON 1.0 protocol's own errors: AWS's front end raises them before an operation runs,
// so they are not in the service's error list, but every SDK knows their codes.

/** AWS error `UnknownOperationException`: no action, an unknown action, or a request that is not AWS JSON. */
export class UnknownOperationException extends StepFunctionsError<'UnknownOperationException'> {
  constructor(message: string) {
    super('UnknownOperationException', message);
  }
}

/** AWS error `SerializationException`: the body is not UTF-8 JSON of the operation's input shape. */
export class SerializationException extends StepFunctionsError<'SerializationException'> {
  constructor(message: string) {
    super('SerializationException', message);
  }
}

/** HTTP 413 `RequestEntityTooLargeException`: the body is larger than a Step Functions request may be. */
export class RequestEntityTooLargeException extends StepFunctionsError<'RequestEntityTooLargeException'> {
  constructor(readonly maxBodyBytes: number) {
    super('RequestEntityTooLargeException', `Request body must not be larger than ${maxBodyBytes} bytes`);
  }
}

/**
 * HTTP 408 `RequestTimeoutException` (the code S3 Glacier answers a body that stops arriving with):
 * the client took too long to send its headers or body; the connection closes after the answer.
 */
export class RequestTimeoutException extends StepFunctionsError<'RequestTimeoutException'> {
  constructor(message: string) {
    super('RequestTimeoutException', message);
  }
}

/** AWS common error `InternalFailure` (HTTP 500): what a client sees of a bug in statefold. */
export class InternalFailure extends StepFunctionsError<'InternalFailure'> {
  constructor() {
    super('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.');
  }
}

// The front end's authentication errors (AWS JSON services send these codes when a request's
// Signature Version 4 does not check out); only raised when the server is configured to check them.

/** AWS error `MissingAuthenticationTokenException` (HTTP 403): the request is not signed. */
export class MissingAuthenticationTokenException extends StepFunctionsError<'MissingAuthenticationTokenException'> {
  constructor() {
    super('MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
}

/** AWS error `IncompleteSignatureException`: the `Authorization` header lacks a part of a SigV4 signature. */
export class IncompleteSignatureException extends StepFunctionsError<'IncompleteSignatureException'> {
  constructor(message: string) {
    super('IncompleteSignatureException', message);
  }
}

/** AWS error `UnrecognizedClientException`: the request is signed with an access key the server does not know. */
export class UnrecognizedClientException extends StepFunctionsError<'UnrecognizedClientException'> {
  constructor() {
    super('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
}

/** AWS error `InvalidSignatureException`: the signature, its scope or its date does not check out. */
export class InvalidSignatureException extends StepFunctionsError<'InvalidSignatureException'> {
  constructor(message: string) {
    super('InvalidSignatureException', message);
  }
}

// HTTP statuses that the service model gives some errors (its `httpError` traits); every other
// client error is 400. SDKs pick the exception class from `__type`, so the status is informative.
const HTTP_STATUS_BY_CODE: { readonly [code: string]: number } = {
  ConflictException: 409,
  MissingAuthenticationTokenException: 403,
  ResourceNotFound: 404,
  ServiceQuotaExceededException: 402,
  RequestEntityTooLargeException: 413,
  RequestTimeoutException: 408,
  InternalFailure: 500,
};

/** The HTTP status AWS answers an error code with. */
export function httpStatusOf(code: string): number {
  return HTTP_STATUS_BY_CODE[code] ?? 400;
}

// Members beyond `message` that the service model declares on some errors.
const EXTRA_ERROR_MEMBERS: { readonly [code: string]: readonly string[] } = {
  ResourceNotFound: ['resourceName'],
  TooManyTags: ['resourceName'],
  ValidationException: ['reason'],
};

/** The wire body of an error: `{ "__type": code, "message": … }` plus the members its model declares. */
export function toWireError(error: StepFunctionsError): Readonly<Record<string, string>> {
  const body: Record<string, string> = { __type: error.code, message: error.message };
  const fields = error as unknown as Readonly<Record<string, unknown>>;
  for (const member of EXTRA_ERROR_MEMBERS[error.code] ?? []) {
    const value = fields[member];
    if (typeof value === 'string') body[member] = value;
  }
  return body;
}
