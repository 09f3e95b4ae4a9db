import type { JsonataLimits } from '../data/index.js';
import type { Store } from '../store/index.js';
import type { MockConfig } from './mock-config.js';
import type { Clock, LambdaInvoker, ServiceTaskHandler } from './ports.js';

/** What an engine is built from. Only `store` is required. */
export interface EngineOptions {
  readonly store: Store;
  readonly clock?: Clock;
  readonly lambda?: LambdaInvoker;
  /** Service integration handlers by resource ARN (`arn:aws:states:::sns:publish` …). */
  readonly services?: Readonly<Record<string, ServiceTaskHandler>>;
  readonly accountId?: string;
  readonly region?: string;
  /** Randomness for retry jitter, States.MathRandom, UUIDs and task tokens; recorded in events. */
  readonly random?: () => number;
  readonly uuid?: () => string;
  /** AWS fails an execution at 25,000 events; a benchmark may allow more. */
  readonly maxHistoryEvents?: number;
  /**
   * Called with failures of background work (a store that cannot be written, an execution the
   * engine had to fail with `States.Runtime`: an `ExecutionRunFailed`) and the execution they hit;
   * one line on stderr by default.
   */
  readonly onError?: (error: unknown, executionArn?: string) => void;
  /** The bounds of every JSONata evaluation (time, memory, value size); see `JsonataLimits`. */
  readonly jsonata?: JsonataLimits;
  /** Step Functions Local's mock configuration: answers the Tasks of executions started on a test case. */
  readonly mockConfig?: MockConfig;
}
