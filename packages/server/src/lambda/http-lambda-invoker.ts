import { type JsonValue, LambdaInvokeError, type LambdaInvokeResult, type LambdaInvoker } from '@statefold/core';

/** Where an `HttpLambdaInvoker` sends its invokes. */
export interface HttpLambdaInvokerOptions {
  /** The base URL of a server speaking the Lambda Invoke API, e.g. `http://127.0.0.1:3001`. */
  readonly endpoint: string;
}

/**
 * Invokes functions through the Lambda Invoke API over HTTP, as AWS Step Functions Local's
 * `LAMBDA_ENDPOINT` does: `POST {endpoint}/2015-03-31/functions/<name>/invocations` with the payload
 * as JSON. A 2xx answer is the function's result (`X-Amz-Function-Error` → `functionError`), with the
 * response's status and headers, which `lambda:invoke` reports as `SdkHttpMetadata`; any other
 * status rejects with a `LambdaInvokeError` named after `x-amzn-ErrorType` (or the body's `__type`/`Type`)
 * and carrying the body's message. An unreachable endpoint rejects with `ServiceException`.
 */
export class HttpLambdaInvoker implements LambdaInvoker {
  readonly #endpoint: string;

  constructor(options: HttpLambdaInvokerOptions) {
    this.#endpoint = options.endpoint.replace(/\/+$/, '');
  }

  async invoke(request: {
    readonly functionName: string;
    readonly payload: JsonValue;
    readonly signal?: AbortSignal;
    readonly logType?: 'Tail' | 'None';
  }): Promise<LambdaInvokeResult> {
    const url = `${this.#endpoint}/2015-03-31/functions/${encodeURIComponent(request.functionName)}/invocations`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-amz-invocation-type': 'RequestResponse',
          ...(request.logType === undefined ? {} : { 'x-amz-log-type': request.logType }),
        },
        body: JSON.stringify(request.payload),
        ...(request.signal === undefined ? {} : { signal: request.signal }),
      });
    } catch (error) {
      if (request.signal?.aborted === true) throw error;
      throw new LambdaInvokeError(
        'ServiceException',
        `Unable to reach the Lambda endpoint ${this.#endpoint}`,
        undefined,
        {
          cause: error,
        },
      );
    }
    const body = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(body);
    if (!response.ok) throw invokeErrorOf(response, text);
    const payload = parsePayload(text);
    const functionError = response.headers.get('x-amz-function-error');
    const http = { statusCode: response.status, headers: responseHeaders(response, body.byteLength) };
    return functionError === null ? { payload, http } : { payload, functionError, http };
  }
}

// The response's headers as received; a chunked answer has no Content-Length, so the body's byte
// count stands in for it (what the header would have said).
function responseHeaders(response: Response, byteLength: number): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  headers['content-length'] ??= String(byteLength);
  return headers;
}

// Lambda's answers are JSON; an empty body is a function that returned nothing.
function parsePayload(text: string): JsonValue {
  if (text === '') return null;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

function invokeErrorOf(response: Response, text: string): LambdaInvokeError {
  let body: Readonly<Record<string, unknown>> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Readonly<Record<string, unknown>>;
  } catch {
    body = {};
  }
  const header = response.headers.get('x-amzn-errortype');
  const rawCode = header ?? stringMember(body, '__type') ?? stringMember(body, 'Type') ?? 'ServiceException';
  // AWS writes `Code:http://internal…` in the header and sometimes `namespace#Code` in the body.
  const code = rawCode.split(':', 1)[0]?.split('#').at(-1) ?? rawCode;
  const message = stringMember(body, 'message') ?? stringMember(body, 'Message') ?? (text || response.statusText);
  return new LambdaInvokeError(code, message, response.status);
}

function stringMember(body: Readonly<Record<string, unknown>>, member: string): string | undefined {
  const value = body[member];
  return typeof value === 'string' ? value : undefined;
}
