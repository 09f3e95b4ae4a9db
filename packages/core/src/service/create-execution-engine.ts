// A namespace import, so that this module links even while the engine folder is incomplete;
// constructing the engine is the only thing here that needs it.
import * as engineSurface from '../engine/index.js';
import type { Clock, ExecutionEngine, LambdaInvoker, ServiceTaskHandler } from '../engine/index.js';
import type { Store } from '../store/index.js';

/** What the engine is built from: the service's store, clock and task handlers, and its account. */
export interface ExecutionEngineDependencies {
  readonly store: Store;
  readonly clock: Clock;
  readonly lambda?: LambdaInvoker;
  /** Service integration handlers by resource ARN (`arn:aws:states:::sns:publish` …). */
  readonly services?: Readonly<Record<string, ServiceTaskHandler>>;
  readonly accountId: string;
  readonly region: string;
}

/** Builds the engine `StepFunctions` runs executions on: the one place the service constructs it. */
export function createExecutionEngine(dependencies: ExecutionEngineDependencies): ExecutionEngine {
  return new engineSurface.Engine(dependencies);
}
