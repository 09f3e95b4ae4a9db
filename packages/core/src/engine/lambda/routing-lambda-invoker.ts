import type { JsonValue } from '../../data/index.js';
import type { LambdaInvokeResult, LambdaInvoker } from '../ports.js';
import { LambdaInvokeError } from './lambda-invoke-error.js';

// arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>] and <account>:function:<name>[:<qualifier>]
const FUNCTION_ARN = /^(?:arn:[^:]+:lambda:[^:]*:)?[^:]*:function:([^:]+)(?::([^:]+))?$/;

/**
 * The keys a function reference is known by, most specific first: the reference as written, then
 * `name:qualifier`, then `name`. `my-fn`, `my-fn:prod`, `123456789012:function:my-fn` and
 * `arn:aws:lambda:us-east-1:123456789012:function:my-fn:prod` all resolve to the function `my-fn`. Pure.
 */
export function functionKeysOf(functionName: string): readonly string[] {
  const arn = FUNCTION_ARN.exec(functionName);
  const [name, qualifier] = arn === null ? functionName.split(':', 2) : [arn[1], arn[2]];
  const keys = [functionName];
  if (name !== undefined && qualifier !== undefined) keys.push(`${name}:${qualifier}`);
  if (name !== undefined) keys.push(name);
  return [...new Set(keys)];
}

/**
 * Routes each invoke to the invoker registered for its function (by ARN or name, see
 * {@link functionKeysOf}), else to `fallback`; with neither it rejects with `ResourceNotFoundException`
 * as Lambda does for a function that does not exist.
 */
export class RoutingLambdaInvoker implements LambdaInvoker {
  readonly #routes: ReadonlyMap<string, LambdaInvoker>;
  readonly #fallback: LambdaInvoker | undefined;

  constructor(routes: ReadonlyMap<string, LambdaInvoker>, fallback?: LambdaInvoker) {
    const byKey = new Map<string, LambdaInvoker>();
    for (const [reference, invoker] of routes) {
      // The most specific key of a configured reference is its own; the shorter ones are shared.
      const [own, ...shorter] = functionKeysOf(reference);
      if (own !== undefined) byKey.set(own, invoker);
      for (const key of shorter) if (!byKey.has(key)) byKey.set(key, invoker);
    }
    this.#routes = byKey;
    this.#fallback = fallback;
  }

  invoke(request: {
    readonly functionName: string;
    readonly payload: JsonValue;
    readonly signal?: AbortSignal;
  }): Promise<LambdaInvokeResult> {
    for (const key of functionKeysOf(request.functionName)) {
      const invoker = this.#routes.get(key);
      if (invoker !== undefined) return invoker.invoke(request);
    }
    if (this.#fallback !== undefined) return this.#fallback.invoke(request);
    return Promise.reject(
      new LambdaInvokeError('ResourceNotFoundException', `Function not found: ${request.functionName}`, 404),
    );
  }
}
