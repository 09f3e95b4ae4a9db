import type { StateMachineModel } from '../asl/index.js';
import type { Clock, ExecutionEngine, MockConfig } from '../engine/index.js';
import type { StateMachineRevision, Store } from '../store/index.js';
import type { ArnScope } from './arns.js';

/** Optional quotas; each is unlimited when absent (AWS's own quotas are per account and adjustable). */
export interface ServiceLimits {
  /** State machines that may exist at once (`StateMachineLimitExceeded`). */
  readonly maxStateMachines?: number;
  /** Activities that may exist at once (`ActivityLimitExceeded`). */
  readonly maxActivities?: number;
  /** Executions that may be RUNNING at once (`ExecutionLimitExceeded`). */
  readonly maxOpenExecutions?: number;
  /** Tags one resource may carry (`TooManyTags`); AWS allows 50. */
  readonly maxTagsPerResource?: number;
}

/** What every operation works with: the store, the engine, time, ids and where ARNs point. */
export interface ServiceContext {
  readonly store: Store;
  readonly engine: ExecutionEngine;
  readonly clock: Clock;
  /** Fresh UUIDs for execution names and revision ids. */
  readonly uuid: () => string;
  /** The engine's numbers in [0, 1): an alias's routing draws from it, so a seeded source pins the choice. */
  readonly random: () => number;
  /**
   * Runs `work` after every earlier call for the same state machine ARN has finished: the changes
   * to a state machine, its versions and its aliases are read-check-write sequences.
   */
  readonly exclusive: <T>(stateMachineArn: string, work: () => Promise<T>) => Promise<T>;
  readonly scope: ArnScope;
  readonly limits: ServiceLimits;
  /** Whether DescribeExecution and GetExecutionHistory answer for Express executions (AWS keeps no history of them). */
  readonly expressHistory: boolean;
  /** The parsed model of a revision (parsed once, then cached). */
  readonly modelOf: (revision: StateMachineRevision) => StateMachineModel;
  /** Step Functions Local's mock configuration, whose test cases StartExecution runs (`arn#TestCase`). */
  readonly mockConfig?: MockConfig;
}

/** The service's reading of "now" as the ISO text the store keeps. */
export function nowIso(context: ServiceContext): string {
  return context.clock.now().toISOString();
}
