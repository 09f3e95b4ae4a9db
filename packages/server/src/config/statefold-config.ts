import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JsonValue, LambdaHandler, ServiceLimits } from '@statefold/core';
import type { CannedLambdaResponse } from '../lambda/canned-lambda-invoker.js';
import type { SigV4Credentials } from '../http/sigv4-verifier.js';
import { DEFAULT_SERVER_TIMEOUTS, type ServerTimeouts } from '../http/server-timeouts.js';
import type { HttpConnection } from '../integrations/http-task.js';
import {
  checkKeys,
  endpointAt,
  type Fail,
  importFunction,
  isHttpUrl,
  messageOf,
  objectAt,
  stringsAt,
} from './config-values.js';
import { parseServices, type ServiceRouteConfig } from './services-config.js';

export { isHttpUrl };

/** How one Lambda function is answered: by an in-process handler, an HTTP endpoint, or canned responses. */
export type LambdaFunctionConfig =
  | { readonly kind: 'handler'; readonly handler: LambdaHandler; readonly source: string }
  | { readonly kind: 'endpoint'; readonly endpoint: string }
  | { readonly kind: 'responses'; readonly responses: readonly CannedLambdaResponse[] };

/** The Lambda part of the config: per-function routes (keyed by name or ARN) and a default endpoint. */
export interface LambdaConfig {
  readonly endpoint?: string;
  readonly functions: ReadonlyMap<string, LambdaFunctionConfig>;
}

/** The HTTP Task part of the config: connections by ARN and the time a request may take. */
export interface HttpConfig {
  readonly connections: ReadonlyMap<string, HttpConnection>;
  readonly timeoutSeconds?: number;
}

/** A statefold config file, validated. */
export interface StatefoldConfig {
  readonly lambda: LambdaConfig;
  /** HTTP Tasks (`arn:aws:states:::http:invoke`); absent when the file has no "http". */
  readonly http?: HttpConfig;
  /** Routes for AWS service integrations, keyed by service name or resource ARN; absent when the file has no "services". */
  readonly services?: ReadonlyMap<string, ServiceRouteConfig>;
  /** Quotas the service enforces (none when absent, as none are by default). */
  readonly limits?: ServiceLimits;
  /** When present, every request must carry a SigV4 signature made with one of these keys. */
  readonly auth?: { readonly credentials: readonly SigV4Credentials[] };
  /** How long a client may take to send a request; members left out keep `DEFAULT_SERVER_TIMEOUTS`. */
  readonly timeouts?: ServerTimeouts;
}

/** The quotas a config file may set, each a whole number of at least 0. */
export const LIMIT_NAMES = ['maxStateMachines', 'maxActivities', 'maxOpenExecutions', 'maxTagsPerResource'] as const;

/** A config file that cannot be read, parsed or validated; the message says which file and what. */
export class ConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/**
 * Loads a config file: JSON (`.json`), or an ES module (`.js`/`.mjs`) whose default export is the
 * config object (or a function returning it). The shape:
 *
 * ```json
 * { "lambda": {
 *     "endpoint": "http://127.0.0.1:3001",
 *     "functions": {
 *       "Greeter": { "module": "./greeter.mjs", "export": "handler" },
 *       "arn:aws:lambda:us-east-1:123456789012:function:Billing": { "endpoint": "http://127.0.0.1:3002" },
 *       "Flaky": { "responses": [ { "error": "TooManyRequestsException", "message": "Rate exceeded" },
 *                                 { "functionError": "Unhandled", "payload": { "errorType": "Error" } },
 *                                 { "payload": { "ok": true } } ] } } },
 *   "services": { "sqs": { "endpoint": "http://127.0.0.1:9324", "region": "us-east-1" },
 *                 "arn:aws:states:::sns:publish": { "responses": [ { "output": { "MessageId": "m-1" } } ] } },
 *   "limits": { "maxStateMachines": 10000, "maxActivities": 10000, "maxOpenExecutions": 1000000,
 *               "maxTagsPerResource": 50 },
 *   "auth": { "credentials": [ { "accessKeyId": "AKIDTEAM", "secretAccessKey": "…" } ] },
 *   "timeouts": { "headersMs": 10000, "requestMs": 30000, "bodyIdleMs": 5000 } }
 * ```
 *
 * A JS config may also give a function directly (`"Greeter": async (event) => …`). Module paths are
 * relative to the config file; modules load now, so a broken one fails here. Rejects with `ConfigError`.
 */
export async function loadConfigFile(path: string): Promise<StatefoldConfig> {
  const absolutePath = resolve(path);
  const extension = extname(absolutePath);
  let raw: unknown;
  if (extension === '.js' || extension === '.mjs') {
    let module: { readonly default?: unknown };
    try {
      module = (await import(pathToFileURL(absolutePath).href)) as { readonly default?: unknown };
    } catch (error) {
      throw new ConfigError(`Cannot load config module ${absolutePath}: ${messageOf(error)}`, { cause: error });
    }
    raw = typeof module.default === 'function' ? await (module.default as () => unknown)() : module.default;
  } else {
    let text: string;
    try {
      text = await readFile(absolutePath, 'utf8');
    } catch (error) {
      throw new ConfigError(`Cannot read config file ${absolutePath}: ${messageOf(error)}`, { cause: error });
    }
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(`Config file ${absolutePath} is not valid JSON: ${messageOf(error)}`, { cause: error });
    }
  }
  return parseConfig(raw, { source: absolutePath, baseDirectory: dirname(absolutePath) });
}

/** Validates a config value; module handlers are imported relative to `baseDirectory`. Rejects with `ConfigError`. */
export async function parseConfig(
  raw: unknown,
  where: { readonly source: string; readonly baseDirectory: string },
): Promise<StatefoldConfig> {
  const fail = (path: string, problem: string): never => {
    throw new ConfigError(`Invalid config ${where.source}: ${path} ${problem}`);
  };
  const root = objectAt(raw, 'the config', fail);
  checkKeys(root, ['lambda', 'http', 'services', 'limits', 'auth', 'timeouts'], 'the config', fail);
  const lambda = root.lambda === undefined ? {} : objectAt(root.lambda, '"lambda"', fail);
  checkKeys(lambda, ['endpoint', 'functions'], '"lambda"', fail);
  const endpoint = lambda.endpoint === undefined ? undefined : endpointAt(lambda.endpoint, 'lambda.endpoint', fail);
  const functionsRaw = lambda.functions === undefined ? {} : objectAt(lambda.functions, 'lambda.functions', fail);
  const functions = new Map<string, LambdaFunctionConfig>();
  for (const [name, entry] of Object.entries(functionsRaw)) {
    functions.set(
      name,
      await parseFunction(entry, `lambda.functions[${JSON.stringify(name)}]`, where.baseDirectory, fail),
    );
  }
  const lambdaConfig: LambdaConfig = endpoint === undefined ? { functions } : { endpoint, functions };
  return {
    lambda: lambdaConfig,
    ...(root.http === undefined ? {} : { http: parseHttp(root.http, fail) }),
    ...(root.services === undefined ? {} : { services: await parseServices(root.services, where.baseDirectory, fail) }),
    ...(root.limits === undefined ? {} : { limits: parseLimits(root.limits, fail) }),
    ...(root.auth === undefined ? {} : { auth: parseAuth(root.auth, fail) }),
    ...(root.timeouts === undefined ? {} : { timeouts: parseTimeouts(root.timeouts, fail) }),
  };
}

function parseTimeouts(raw: unknown, fail: Fail): ServerTimeouts {
  const timeouts = objectAt(raw, '"timeouts"', fail);
  const names = Object.keys(DEFAULT_SERVER_TIMEOUTS) as (keyof ServerTimeouts)[];
  checkKeys(timeouts, names, '"timeouts"', fail);
  const parsed: { -readonly [K in keyof ServerTimeouts]: number } = { ...DEFAULT_SERVER_TIMEOUTS };
  for (const name of names) {
    const value = timeouts[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      return fail(`timeouts.${name}`, 'must be a whole number of milliseconds of at least 1');
    }
    parsed[name] = value;
  }
  // node:http refuses a headers timeout longer than the whole request's.
  if (parsed.headersMs > parsed.requestMs) return fail('timeouts.headersMs', 'must not be more than requestMs');
  return parsed;
}

function parseHttp(raw: unknown, fail: Fail): HttpConfig {
  const http = objectAt(raw, '"http"', fail);
  checkKeys(http, ['connections', 'timeoutSeconds'], '"http"', fail);
  const timeoutSeconds = http.timeoutSeconds;
  if (timeoutSeconds !== undefined && (typeof timeoutSeconds !== 'number' || !(timeoutSeconds > 0)))
    return fail('http.timeoutSeconds', 'must be a number of seconds above 0');
  const connections = new Map<string, HttpConnection>();
  const entries = http.connections === undefined ? {} : objectAt(http.connections, 'http.connections', fail);
  for (const [arn, entry] of Object.entries(entries)) {
    const path = `http.connections[${JSON.stringify(arn)}]`;
    const connection = objectAt(entry, path, fail);
    checkKeys(connection, ['apiKey', 'basic', 'headers', 'queryParameters', 'bodyParameters'], path, fail);
    const parsed: { -readonly [K in keyof HttpConnection]: HttpConnection[K] } = {};
    if (connection.apiKey !== undefined) {
      const apiKey = stringsAt(connection.apiKey, ['name', 'value'], `${path}.apiKey`, fail);
      parsed.apiKey = { name: apiKey['name'] ?? '', value: apiKey['value'] ?? '' };
    }
    if (connection.basic !== undefined) {
      const basic = stringsAt(connection.basic, ['username', 'password'], `${path}.basic`, fail);
      parsed.basic = { username: basic['username'] ?? '', password: basic['password'] ?? '' };
    }
    for (const member of ['headers', 'queryParameters', 'bodyParameters'] as const) {
      const value = connection[member];
      if (value === undefined) continue;
      const record = objectAt(value, `${path}.${member}`, fail);
      parsed[member] = stringsAt(record, Object.keys(record), `${path}.${member}`, fail);
    }
    connections.set(arn, parsed);
  }
  return timeoutSeconds === undefined ? { connections } : { connections, timeoutSeconds: timeoutSeconds as number };
}

function parseAuth(raw: unknown, fail: Fail): { readonly credentials: readonly SigV4Credentials[] } {
  const auth = objectAt(raw, '"auth"', fail);
  checkKeys(auth, ['credentials'], '"auth"', fail);
  if (!Array.isArray(auth.credentials) || auth.credentials.length === 0)
    return fail('auth.credentials', 'must be a non-empty list');
  const credentials = (auth.credentials as readonly unknown[]).map((entry, index) => {
    const path = `auth.credentials[${index}]`;
    const pair = objectAt(entry, path, fail);
    checkKeys(pair, ['accessKeyId', 'secretAccessKey'], path, fail);
    const { accessKeyId, secretAccessKey } = pair;
    if (
      typeof accessKeyId !== 'string' ||
      accessKeyId === '' ||
      typeof secretAccessKey !== 'string' ||
      secretAccessKey === ''
    ) {
      return fail(path, 'must give "accessKeyId" and "secretAccessKey" as non-empty strings');
    }
    return { accessKeyId, secretAccessKey };
  });
  return { credentials };
}

function parseLimits(raw: unknown, fail: Fail): ServiceLimits {
  const limits = objectAt(raw, '"limits"', fail);
  checkKeys(limits, LIMIT_NAMES, '"limits"', fail);
  const parsed: { -readonly [K in keyof ServiceLimits]: number } = {};
  for (const name of LIMIT_NAMES) {
    const value = limits[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      return fail(`limits.${name}`, 'must be a whole number of at least 0');
    }
    parsed[name] = value;
  }
  return parsed;
}

async function parseFunction(
  entry: unknown,
  path: string,
  baseDirectory: string,
  fail: Fail,
): Promise<LambdaFunctionConfig> {
  if (typeof entry === 'function') return { kind: 'handler', handler: entry as LambdaHandler, source: path };
  const config = objectAt(entry, path, fail);
  const kinds = ['handler', 'module', 'endpoint', 'responses'].filter((key) => config[key] !== undefined);
  if (kinds.length !== 1) return fail(path, 'must have exactly one of "module", "handler", "endpoint" or "responses"');
  if (config.handler !== undefined) {
    checkKeys(config, ['handler'], path, fail);
    if (typeof config.handler !== 'function') return fail(`${path}.handler`, 'must be a function');
    return { kind: 'handler', handler: config.handler as LambdaHandler, source: path };
  }
  if (config.module !== undefined) {
    checkKeys(config, ['module', 'export'], path, fail);
    if (typeof config.module !== 'string') return fail(`${path}.module`, 'must be a path');
    if (config.export !== undefined && typeof config.export !== 'string')
      return fail(`${path}.export`, 'must be a name');
    return loadHandler(resolve(baseDirectory, config.module), config.export ?? 'handler', path, fail);
  }
  if (config.endpoint !== undefined) {
    checkKeys(config, ['endpoint'], path, fail);
    return { kind: 'endpoint', endpoint: endpointAt(config.endpoint, `${path}.endpoint`, fail) };
  }
  checkKeys(config, ['responses'], path, fail);
  if (!Array.isArray(config.responses) || config.responses.length === 0) {
    return fail(`${path}.responses`, 'must be a non-empty list');
  }
  const responses = (config.responses as readonly unknown[]).map((response, index) =>
    parseResponse(response, `${path}.responses[${index}]`, fail),
  );
  return { kind: 'responses', responses };
}

async function loadHandler(
  modulePath: string,
  exportName: string,
  path: string,
  fail: Fail,
): Promise<LambdaFunctionConfig> {
  const handler = await importFunction(modulePath, exportName, path, fail);
  return { kind: 'handler', handler: handler as LambdaHandler, source: `${modulePath}#${exportName}` };
}

function parseResponse(response: unknown, path: string, fail: Fail): CannedLambdaResponse {
  const entry = objectAt(response, path, fail);
  if (entry.error !== undefined) {
    checkKeys(entry, ['error', 'message'], path, fail);
    if (typeof entry.error !== 'string' || typeof entry.message !== 'string') {
      return fail(path, 'must give "error" and "message" as strings');
    }
    return { error: entry.error, message: entry.message };
  }
  checkKeys(entry, ['payload', 'functionError'], path, fail);
  if (!('payload' in entry)) return fail(path, 'must have "payload", or "error" and "message"');
  const payload = JSON.parse(JSON.stringify(entry.payload ?? null)) as JsonValue;
  if (entry.functionError === undefined) return { payload };
  if (typeof entry.functionError !== 'string')
    return fail(`${path}.functionError`, 'must be a string such as "Unhandled"');
  return { payload, functionError: entry.functionError };
}
