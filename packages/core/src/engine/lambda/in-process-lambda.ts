import type { LambdaInvoker } from '../ports.js';
import { FunctionLambdaInvoker, type LambdaHandler } from './function-lambda-invoker.js';
import { RoutingLambdaInvoker } from './routing-lambda-invoker.js';

/**
 * The `lambda` option for Lambda functions written in JavaScript and run in this process, keyed by
 * function name or ARN (a Task's `Resource` or `FunctionName` may be the name, the full or partial
 * ARN, with or without a qualifier). A handler's result becomes the task's output through JSON; a
 * throw fails the task with the error's name as its error, as the Node.js Lambda runtime reports it.
 * A function not listed fails its task with `Lambda.ResourceNotFoundException`, as Lambda does.
 *
 * @example
 * new StepFunctions({ store, lambda: createInProcessLambda({ Charge: async (order) => ({ charged: true }) }) });
 */
export function createInProcessLambda(functions: Readonly<Record<string, LambdaHandler>>): LambdaInvoker {
  const routes = new Map<string, LambdaInvoker>();
  for (const [name, handler] of Object.entries(functions)) routes.set(name, new FunctionLambdaInvoker(handler));
  return new RoutingLambdaInvoker(routes);
}
