export { FunctionLambdaInvoker, type LambdaHandler } from './function-lambda-invoker.js';
export { createInProcessLambda } from './in-process-lambda.js';
export { LambdaInvokeError } from './lambda-invoke-error.js';
export { RoutingLambdaInvoker, functionKeysOf } from './routing-lambda-invoker.js';
