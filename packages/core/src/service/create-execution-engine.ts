import {
  Engine,
  type Clock,
  type ExecutionEngine,
  type LambdaInvoker,
  type MockConfig,
  type ServiceTaskHandler,
} from '../engine/index.js';
import type { JsonataLimits } from '../data/index.js';
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
  readonly uuid: () => string;
  readonly random: () => number;
  readonly maxHistoryEvents?: number;
  readonly onError?: (error: unknown, executionArn?: string) => void;
  readonly jsonata?: JsonataLimits;
  /** Step Functions Local's mock configuration, validated. */
  readonly mockConfig?: MockConfig;
}

/** Builds the engine `StepFunctions` runs executions on: the one place the service constructs it. */
export function createExecutionEngine(dependencies: ExecutionEngineDependencies): ExecutionEngine {
  return new Engine(dependencies);
}
