import type { JsonValue } from '../data/index.js';
import type { LambdaInvokeResult } from './ports.js';

/** What the response metadata needs besides the result: fresh ids and the time, for what no HTTP response said. */
export interface LambdaResponseContext {
  now(): Date;
  uuid(): string;
}

// The Invoke API's response headers as the AWS SDK reports them in SdkHttpMetadata (AWS's spelling).
const HEADER_NAMES = [
  'Connection',
  'Content-Length',
  'Content-Type',
  'Date',
  'X-Amz-Executed-Version',
  'X-Amz-Log-Result',
  'x-amzn-Remapped-Content-Length',
  'x-amzn-RequestId',
  'X-Amzn-Trace-Id',
] as const;
type HeaderName = (typeof HEADER_NAMES)[number];

/**
 * The optimised `lambda:invoke` integration's output: the Invoke API response around the payload,
 * as the AWS SDK reports it. Headers come from the endpoint's real HTTP response when the invoker
 * made one (its Content-Length counts the bytes the function really returned); what no response
 * said is computed, as an in-process invoker has none. `LogResult` appears when the log was asked
 * for (`LogType: Tail`), as it does on AWS. Pure apart from `context`.
 */
export function lambdaInvokeResponse(
  result: LambdaInvokeResult,
  context: LambdaResponseContext,
  logType: 'Tail' | 'None' | undefined,
): JsonValue {
  const received = receivedHeaders(result);
  const requestId = received.get('x-amzn-RequestId') ?? context.uuid();
  const now = context.now();
  const logResult = received.get('X-Amz-Log-Result') ?? (logType === 'Tail' ? computedLogTail(requestId) : undefined);
  const computed: Record<HeaderName, string | undefined> = {
    Connection: 'keep-alive',
    'Content-Length': String(Buffer.byteLength(JSON.stringify(result.payload), 'utf8')),
    'Content-Type': 'application/json',
    Date: now.toUTCString(),
    'X-Amz-Executed-Version': '$LATEST',
    'X-Amz-Log-Result': logResult,
    'x-amzn-Remapped-Content-Length': '0',
    'x-amzn-RequestId': requestId,
    'X-Amzn-Trace-Id': `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${requestId.replace(/-/g, '').slice(0, 24)}`,
  };
  const headers: Record<string, string> = {};
  for (const name of HEADER_NAMES) {
    const value = received.get(name) ?? computed[name];
    if (value !== undefined) headers[name] = value;
  }
  const statusCode = result.http?.statusCode ?? 200;
  const executedVersion = headers['X-Amz-Executed-Version'] ?? '$LATEST';
  return {
    ExecutedVersion: executedVersion,
    ...(logResult !== undefined ? { LogResult: logResult } : {}),
    Payload: result.payload,
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
      HttpHeaders: headers,
      HttpStatusCode: statusCode,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: statusCode,
  };
}

/** The known headers of the invoker's HTTP response, keyed by AWS's spelling of their names. */
function receivedHeaders(result: LambdaInvokeResult): ReadonlyMap<HeaderName, string> {
  const byLowerName = new Map(HEADER_NAMES.map((name) => [name.toLowerCase(), name]));
  const received = new Map<HeaderName, string>();
  for (const [name, value] of Object.entries(result.http?.headers ?? {})) {
    const known = byLowerName.get(name.toLowerCase());
    if (known !== undefined) received.set(known, value);
  }
  return received;
}

/** A log tail for an invoke that ran in-process: the START/END/REPORT lines Lambda writes, base64. */
function computedLogTail(requestId: string): string {
  const lines = [
    `START RequestId: ${requestId} Version: $LATEST`,
    `END RequestId: ${requestId}`,
    `REPORT RequestId: ${requestId}`,
  ];
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8').toString('base64');
}
