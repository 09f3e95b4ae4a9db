import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isStepFunctionsError } from '@statefold/core';
import { acceptOf, CONSOLE_API_PREFIX, sendConsoleAnswer, type ConsoleRoutes } from '../console/console-routes.js';
import { ACTION_INPUT_TYPES, isActionName, type ActionName } from './action-input-types.js';
import { checkMemberTypes } from './check-member-types.js';
import { createConsoleLogger, type Logger } from './logger.js';
import {
  httpStatusOf,
  InternalFailure,
  RequestTimeoutException,
  SerializationException,
  toWireError,
  UnknownOperationException,
} from './protocol-errors.js';
import { DEFAULT_MAX_BODY_BYTES, readBody, type BodyLimits } from './read-body.js';
import { connectionsCheckingIntervalOf, DEFAULT_SERVER_TIMEOUTS, type ServerTimeouts } from './server-timeouts.js';
import { findActionMethod, type ServiceApi } from './service-api.js';
import type { RequestVerifier } from './sigv4-verifier.js';
import { parseRequestJson, toWireJson } from './wire-json.js';

/** What `createServer` needs: the service, and optionally where to log and how large a body may be. */
export interface CreateServerOptions {
  readonly service: ServiceApi;
  /**
   * Receives one line per request answered 5xx (with the failure's stack) and, at its `debug`
   * level, one line per request. Defaults to stdout/stderr, as text.
   */
  readonly logger?: Logger;
  /** Larger bodies are refused with HTTP 413 before they are buffered. Defaults to AWS's 1 MiB. */
  readonly maxBodyBytes?: number;
  /** How long a client may take to send its headers and body; `DEFAULT_SERVER_TIMEOUTS` by default. */
  readonly timeouts?: ServerTimeouts;
  /** Makes the `x-amzn-RequestId` of each response. Defaults to a random UUID. */
  readonly createRequestId?: () => string;
  /**
   * Checks each API request's headers before its body is read, then the body (e.g.
   * `createSigV4Verifier`); a thrown `StepFunctionsError` is the answer. None by default: local
   * servers accept any or no signature.
   */
  readonly verifyRequest?: RequestVerifier;
  /**
   * The web console's page and read-only API (`createConsoleRoutes`); none by default. Its API
   * requests are checked by `verifyRequest` like the Step Functions API's; its page is open.
   */
  readonly console?: ConsoleRoutes;
}

/** A `node:http` server speaking AWS JSON 1.0 for Step Functions, with a graceful `shutdown`. */
export interface StatefoldServer extends Server {
  /**
   * Stops accepting connections, answers every waiting GetActivityTask poll with no task, lets
   * in-flight requests finish, then resolves once the server is closed. Idempotent.
   */
  shutdown(): Promise<void>;
}

const TARGET_PREFIX = 'AWSStepFunctions.';
const RESPONSE_CONTENT_TYPE = 'application/x-amz-json-1.0';
const ACCEPTED_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'application/x-amz-json-1.0',
  'application/x-amz-json-1.1',
  'application/json',
]);

// Answers after which a request's unread body is not drained: the connection closes instead.
const CLOSING_ERRORS: ReadonlySet<string> = new Set([
  'RequestTimeoutException',
  'MissingAuthenticationTokenException',
  'IncompleteSignatureException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
]);

interface WireResponse {
  readonly status: number;
  readonly body: string;
  readonly errorType?: string;
}

/**
 * Creates the Step Functions endpoint: `POST /` with `X-Amz-Target: AWSStepFunctions.<Action>` runs
 * the service method for `<Action>` and answers as AWS does (epoch-second timestamps, `__type` errors,
 * `x-amzn-RequestId`), so `@aws-sdk/client-sfn`, the AWS CLI and boto3 work against it unchanged.
 * Protocol faults answer `UnknownOperationException`, `SerializationException` or HTTP 413; headers
 * or a body that arrive too slowly (`timeouts`) answer HTTP 408 `RequestTimeoutException` and close
 * the connection; an error that is not a `StepFunctionsError` answers HTTP 500 `InternalFailure` and
 * is logged with its stack.
 * `GET /` answers 200 as a health check. Call `listen` to start it and `shutdown` to stop it.
 */
export function createServer(options: CreateServerOptions): StatefoldServer {
  const logger = options.logger ?? createConsoleLogger();
  const timeouts = options.timeouts ?? DEFAULT_SERVER_TIMEOUTS;
  const bodyLimits: BodyLimits = {
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    idleTimeoutMs: timeouts.bodyIdleMs,
  };
  const createRequestId = options.createRequestId ?? randomUUID;
  const shutdownController = new AbortController();
  let inFlight = 0;
  let onIdle: (() => void) | undefined;
  let shutdownPromise: Promise<void> | undefined;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const requestId = createRequestId();
    const startedAt = performance.now();
    // Only a long poll needs a signal for a client that went away; making an AbortController for
    // every request cost as much as some whole operations.
    let gone = false;
    let clientGone: AbortController | undefined;
    response.once('close', () => {
      if (response.writableFinished) return;
      gone = true;
      clientGone?.abort();
    });
    const clientGoneSignal = (): AbortSignal => {
      clientGone ??= new AbortController();
      if (gone) clientGone.abort();
      return clientGone.signal;
    };
    const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
    const method = request.method ?? '';
    if (options.console?.owns(method, path, acceptOf(request))) {
      await answerConsole(options.console, request, response, path, requestId);
      return;
    }
    let wire: WireResponse;
    try {
      wire = await answer(request, clientGoneSignal);
    } catch (error) {
      // A client that went away mid-request is no failure of ours, and there is no one to answer.
      if (!isStepFunctionsError(error) && (gone || request.socket.destroyed)) return;
      wire = errorResponse(error, request, requestId, logger);
    }
    // A body that stopped arriving, or that an unauthenticated client sends, is not read further:
    // the connection closes after the answer. Any other unread body is drained to keep it open.
    const abandoned = request.complete === false && CLOSING_ERRORS.has(wire.errorType ?? '');
    if (request.complete === false && !abandoned) request.resume();
    send(response, wire, requestId, shutdownController.signal.aborted || abandoned);
    logger.debug?.(`${request.method ?? ''} ${actionOf(request)} ${wire.status} (request ${requestId})`, {
      event: 'request',
      requestId,
      action: actionOf(request),
      status: wire.status,
      ...(wire.errorType === undefined ? {} : { errorType: wire.errorType }),
      durationMs: Math.round(performance.now() - startedAt),
    });
  };

  const answerConsole = async (
    routes: ConsoleRoutes,
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    requestId: string,
  ): Promise<void> => {
    try {
      // The console's API is checked as the Step Functions API is: headers before the body.
      const checkBody = path.startsWith(CONSOLE_API_PREFIX) ? options.verifyRequest?.(request) : undefined;
      const body = await readBody(request, bodyLimits);
      checkBody?.(body);
      sendConsoleAnswer(response, await routes.answer(request.method ?? '', path, body), requestId);
    } catch (error) {
      if (!isStepFunctionsError(error) && request.socket.destroyed) return;
      const wire = errorResponse(error, request, requestId, logger);
      const abandoned = request.complete === false && CLOSING_ERRORS.has(wire.errorType ?? '');
      if (request.complete === false && !abandoned) request.resume();
      send(response, wire, requestId, shutdownController.signal.aborted || abandoned);
    }
  };

  const answer = async (request: IncomingMessage, clientGone: () => AbortSignal): Promise<WireResponse> => {
    const path = (request.url ?? '/').split('?', 1)[0];
    if (request.method === 'GET' && path === '/') {
      return { status: 200, body: JSON.stringify({ status: 'ok', service: 'statefold' }) };
    }
    if (request.method !== 'POST' || path !== '/') {
      throw new UnknownOperationException(
        `Step Functions answers POST / only, not ${request.method ?? ''} ${path ?? ''}`,
      );
    }
    // A signature covers the body, so a checked request is read whole before it is looked at; its
    // headers are checked first, so an unknown key or a malformed signature never costs a body.
    let body: Buffer | undefined;
    if (options.verifyRequest !== undefined) {
      const checkBody = options.verifyRequest(request);
      body = await readBody(request, bodyLimits);
      checkBody(body);
    }
    const action = targetActionOf(request);
    checkContentType(request);
    const json = parseRequestJson(body ?? (await readBody(request, bodyLimits)));
    const input = checkMemberTypes(json, ACTION_INPUT_TYPES[action]);
    const method = findActionMethod(options.service, action);
    if (method === undefined) throw new UnknownOperationException(`statefold does not support the operation ${action}`);
    const result =
      action === 'GetActivityTask'
        ? await method(input, { signal: AbortSignal.any([clientGone(), shutdownController.signal]) })
        : await method(input);
    return { status: 200, body: toWireJson(result) };
  };

  const server = createHttpServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: connectionsCheckingIntervalOf(timeouts),
    },
    (request, response) => {
      inFlight++;
      handle(request, response)
        .catch((error: unknown) => {
          logger.error(`statefold: failed to answer a request: ${stackOf(error)}`, { event: 'request-failed' });
          response.destroy();
        })
        .finally(() => {
          inFlight--;
          if (inFlight === 0) onIdle?.();
        });
    },
  );

  server.on('clientError', (error: NodeJS.ErrnoException, socket) => answerUnparsableRequest(error, socket, timeouts));

  const shutdown = (): Promise<void> => {
    shutdownPromise ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      shutdownController.abort();
      if (inFlight > 0) await new Promise<void>((resolve) => (onIdle = resolve));
      server.closeIdleConnections();
      await closed;
    })();
    return shutdownPromise;
  };

  return Object.assign(server, { shutdown });
}

function targetActionOf(request: IncomingMessage): ActionName {
  const target = request.headers['x-amz-target'];
  if (typeof target !== 'string' || target === '') {
    throw new UnknownOperationException('Missing X-Amz-Target header');
  }
  const action = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  if (action === undefined || !isActionName(action)) {
    throw new UnknownOperationException(`Unknown operation: ${target}`);
  }
  return action;
}

// AWS dispatches on the content type too: a body that does not say it is AWS JSON names no operation.
function checkContentType(request: IncomingMessage): void {
  const contentType = (request.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (!ACCEPTED_CONTENT_TYPES.has(contentType)) {
    throw new UnknownOperationException(`Unsupported Content-Type '${contentType}': use application/x-amz-json-1.0`);
  }
}

function errorResponse(error: unknown, request: IncomingMessage, requestId: string, logger: Logger): WireResponse {
  const known = isStepFunctionsError(error) ? error : undefined;
  if (known === undefined) {
    const action = actionOf(request);
    logger.error(`statefold: InternalFailure in ${action} (request ${requestId}): ${stackOf(error)}`, {
      event: 'request-failed',
      requestId,
      action,
      status: 500,
    });
  }
  const wireError = known ?? new InternalFailure();
  return {
    status: httpStatusOf(wireError.code),
    body: JSON.stringify(toWireError(wireError)),
    errorType: wireError.code,
  };
}

function send(response: ServerResponse, wire: WireResponse, requestId: string, closing: boolean): void {
  if (response.destroyed || response.headersSent) return;
  response.statusCode = wire.status;
  response.setHeader('content-type', RESPONSE_CONTENT_TYPE);
  response.setHeader('content-length', Buffer.byteLength(wire.body));
  response.setHeader('x-amzn-requestid', requestId);
  if (wire.errorType !== undefined) response.setHeader('x-amzn-errortype', wire.errorType);
  if (closing) response.setHeader('connection', 'close');
  response.end(wire.body);
}

/** The action a request names, for log lines. */
function actionOf(request: IncomingMessage): string {
  const target = request.headers['x-amz-target'];
  return typeof target === 'string' && target !== '' ? target : 'request';
}

// Node's default answers to bytes that are not HTTP/1.1 (an empty 400) and to headers or a body past
// its timeouts (a bare 408) carry no AWS error code; give them one.
function answerUnparsableRequest(error: NodeJS.ErrnoException, socket: Duplex, timeouts: ServerTimeouts): void {
  // A response already under way on this socket cannot be followed by another: just close.
  const answering = (socket as Duplex & { readonly _httpMessage?: { readonly headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || answering?.headersSent === true) {
    socket.destroy();
    return;
  }
  const [status, wireError] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [
          '408 Request Timeout',
          new RequestTimeoutException(
            `Request not received within ${timeouts.requestMs} ms (headers within ${timeouts.headersMs} ms)`,
          ),
        ]
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? ['431 Request Header Fields Too Large', new SerializationException('Request headers are too large')]
        : ['400 Bad Request', new SerializationException('Request is not valid HTTP/1.1')];
  const body = JSON.stringify(toWireError(wireError));
  socket.end(
    `HTTP/1.1 ${status}\r\n` +
      `content-type: ${RESPONSE_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `x-amzn-errortype: ${wireError.code}\r\nconnection: close\r\n\r\n${body}`,
  );
}

// One log line: the stack's line breaks are escaped.
function stackOf(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return JSON.stringify(text);
}
