import type { AddressInfo } from 'node:net';
import type { LambdaInvoker } from '@statefold/core';
import { ConfigError, loadConfigFile, type StatefoldConfig } from '../config/statefold-config.js';
import { createServer } from '../http/create-server.js';
import type { Logger } from '../http/logger.js';
import { createSigV4Verifier } from '../http/sigv4-verifier.js';
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
  const logger: Logger = {
    info: (line) => environment.stdout(`${line}\n`),
    error: (line) => environment.stderr(`${line}\n`),
  };
  let config: StatefoldConfig | undefined;
  let lambda: LambdaInvoker;
  try {
    config = options.config === undefined ? undefined : await loadConfigFile(options.config);
    lambda = createLambdaInvoker(config?.lambda, environment.variables);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logger.error(`statefold: ${error.message}`);
    return EXIT_USAGE;
  }

  let opened: OpenedService;
  try {
    opened = await (environment.openService ?? openRealService)({
      store: options.store,
      db: options.db,
      lambda,
      ...(config?.limits === undefined ? {} : { limits: config.limits }),
      ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
      onError: (error) => logger.error(`statefold: ${messageOf(error)}`),
    });
  } catch (error) {
    logger.error(`statefold: cannot start the service on the ${options.store} store: ${messageOf(error)}`);
    return EXIT_FAILURE;
  }

  const server = createServer({
    service: opened.service,
    logger,
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
    logger.error(`statefold: cannot listen on ${options.host}:${options.port}: ${messageOf(error)}`);
    await opened.close();
    return EXIT_FAILURE;
  }

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  logger.info(`statefold listening on http://${host}:${address.port} (store: ${opened.storeDescription})`);

  let signals = 0;
  let forceStop: (code: number) => void = () => undefined;
  const forced = new Promise<number>((resolve) => (forceStop = resolve));
  const stopped = new Promise<string>((resolve) => {
    const removeListener = environment.onStopSignal((signal) => {
      signals++;
      if (signals === 1) resolve(signal);
      else {
        removeListener();
        forceStop(EXIT_FAILURE);
      }
    });
  });
  const signal = await stopped;
  logger.info(`statefold: ${signal} received, stopping`);
  const graceful = (async () => {
    await server.shutdown();
    await opened.close();
    logger.info('statefold stopped');
    return EXIT_OK;
  })();
  return Promise.race([graceful, forced]);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
