import type { JsonValue } from '../data/index.js';
import type { HistoryEvent } from './events.js';

/**
 * Facts statefold records about an event that AWS's event shape has no member for: which thread
 * it belongs to, a resolved deadline, a task token, the values drawn at random. They make replay
 * exact without re-evaluating anything. They travel beside the event, never inside it, so the API
 * hands out events exactly as AWS shapes them; stores, exports and the audit hash keep both.
 */
export interface EventFacts {
  /** The Parallel branch or Map iteration the event belongs to; absent for the main thread. */
  readonly thread?: string;
  /** When a Wait ends, or when a retry runs. */
  readonly dueAt?: string;
  /** The Retry entry a failure matched (its index in the state's `Retry`). */
  readonly retrierIndex?: number;
  /** The task token handed out with a scheduled task. */
  readonly taskToken?: string;
  /** A task's or the execution's timeout deadline. */
  readonly timeoutAt?: string;
  /** A task's heartbeat interval. */
  readonly heartbeatSeconds?: number;
  /** ExecutionStarted: who this execution is, for the context object. */
  readonly execution?: {
    readonly executionArn: string;
    readonly name: string;
    readonly stateMachineArn: string;
    readonly stateMachineName: string;
    /** The revision the execution runs (absent from histories recorded before it was a fact). */
    readonly stateMachineRevisionId?: string;
    /**
     * SHA-256 (hex) of that revision's definition text (`definitionSha256`): the audit chain's first
     * link covers it, so `verify` detects a revision row edited after the execution started.
     */
    readonly definitionSha256?: string;
    /** Present for an execution of an EXPRESS state machine (at most five minutes long). */
    readonly stateMachineType?: 'EXPRESS';
    /** Step Functions Local's mock test case the execution runs (started on `stateMachineArn#TestCase`). */
    readonly testCase?: string;
  };
  /**
   * On the event that ends a Parallel branch or a Map iteration: how it ended (the wire shape
   * does not say, and its parent needs to know).
   */
  readonly threadEnd?: { readonly output: string } | { readonly error: string; readonly cause: string };
  /** MapStateStarted: the items and the resolved limits of the Map. */
  readonly map?: {
    readonly items: readonly JsonValue[];
    readonly maxConcurrency: number;
    readonly toleratedFailureCount?: number;
    readonly toleratedFailurePercentage?: number;
  };
  /**
   * ExecutionFailed / ExecutionAborted / ExecutionTimedOut: where RedriveExecution re-enters — the
   * state the main thread was in, its input (JSON text), and for a Parallel or Map the outputs of the
   * branches or iterations that had succeeded (by index), which a redrive does not run again.
   */
  readonly redrive?: {
    readonly state: string;
    readonly input: string;
    readonly outputs?: Readonly<Record<number, string>>;
  };
  /** ParallelStateStarted / MapStateStarted after a redrive: the outputs carried over, by index (not run again). */
  readonly carried?: Readonly<Record<number, string>>;
  /** ExecutionRedriven: the `clientToken` of the RedriveExecution request, for its idempotency. */
  readonly clientToken?: string;
  /**
   * MapRunStarted: what the Distributed Map's children run on — each child execution's input
   * (items after ItemSelector and ItemBatcher), the resolved limits, and where the Map state sits
   * in the definition (the path of keys to it, from which the children's definition is read).
   */
  readonly mapRun?: {
    readonly inputs: readonly JsonValue[];
    readonly itemCount: number;
    readonly batched: boolean;
    readonly maxConcurrency: number;
    readonly toleratedFailureCount?: number;
    readonly toleratedFailurePercentage?: number;
    readonly executionType: 'STANDARD' | 'EXPRESS';
    readonly statePath: readonly (string | number)[];
  };
  /**
   * What `decide`'s env returned from `random()` (a number) and `uuid()` (a string) since the
   * previous event of the same `decide` call, in call order: States.MathRandom, States.UUID,
   * JSONata `$random()`/`$uuid()`, retry jitter and task token nonces all draw there. Replay hands
   * them back in the same order, so it reproduces every value the engine drew.
   */
  readonly draws?: readonly (number | string)[];
}

/**
 * One event of a history as statefold records it: the event exactly as the API returns it, and
 * statefold's facts about it, apart. What `decide` returns, `evolve` folds, the Store keeps and
 * replay reads.
 */
export interface RecordedEvent {
  readonly event: HistoryEvent;
  /** `NO_FACTS` (or any empty object) when the event records none. */
  readonly facts: EventFacts;
}

/** The facts of every event that records none: one frozen object, shared, so such events cost no allocation. */
export const NO_FACTS: EventFacts = Object.freeze({});

/** True when the facts hold at least one member. Pure. */
export function hasFacts(facts: EventFacts): boolean {
  for (const _key in facts) return true;
  return false;
}
