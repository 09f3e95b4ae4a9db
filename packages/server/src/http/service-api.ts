import type { ActionName } from './action-input-types.js';

/** Options the server passes to an action; only `getActivityTask` uses them (its long poll). */
export interface ActionOptions {
  /** Aborted when the client disconnects or the server shuts down: the poll returns no task. */
  readonly signal?: AbortSignal;
}

// Declared as a method so that a service whose methods take their precise `<Action>Input` types
// (as `StepFunctions` does) is assignable: TypeScript compares method parameters bivariantly.
interface ActionMethodSignature {
  action(input: unknown, options?: ActionOptions): Promise<unknown>;
}

/** One API action: the `<Action>Input` object in, the `<Action>Output` object (dates as `Date`) out. */
export type ActionMethod = ActionMethodSignature['action'];

/**
 * The service the server drives, typed structurally: an object with one async method per API action,
 * named in lowerCamelCase (`startExecution` for `StartExecution`). `StepFunctions` from `@statefold/core`
 * is one. Methods throw `StepFunctionsError`s for everything a caller can cause; an action whose method
 * is missing answers `UnknownOperationException`.
 */
export type ServiceApi = { readonly [A in ActionName as Uncapitalize<A>]?: ActionMethod };

/** The service method name of an action: `StartExecution` → `startExecution`. */
export function methodNameOf<A extends ActionName>(action: A): Uncapitalize<A> {
  return (action.charAt(0).toLowerCase() + action.slice(1)) as Uncapitalize<A>;
}

/** The method for `action` on `service`, bound to it, or `undefined` when the service lacks it. */
export function findActionMethod(service: ServiceApi, action: ActionName): ActionMethod | undefined {
  const method: unknown = service[methodNameOf(action)];
  return typeof method === 'function' ? (method as ActionMethod).bind(service) : undefined;
}
