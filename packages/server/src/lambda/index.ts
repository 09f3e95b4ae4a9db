// The in-process invokers live in @statefold/core, where embedders find them; re-exported here so that
// '@statefold/server' keeps offering every invoker it did.
export {
  FunctionLambdaInvoker,
  LambdaInvokeError,
  RoutingLambdaInvoker,
  functionKeysOf,
  type LambdaHandler,
} from '@statefold/core';
export { CannedLambdaInvoker } from './canned-lambda-invoker.js';
export type { CannedLambdaResponse } from './canned-lambda-invoker.js';
export { createLambdaInvoker } from './create-lambda-invoker.js';
export type { LambdaEnvironment } from './create-lambda-invoker.js';
export { HttpLambdaInvoker } from './http-lambda-invoker.js';
export type { HttpLambdaInvokerOptions } from './http-lambda-invoker.js';
