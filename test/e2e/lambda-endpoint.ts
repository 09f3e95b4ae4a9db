import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// Test-only: a server speaking the Lambda Invoke API (`POST /2015-03-31/functions/<name>/invocations`)
// for the end-to-end suites, answering from in-test functions as a real Lambda endpoint would.

/** What one function answers: a payload, a function error (HTTP 200 + X-Amz-Function-Error), or an API error. */
export type LambdaAnswer =
  | { readonly payload: unknown }
  | { readonly functionError: string; readonly payload: unknown }
  | { readonly status: number; readonly errorType: string; readonly message: string };

/** One invocation as the endpoint received it. */
export interface ReceivedInvocation {
  readonly functionName: string;
  readonly payload: unknown;
}

export interface LambdaEndpoint {
  readonly url: string;
  readonly invocations: readonly ReceivedInvocation[];
  close(): Promise<void>;
}

/**
 * Starts the endpoint on a free port of 127.0.0.1. Functions are found by name (from a name or an ARN,
 * as Lambda does); one not in `functions` answers 404 ResourceNotFoundException.
 */
export async function startLambdaEndpoint(
  functions: Readonly<Record<string, (payload: unknown) => LambdaAnswer | Promise<LambdaAnswer>>>,
): Promise<LambdaEndpoint> {
  const invocations: ReceivedInvocation[] = [];
  const server: Server = createServer((request, response) => void answer(request, response));

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(request.url ?? '');
    if (request.method !== 'POST' || match?.[1] === undefined) {
      reply(response, { status: 404, errorType: 'UnknownOperationException', message: 'Unknown operation' });
      return;
    }
    const functionName = decodeURIComponent(match[1]);
    const text = Buffer.concat(chunks).toString('utf8');
    const payload: unknown = text === '' ? null : JSON.parse(text);
    invocations.push({ functionName, payload });
    // Lambda takes a name, a full ARN or a partial one (`123456789012:function:name`).
    const handler =
      functions[functionName.replace(/^(arn:aws:lambda:[^:]+:)?(\d{12}:)?function:/, '').split(':', 1)[0] ?? ''];
    reply(
      response,
      handler === undefined
        ? { status: 404, errorType: 'ResourceNotFoundException', message: `Function not found: ${functionName}` }
        : await handler(payload),
    );
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    invocations,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function reply(response: ServerResponse, answer: LambdaAnswer): void {
  response.setHeader('content-type', 'application/json');
  if ('status' in answer) {
    response.statusCode = answer.status;
    response.setHeader('x-amzn-errortype', answer.errorType);
    response.end(JSON.stringify({ Type: 'User', message: answer.message }));
    return;
  }
  response.statusCode = 200;
  if ('functionError' in answer) response.setHeader('x-amz-function-error', answer.functionError);
  response.end(JSON.stringify(answer.payload));
}
