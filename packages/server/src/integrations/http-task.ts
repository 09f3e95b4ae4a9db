import { isJsonObject, type JsonObject, type JsonValue, type ServiceTaskHandler } from '@statefold/core';

/** The resource of HTTP Tasks. */
export const HTTP_INVOKE_RESOURCE = 'arn:aws:states:::http:invoke';

/**
 * What statefold uses in place of an EventBridge connection: the credentials and the extra
 * headers, query parameters and body members the connection adds to every request it authorizes.
 */
export interface HttpConnection {
  readonly apiKey?: { readonly name: string; readonly value: string };
  readonly basic?: { readonly username: string; readonly password: string };
  readonly headers?: Readonly<Record<string, string>>;
  readonly queryParameters?: Readonly<Record<string, string>>;
  readonly bodyParameters?: Readonly<Record<string, string>>;
}

/** How HTTP Tasks are run. */
export interface HttpTaskOptions {
  /** Connections by the `ConnectionArn` a definition names in `Authentication`. */
  readonly connections?: ReadonlyMap<string, HttpConnection>;
  /** AWS gives an HTTP Task 60 seconds before it fails with `States.Http.Socket`. */
  readonly timeoutMs?: number;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
const ARRAY_FORMATS = new Set(['INDICES', 'REPEAT', 'COMMAS', 'BRACKETS']);

/**
 * Runs `arn:aws:states:::http:invoke` tasks as Step Functions does: builds the request from
 * `ApiEndpoint`, `Method`, `Headers`, `QueryParameters`, `RequestBody` and `Transform`, adds the
 * connection's credentials, and answers `{ Headers, ResponseBody, StatusCode, StatusText }`. A
 * status of 400 or more fails with `States.Http.StatusCode.<status>` and that answer as the cause;
 * no answer (refused, reset, timed out) fails with `States.Http.Socket`.
 */
export function createHttpTask(options: HttpTaskOptions = {}): ServiceTaskHandler {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return async (request) => {
    const built = buildRequest(request.parameters, options.connections ?? new Map());
    if ('error' in built) return { ok: false, ...built };
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(built.url, {
        method: built.method,
        headers: built.headers,
        ...(built.body === undefined ? {} : { body: built.body }),
        signal: AbortSignal.any([request.signal, timeout]),
      });
    } catch (error) {
      const cause = timeout.aborted
        ? `The request to ${built.url} timed out after ${timeoutMs / 1000} seconds`
        : `The request to ${built.url} failed: ${socketProblem(error)}`;
      return { ok: false, error: 'States.Http.Socket', cause };
    }
    const answer = await readAnswer(response);
    if (response.status >= 400) {
      return { ok: false, error: `States.Http.StatusCode.${response.status}`, cause: JSON.stringify(answer) };
    }
    return { ok: true, output: answer };
  };
}

interface BuiltRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

function buildRequest(
  raw: JsonValue,
  connections: ReadonlyMap<string, HttpConnection>,
): BuiltRequest | { error: string; cause: string } {
  const parameters = isJsonObject(raw) ? raw : {};
  const invalid = (cause: string) => ({ error: 'States.Runtime', cause });
  const endpoint = parameters['ApiEndpoint'];
  const method = parameters['Method'];
  if (typeof endpoint !== 'string') return invalid("The HTTP Task's 'ApiEndpoint' must be a string URL.");
  if (typeof method !== 'string' || !METHODS.has(method.toUpperCase()))
    return invalid(`The HTTP Task's 'Method' must be one of ${[...METHODS].join(', ')}.`);
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return invalid(`The HTTP Task's 'ApiEndpoint' is not a URL: '${endpoint}'.`);
  }
  const authentication = parameters['Authentication'];
  const connectionArn = isJsonObject(authentication) ? authentication['ConnectionArn'] : undefined;
  let connection: HttpConnection = {};
  if (typeof connectionArn === 'string') {
    const found = connections.get(connectionArn);
    if (found === undefined) {
      return invalid(
        `No connection '${connectionArn}' is configured. Add it under "http.connections" in the statefold config file (see README, "Service integrations").`,
      );
    }
    connection = found;
  }
  const transform = isJsonObject(parameters['Transform']) ? parameters['Transform'] : {};
  const encoding = transform['RequestBodyEncoding'] ?? 'NONE';
  if (encoding !== 'NONE' && encoding !== 'URL_ENCODED')
    return invalid("The HTTP Task's 'Transform.RequestBodyEncoding' must be NONE or URL_ENCODED.");
  const options = isJsonObject(transform['RequestEncodingOptions']) ? transform['RequestEncodingOptions'] : {};
  const arrayFormat = options['ArrayFormat'] ?? 'INDICES';
  if (typeof arrayFormat !== 'string' || !ARRAY_FORMATS.has(arrayFormat))
    return invalid(`The HTTP Task's 'ArrayFormat' must be one of ${[...ARRAY_FORMATS].join(', ')}.`);

  const query = isJsonObject(parameters['QueryParameters']) ? parameters['QueryParameters'] : {};
  for (const [name, value] of [...Object.entries(query), ...Object.entries(connection.queryParameters ?? {})])
    url.searchParams.append(name, typeof value === 'string' ? value : JSON.stringify(value));

  const headers: Record<string, string> = {};
  const given = isJsonObject(parameters['Headers']) ? parameters['Headers'] : {};
  for (const [name, value] of Object.entries(given))
    headers[name] = typeof value === 'string' ? value : JSON.stringify(value);
  Object.assign(headers, connection.headers);
  if (connection.apiKey !== undefined) headers[connection.apiKey.name] = connection.apiKey.value;
  if (connection.basic !== undefined) {
    const token = Buffer.from(`${connection.basic.username}:${connection.basic.password}`).toString('base64');
    headers['Authorization'] = `Basic ${token}`;
  }

  const upper = method.toUpperCase();
  let body = parameters['RequestBody'];
  if (connection.bodyParameters !== undefined && (body === undefined || isJsonObject(body)))
    body = { ...(body ?? {}), ...connection.bodyParameters };
  if (body === undefined || upper === 'GET' || upper === 'HEAD') return { url: url.href, method: upper, headers };
  if (encoding === 'URL_ENCODED') {
    if (!isJsonObject(body)) return invalid("A URL_ENCODED 'RequestBody' must be a JSON object.");
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return { url: url.href, method: upper, headers, body: urlEncode(body, arrayFormat) };
  }
  if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
  return { url: url.href, method: upper, headers, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

/** `RequestBody` as a form: nested objects as `a[b]=…`, arrays in the `ArrayFormat` AWS documents. */
function urlEncode(body: JsonObject, arrayFormat: string): string {
  const pairs: [string, string][] = [];
  const add = (key: string, value: JsonValue): void => {
    if (Array.isArray(value)) {
      if (arrayFormat === 'COMMAS') pairs.push([key, value.map(scalarText).join(',')]);
      else
        value.forEach((item, index) =>
          add(arrayFormat === 'INDICES' ? `${key}[${index}]` : arrayFormat === 'BRACKETS' ? `${key}[]` : key, item),
        );
    } else if (isJsonObject(value)) {
      for (const [name, inner] of Object.entries(value)) add(`${key}[${name}]`, inner);
    } else pairs.push([key, scalarText(value)]);
  };
  for (const [name, value] of Object.entries(body)) add(name, value);
  return pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
}

function scalarText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function hasHeader(headers: Readonly<Record<string, string>>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** The task's output: headers (each a list, as AWS reports them), the body (parsed when JSON), the status. */
async function readAnswer(response: Response): Promise<JsonObject> {
  const headers: Record<string, JsonValue> = {};
  response.headers.forEach((value, name) => {
    headers[name] = [value];
  });
  const text = await response.text();
  let body: JsonValue = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') {
    try {
      body = JSON.parse(text) as JsonValue;
    } catch {
      body = text;
    }
  }
  return { Headers: headers, ResponseBody: body, StatusCode: response.status, StatusText: response.statusText };
}

function socketProblem(error: unknown): string {
  const cause = error instanceof Error ? (error.cause ?? error) : error;
  return cause instanceof Error ? cause.message : String(cause);
}
