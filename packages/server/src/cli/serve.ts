import type { AddressInfo } from 'node:net';
import type { LambdaInvoker } from '@statefold/core';
import type { MockConfigFile } from '@statefold/core';
import { loadMockConfigFile } from '../config/mock-config-file.js';
import { ConfigError, loadConfigFile, type StatefoldConfig } from '../config/statefold-config.js';
import { consoleAssetsDirectory } from '@statefold/console';
import { createConsoleRoutes } from '../console/console-routes.js';
import { createServer } from '../http/create-server.js';
import { createLogger, type Logger } from '../http/logger.js';
import { createSigV4Verifier } from '../http/sigv4-verifier.js';
import { createHttpTask, HTTP_INVOKE_RESOURCE } from '../integrations/http-task.js';
import { createServiceRoutes } from '../integrations/service-routes.js';
import { createLambdaInvoker, type LambdaEnvironment } from '../lambda/create-lambda-invoker.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { openService as openRealService, type OpenedService, type OpenServiceOptions } from './open-service.js';
import type { ServeEnvironment, ServeOptions } from './serve-options.js';

/** What `statefold serve` touches outside itself, so that it runs in-process in tests. */
export interface ServeCommandEnvironment {
  readonly variables: ServeEnvironment & LambdaEnvironment;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Calls `stop` on each SIGTERM/SIGINT; returns a function that stops listening. */
  readonly onStopSignal: (stop: (signal: string) => void) => () => void;
  /** Builds the service; `openService` (the workspace's StepFunctions and stores) by default. */
  readonly openService?: (options: OpenServiceOptions) => Promise<OpenedService>;
}

/**
 * `statefold serve`: loads the config, opens the service on its store, listens, and resolves with
 * the exit code once a stop signal has shut it down (a second signal stops at once with exit code 1).
 */
export async function runServe(options: ServeOptions, environment: ServeCommandEnvironment): Promise<number> {
  const logger: Logger = createLogger({
    format: options.logFormat,
    level: options.logLevel,
    stdout: environment.stdout,
    stderr: environment.stderr,
  });
  let config: StatefoldConfig | undefined;
  let lambda: LambdaInvoker;
  let mockConfig: MockConfigFile | undefined;
  try {
    config = options.config === undefined ? undefined : await loadConfigFile(options.config);
    mockConfig = options.mockConfig === undefined ? undefined : await loadMockConfigFile(options.mockConfig);
    lambda = createLambdaInvoker(config?.lambda, environment.variables);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logger.error(`statefold: ${error.message}`, { event: 'config-invalid' });
    return EXIT_USAGE;
  }

  let opened: OpenedService;
  try {
    opened = await (environment.openService ?? openRealService)({
      store: options.store,
      db: options.db,
      ...(options.expressHistory === true ? { expressHistory: true } : {}),
      lambda,
      services: {
        ...createServiceRoutes(config?.services ?? new Map()),
        [HTTP_INVOKE_RESOURCE]: createHttpTask({
          connections: config?.http?.connections ?? new Map(),
          ...(config?.http?.timeoutSeconds === undefined ? {} : { timeoutMs: config.http.timeoutSeconds * 1000 }),
        }),
      },
      ...(config?.limits === undefined ? {} : { limits: config.limits }),
      ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
      ...(options.jsonataTimeoutMs === undefined ? {} : { jsonataTimeoutMs: options.jsonataTimeoutMs }),
      onError: (error, executionArn) => logExecutionFailure(logger, error, executionArn),
      ...(mockConfig === undefined ? {} : { mockConfig }),
    });
  } catch (error) {
    logger.error(`statefold: cannot start the service on the ${options.store} store: ${messageOf(error)}`, {
      event: 'start-failed',
    });
    return EXIT_FAILURE;
  }

  const server = createServer({
    service: opened.service,
    logger,
    console: createConsoleRoutes(opened.store, consoleAssetsDirectory),
    ...(config?.timeouts === undefined ? {} : { timeouts: config.timeouts }),
    ...(config?.auth === undefined
      ? {}
      : { verifyRequest: createSigV4Verifier({ credentials: config.auth.credentials }) }),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    logger.error(`statefold: cannot listen on ${options.host}:${options.port}: ${messageOf(error)}`, {
      event: 'start-failed',
    });
    await opened.close();
    return EXIT_FAILURE;
  }

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const endpoint = `http://${host}:${address.port}`;
  const resumed = opened.resumedExecutions;
  logger.info(
    `statefold listening on ${endpoint} (store: ${opened.storeDescription}; resumed ${resumed} running execution${resumed === 1 ? '' : 's'})`,
    { event: 'started', endpoint, store: opened.storeDescription, resumedExecutions: resumed },
  );

  let signals = 0;
  let forceStop: (code: number) => void = () => undefined;
  const forced = new Promise<number>((resolve) => (forceStop = resolve));
  const stopped = new Promise<string>((resolve) => {
    const removeListener = environment.onStopSignal((signal) => {
      signals++;
      if (signals === 1) resolve(signal);
      else {
        removeListener();
        logger.error(`statefold: second ${signal} received, stopping at once`, { event: 'stopped', signal });
        forceStop(EXIT_FAILURE);
      }
    });
  });
  const signal = await stopped;
  logger.info(`statefold: ${signal} received, stopping`, { event: 'stopping', signal });
  const graceful = (async () => {
    await server.shutdown();
    await opened.close();
    logger.info('statefold stopped', { event: 'stopped' });
    return EXIT_OK;
  })();
  return Promise.race([graceful, forced]);
}

// A failure of the engine's background work leaves an execution unfinished: never only in a return value.
function logExecutionFailure(logger: Logger, error: unknown, executionArn: string | undefined): void {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  logger.error(
    `statefold: execution ${executionArn ?? '(unknown)'} failed for an internal reason: ${JSON.stringify(text)}`,
    { event: 'execution-failed', ...(executionArn === undefined ? {} : { executionArn }), error: text },
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
