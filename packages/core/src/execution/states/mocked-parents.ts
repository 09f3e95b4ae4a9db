import type { MapState, ParallelState } from '../../asl/index.js';
import type { JsonValue } from '../../data/index.js';
import type { Macrostep, StateRunners, Work } from '../macrostep.js';
import { emitEntered, finishWithResult, guardState, handleStateFailure } from '../state-flow.js';
import { prepareMap, type PreparedMap } from './map.js';
import { parallelInput } from './parallel.js';
import { STATE_RUNNERS } from './index.js';
import { withRetryAttempts } from '../execution-state.js';

/** What a TestState mock makes of the tested state's work: its result, or the error it fails with. */
export type StateMock =
  | { readonly kind: 'result'; readonly result: JsonValue }
  | { readonly kind: 'error'; readonly error: string; readonly cause?: string };

/** A mocked Map's or Parallel's outcome, and what TestState's `stateConfiguration` says of its iterations. */
export interface MockedParentOptions {
  readonly mock: StateMock;
  /** Iterations that failed (`mapIterationFailureCount`), judged against the Map's tolerated failures. */
  readonly mapIterationFailureCount?: number;
  /** What a Map's ItemReader would have read (`mapItemReaderData`). */
  readonly mapItemReaderData?: JsonValue;
  /** Retries each retrier of the state has made already (`retrierRetryCount`). */
  readonly retrierRetryCount?: number;
}

/**
 * The state runners with Map and Parallel mocked, as TestState runs them: the state's own input
 * processing runs (ItemsPath, MaxConcurrency, Arguments …) and then, instead of its iterations or
 * branches, the mock is its result or its failure, which Retry, Catch, ResultSelector, ResultPath
 * and Output handle as usual. Every other state type runs as in an execution.
 */
export function createMockedParentRunners(options: MockedParentOptions): StateRunners {
  const runMap = (macrostep: Macrostep, threadId: string, definition: MapState): Work | undefined => {
    const prepared = prepareMap(macrostep, threadId, definition, options.mapItemReaderData);
    if (prepared === undefined) return undefined;
    const failures = options.mapIterationFailureCount ?? 0;
    if (options.mock.kind === 'result' && exceedsTolerance(prepared, failures)) {
      const error = 'States.ExceedToleratedFailureThreshold';
      const cause = 'The specified tolerated failure threshold was exceeded';
      return fail(macrostep, threadId, definition, { kind: 'error', error, cause });
    }
    return finish(macrostep, threadId, definition, options.mock);
  };
  const runParallel = (macrostep: Macrostep, threadId: string, definition: ParallelState): Work | undefined => {
    parallelInput(macrostep, threadId, definition);
    return finish(macrostep, threadId, definition, options.mock);
  };
  const finish = (
    macrostep: Macrostep,
    threadId: string,
    definition: MapState | ParallelState,
    mock: StateMock,
  ): Work | undefined => {
    if (mock.kind === 'result') return finishWithResult(macrostep, threadId, definition, mock.result);
    macrostep.state = withRetryAttempts(macrostep.state, threadId, options.retrierRetryCount);
    return fail(macrostep, threadId, definition, mock);
  };
  return {
    ...STATE_RUNNERS,
    Map: {
      ...STATE_RUNNERS.Map,
      enter: (macrostep, threadId, definition, name, input) => {
        emitEntered(macrostep, threadId, definition, name, input);
        return guardState(macrostep, threadId, definition, () => runMap(macrostep, threadId, definition));
      },
      retry: runMap,
    },
    Parallel: {
      ...STATE_RUNNERS.Parallel,
      enter: (macrostep, threadId, definition, name, input) => {
        emitEntered(macrostep, threadId, definition, name, input);
        return guardState(macrostep, threadId, definition, () => runParallel(macrostep, threadId, definition));
      },
      retry: runParallel,
    },
  };
}

function fail(
  macrostep: Macrostep,
  threadId: string,
  definition: MapState | ParallelState,
  failure: Extract<StateMock, { kind: 'error' }>,
): Work | undefined {
  const failedType = definition.Type === 'Map' ? 'MapStateFailed' : 'ParallelStateFailed';
  return handleStateFailure(macrostep, threadId, definition, failure.error, failure.cause, (facts) => {
    macrostep.emit(threadId, failedType, {}, { facts });
  });
}

// Only a Map that tolerates failures is judged on a failure count: one without a threshold fails on
// its first failed iteration, which a mocked result says did not happen.
function exceedsTolerance(map: PreparedMap, failures: number): boolean {
  if (map.toleratedFailureCount !== undefined && failures > map.toleratedFailureCount) return true;
  return (
    map.toleratedFailurePercentage !== undefined &&
    map.items.length > 0 &&
    (failures / map.items.length) * 100 > map.toleratedFailurePercentage
  );
}
