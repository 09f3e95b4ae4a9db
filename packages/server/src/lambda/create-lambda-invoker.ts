import { assertNever, FunctionLambdaInvoker, type LambdaInvoker, RoutingLambdaInvoker } from '@statefold/core';
import { CannedLambdaInvoker } from './canned-lambda-invoker.js';
import { HttpLambdaInvoker } from './http-lambda-invoker.js';
import { ConfigError, isHttpUrl, type LambdaConfig, type LambdaFunctionConfig } from '../config/statefold-config.js';

/** The environment variables the Lambda wiring reads. */
export interface LambdaEnvironment {
  /** Every Lambda function not named in the config goes to this Lambda Invoke API endpoint. */
  readonly LAMBDA_ENDPOINT?: string | undefined;
}

/**
 * Builds the `LambdaInvoker` the engine uses: each function named in the config gets its handler,
 * endpoint or canned responses; every other function goes to `LAMBDA_ENDPOINT` if set (it overrides
 * the config's `lambda.endpoint`), else to the config's endpoint, else fails with
 * `ResourceNotFoundException`. Throws `ConfigError` for a `LAMBDA_ENDPOINT` that is not an http(s) URL.
 */
export function createLambdaInvoker(config: LambdaConfig | undefined, environment: LambdaEnvironment): LambdaInvoker {
  const fromEnvironment = environment.LAMBDA_ENDPOINT;
  if (fromEnvironment !== undefined && fromEnvironment !== '' && !isHttpUrl(fromEnvironment)) {
    throw new ConfigError(`LAMBDA_ENDPOINT must be an http:// or https:// URL, not '${fromEnvironment}'`);
  }
  const endpoint = fromEnvironment !== undefined && fromEnvironment !== '' ? fromEnvironment : config?.endpoint;
  const routes = new Map<string, LambdaInvoker>();
  for (const [name, functionConfig] of config?.functions ?? []) routes.set(name, invokerFor(functionConfig));
  return new RoutingLambdaInvoker(routes, endpoint === undefined ? undefined : new HttpLambdaInvoker({ endpoint }));
}

function invokerFor(config: LambdaFunctionConfig): LambdaInvoker {
  switch (config.kind) {
    case 'handler':
      return new FunctionLambdaInvoker(config.handler);
    case 'endpoint':
      return new HttpLambdaInvoker({ endpoint: config.endpoint });
    case 'responses':
      return new CannedLambdaInvoker(config.responses);
    default:
      return assertNever(config);
  }
}
