import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { ConsoleApi, ConsoleRequestError } from './console-api.js';
import type { Store } from '@statefold/core';

/** Where the console's API lives; every other console path is a static file. */
export const CONSOLE_API_PREFIX = '/console/api/';

/** The console's answer to one request, or undefined when the path is not the console's. */
export interface ConsoleAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Answers the console's requests: its static files and its read-only API. */
export interface ConsoleRoutes {
  /** True for a path the console serves (its page, its assets, its API). */
  owns(method: string, path: string, accept: string): boolean;
  /** Answers a request the console owns; `body` is the request body (the API's requests are JSON). */
  answer(method: string, path: string, body: Buffer): Promise<ConsoleAnswer>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

type ApiRoute = (api: ConsoleApi, request: Readonly<Record<string, unknown>>) => Promise<ConsoleAnswer>;

const json = (value: unknown): ConsoleAnswer => ({
  status: 200,
  contentType: 'application/json',
  body: JSON.stringify(value),
});

const API_ROUTES: Readonly<Record<string, ApiRoute>> = {
  execution: async (api, request) =>
    json(
      await api.execution(
        stringMember(request, 'executionArn'),
        request['afterEventId'] === undefined ? 0 : numberMember(request, 'afterEventId'),
      ),
    ),
  'state-at': async (api, request) =>
    json(await api.stateAt(stringMember(request, 'executionArn'), numberMember(request, 'eventId'))),
  'what-if': async (api, request) =>
    json(await api.whatIf(stringMember(request, 'executionArn'), stringMember(request, 'definition'))),
  verify: async (api, request) => json(await api.verify(stringMember(request, 'executionArn'))),
  export: async (api, request) => ({
    status: 200,
    contentType: 'application/x-ndjson',
    body: await api.exportLines(stringMember(request, 'executionArn')),
  }),
};

/**
 * The console's routes over a store and the directory of its built page (`@statefold/console`).
 * The page is `GET /` for a browser (a request that accepts HTML; other `GET /` requests stay the
 * health check) and its files `GET /assets/…`; the API is `POST /console/api/<route>` with a JSON
 * body, answered from the store's events.
 */
export function createConsoleRoutes(store: Store, assetsDirectory: string): ConsoleRoutes {
  const api = new ConsoleApi(store);
  const root = normalize(assetsDirectory);
  return {
    owns(method, path, accept) {
      if (path.startsWith(CONSOLE_API_PREFIX)) return true;
      if (method !== 'GET' && method !== 'HEAD') return false;
      if (path === '/') return accept.includes('text/html');
      return path.startsWith('/assets/') || path === '/favicon.svg';
    },
    async answer(method, path, body) {
      if (path.startsWith(CONSOLE_API_PREFIX))
        return answerApi(api, method, path.slice(CONSOLE_API_PREFIX.length), body);
      return answerFile(root, path === '/' ? '/index.html' : path);
    },
  };
}

async function answerApi(api: ConsoleApi, method: string, name: string, body: Buffer): Promise<ConsoleAnswer> {
  const route = Object.hasOwn(API_ROUTES, name) ? API_ROUTES[name] : undefined;
  if (route === undefined) return problem(404, `The console has no API route '${name}'.`);
  if (method !== 'POST') return problem(405, `The console's API answers POST only, not ${method}.`);
  let request: unknown;
  try {
    request = JSON.parse(body.toString('utf8'));
  } catch {
    return problem(400, 'The request body is not JSON.');
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request))
    return problem(400, 'The request body must be a JSON object.');
  try {
    return await route(api, request as Record<string, unknown>);
  } catch (error) {
    if (error instanceof ConsoleRequestError) return problem(error.status, error.message, error.code);
    throw error;
  }
}

async function answerFile(root: string, path: string): Promise<ConsoleAnswer> {
  const file = normalize(join(root, decodeURIComponent(path)));
  if (!file.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)) return problem(404, 'Not found.');
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    return problem(404, `The console has no file ${path}.`);
  }
  return {
    status: 200,
    contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    body: content,
    // Built file names carry a hash of their content; the page itself must be asked for each time.
    headers: { 'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache' },
  };
}

function problem(
  status: number,
  message: string,
  code = status === 404 ? 'ResourceNotFound' : 'ValidationException',
): ConsoleAnswer {
  return { status, contentType: 'application/json', body: JSON.stringify({ __type: code, message }) };
}

function stringMember(request: Readonly<Record<string, unknown>>, name: string): string {
  const value = request[name];
  if (typeof value !== 'string' || value === '')
    throw new ConsoleRequestError(400, 'ValidationException', `'${name}' must be a non-empty string.`);
  return value;
}

function numberMember(request: Readonly<Record<string, unknown>>, name: string): number {
  const value = request[name];
  if (typeof value !== 'number')
    throw new ConsoleRequestError(400, 'ValidationException', `'${name}' must be a number.`);
  return value;
}

/** The request's `Accept` header, for `owns`. */
export function acceptOf(request: IncomingMessage): string {
  const accept = request.headers.accept;
  return typeof accept === 'string' ? accept : '';
}

/** Writes a console answer. */
export function sendConsoleAnswer(response: ServerResponse, answer: ConsoleAnswer, requestId: string): void {
  if (response.destroyed || response.headersSent) return;
  response.statusCode = answer.status;
  response.setHeader('content-type', answer.contentType);
  response.setHeader('x-amzn-RequestId', requestId);
  for (const [name, value] of Object.entries(answer.headers ?? {})) response.setHeader(name, value);
  response.end(answer.body);
}
